/**
 * `npm run bench`: the figures the platform promises, measured on this machine.
 *   - start-up to ready (`npm start`), first start (empty database: seeding included) and restart;
 *   - GET /v1/entities/{id} p95 and the 193-state listing, each beside raw DynamoDB Local calls;
 *   - the review workflow: `npm run demo` wall time (target under a minute) and the state
 *     transitions one cycle costs, by length and reminder steps (the ASL's loop run over the
 *     core's own planning functions);
 *   - rollups: write requests and capacity per submission change, a scope's read, the full
 *     recomputation of 8 closed cycles of 260 respondents (scripts/bench-rollups.ts);
 *   - bulk import: rows per second for a generated bundle of about 4,000 rows
 *     (scripts/bench-import.ts);
 *   - `npm test` wall time (skip with --skip-tests).
 * Targets: start < 15 s, entity p95 < 20 ms, listing < 200 ms, demo < 60 s, npm test < 5 min.
 * Results are printed and written to bench-results/latest.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Cycle,
  CycleInput,
  closesAt,
  dueSteps,
  newRespondent,
  planNext,
  type Respondent,
} from '#core';
import { freePort, LOCAL_AWS } from '#local';
import { createDocumentClient, entityKeys, TABLE } from '#store';
import { benchImport } from './bench-import.ts';
import { benchRollups } from './bench-rollups.ts';

const { values } = parseArgs({ options: { 'skip-tests': { type: 'boolean', default: false } } });
const ROOT = new URL('..', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  apiUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  seconds: number;
}

/** Runs `node scripts/start.ts` as a newcomer would and times it until it says it is ready. */
async function start(args: string[]): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['scripts/start.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const seconds = (performance.now() - began) / 1000;
  const dynamo = /DynamoDB Local (\S+) \(table (\S+),/.exec(output);
  if (!dynamo?.[1] || !dynamo[2]) throw new Error(`could not read the start banner:\n${output}`);
  const health = await fetch(`http://localhost:${port}/health`);
  if (health.status !== 200) throw new Error('not healthy after start');
  return {
    child,
    apiUrl: `http://localhost:${port}`,
    dynamoEndpoint: dynamo[1],
    tableName: dynamo[2],
    seconds,
  };
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGINT');
  await exited;
}

/** Runs `fn` `runs` times after `warmup` discarded runs; returns milliseconds per run. */
async function sample(runs: number, fn: () => Promise<unknown>, warmup = 100): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    await fn();
    times.push(performance.now() - began);
  }
  return times;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    runs: times.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** A reader's bearer token from the runtime's development identity provider. */
async function readerToken(apiUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${apiUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'bench', role: 'READER' }),
  });
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

async function ok(response: Promise<Response>): Promise<void> {
  const res = await response;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  await res.arrayBuffer();
}

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

// 1. Start-up: a first start on an empty database, then a restart on the data it left.
const dataDir = mkdtempSync(join(tmpdir(), 'gcm-bench-'));
try {
  const first = await start(['--data-dir', dataDir]);
  await stop(first);
  const restart = await start(['--data-dir', dataDir]);
  results.startup = {
    firstStartSeconds: first.seconds,
    restartSeconds: restart.seconds,
    targetSeconds: 15,
  };

  // 2. Latency, against the restarted system, beside raw DynamoDB Local calls from the same run.
  const client = createDocumentClient({ ...LOCAL_AWS, endpoint: restart.dynamoEndpoint });
  const table = restart.tableName;
  // Every API call carries a verified token and resolves the caller's grants, as in production.
  const headers = await readerToken(restart.apiUrl);
  const ids = ['FRA', 'SEN', 'BRA', 'JPN', 'BUDAPEST', 'RABAT', 'ACP-EU', 'GFMD'];
  let n = 0;
  const nextId = () => ids[n++ % ids.length];
  results.getEntity = {
    api: summary(
      await sample(500, () => ok(fetch(`${restart.apiUrl}/v1/entities/${nextId()}`, { headers }))),
    ),
    rawGetItem: summary(
      await sample(500, () =>
        client.send(
          new GetCommand({
            TableName: table,
            Key: entityKeys.item(nextId() as string),
            ConsistentRead: true,
          }),
        ),
      ),
    ),
    targetP95Ms: 20,
  };
  results.listStates = {
    api: summary(
      await sample(
        50,
        () => ok(fetch(`${restart.apiUrl}/v1/entities?kind=STATE&limit=500`, { headers })),
        5,
      ),
    ),
    rawQuery: summary(
      await sample(
        50,
        () =>
          client.send(
            new QueryCommand({
              TableName: table,
              IndexName: TABLE.byCollection.indexName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': TABLE.byCollection.partitionKey },
              ExpressionAttributeValues: { ':pk': entityKeys.kindPartition('STATE') },
            }),
          ),
        5,
      ),
    ),
    targetMs: 200,
  };
  client.destroy();
  await stop(restart);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

// 3. The review workflow: the demo, as a newcomer runs it, and what a cycle costs in transitions.
{
  const began = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['scripts/demo.ts'], { cwd: ROOT, stdio: 'ignore' });
    child.once('exit', resolve);
  });
  const demo = JSON.parse(readFileSync(join(ROOT, 'demo-output/summary.json'), 'utf8'));
  results.reviewWorkflow = {
    demo: {
      seconds: (performance.now() - began) / 1000,
      exitCode: code,
      stateTransitions: demo.stateTransitions,
      targetSeconds: 60,
    },
    transitionsPerCycle: [
      transitions(30, [7, 1], [3, 10]),
      transitions(90, [30, 7, 1], [3, 10]),
      transitions(90, [30, 14, 7, 3, 1], [3, 10, 20]),
      transitions(180, [30, 7, 1], [3, 10]),
      transitions(300, [30, 7, 1], [3, 10, 30]),
    ],
  };
}

/**
 * The states one execution enters for a cycle due `dueDays` after opening, whose respondents
 * never submit (the most steps): each look is PlanNext, the choice, Wait and Act; the end is
 * PlanNext, the choice and Succeed. The loop runs the core's planning functions, as the tasks do.
 */
function transitions(dueDays: number, beforeDueDays: number[], escalateAfterDays: number[]) {
  const opened = new Date('2027-01-01T00:00:00.000Z');
  const cycle: Cycle = {
    ...CycleInput.parse({
      id: 'BENCH',
      title: { en: 'Bench' },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      respondents: ['FRA'],
      opensAt: opened.toISOString(),
      dueAt: new Date(opened.getTime() + dueDays * 86_400_000).toISOString(),
      reminders: { beforeDueDays, escalateAfterDays },
    }),
    status: 'OPEN',
    version: 2,
    openedAt: opened.toISOString(),
  };
  const respondent: Respondent = {
    ...newRespondent('BENCH', {
      entityId: 'FRA',
      kind: 'STATE',
      regions: ['EUROPE'],
      memberOf: [],
    }),
    stepsDone: [],
  };
  let now = opened;
  let looks = 0;
  let steps = 0;
  for (;;) {
    const plan = planNext(cycle, [respondent], now);
    if (!plan.wakeAt) break;
    looks++;
    now = plan.wakeAt;
    if (now >= closesAt(cycle, [respondent])) {
      cycle.status = 'CLOSED';
      continue;
    }
    const { due, skipped } = dueSteps(cycle, respondent, now);
    steps += due.length;
    respondent.stepsDone = [
      ...(respondent.stepsDone ?? []),
      ...[...due, ...skipped].map((s) => s.key),
    ];
  }
  const spanDays = Math.round((now.getTime() - opened.getTime()) / 86_400_000);
  const states = 4 * looks + 3;
  return {
    dueDays,
    beforeDueDays,
    escalateAfterDays,
    spanDays,
    steps,
    looks,
    stateTransitions: states,
    // Standard workflows: USD 0.025 per 1,000 state transitions (us-east-1, 2026).
    costUsd: Math.round(states * 0.025) / 1000,
  };
}

// 4. Rollups, on their own DynamoDB Local.
results.rollups = await benchRollups(summary);

// 5. Bulk import, on its own DynamoDB Local: rows per second.
results.import = await benchImport();

// 6. The test suite, as CI runs it.
if (!values['skip-tests']) {
  const began = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('npm', ['test', '--silent'], { cwd: ROOT, stdio: 'ignore' });
    child.once('exit', resolve);
  });
  results.npmTest = {
    seconds: (performance.now() - began) / 1000,
    exitCode: code,
    targetSeconds: 300,
  };
}

mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
