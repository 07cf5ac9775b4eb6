import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Notice, runReviewTask, SHIPPED_FRAMEWORKS, scaledClock } from '#core';
import { LocalWorkflowEngine, REVIEW_WORKFLOW_FILE } from '#local';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/**
 * The deployed ASL under aws-local-stepfunctions, its tasks running the round against DynamoDB
 * Local, on a clock where a day passes every two seconds: waits are whole real seconds, so a
 * day must span several of them for the steps to stay apart on a loaded machine.
 */
const DAY_MS = 86_400_000;
const SECONDS_PER_DAY = 2;
const clock = scaledClock(86_400 / SECONDS_PER_DAY);
const days = (n: number) => n * SECONDS_PER_DAY * 1000;
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const delivered: Notice[] = [];
/** Cycles whose Act fails, to see retries and RecordFailure at work. */
const failingActs = new Map<string, number>();
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable({
    clock,
    delivery: {
      async deliver(notice) {
        delivered.push(notice);
        return 'SENT';
      },
    },
  });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), state('HUN', 'EUROPE'), budapest])
    await table.entities.create(entity, { seeded: true });
  await table.repositories.contacts.replace(
    'FRA',
    [{ role: 'FOCAL_POINT', name: 'Marie', email: 'marie@example.org', language: 'fr' }],
    0,
  );
});
afterAll(() => table.drop());

const engine = () =>
  LocalWorkflowEngine.load({
    file: REVIEW_WORKFLOW_FILE,
    functions: {
      ReviewTaskFunctionArn: async (payload) => {
        const { task, cycleId } = payload as { task: string; cycleId: string };
        const failures = failingActs.get(cycleId) ?? 0;
        if (task === 'act' && failures > 0) {
          failingActs.set(cycleId, failures - 1);
          throw Object.assign(new Error('the table is unreachable'), { name: 'NetworkingError' });
        }
        return runReviewTask(table.useCases.round, payload);
      },
    },
    logger,
    retryIntervalMs: 20,
  });

/** A cycle due in `dueDays` (cycle days), reminded 2 and 1 days before, escalated 1 day after. */
async function openCycle(id: string) {
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY_MS).toISOString();
  await call(table, 'POST', '/v1/cycles', {
    body: {
      id,
      title: { en: id },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'BUDAPEST',
      respondents: ['FRA', 'HUN'],
      opensAt: at(0),
      dueAt: at(3),
      reminders: { beforeDueDays: [2, 1], escalateAfterDays: [1] },
    },
  });
  expect((await call(table, 'POST', `/v1/cycles/${id}/open`)).status).toBe(200);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local engine', () => {
  it('refuses a definition with a Task it has no local function for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcm-asl-'));
    try {
      const file = join(dir, 'other.asl.json');
      const definition = JSON.parse(await readFile(REVIEW_WORKFLOW_FILE, 'utf8'));
      // A placeholder the engine was given no function for, as CDK would substitute it.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL substitution, not a template
      definition.States.Act.Parameters.FunctionName = '${SomeOtherFunctionArn}';
      await writeFile(file, JSON.stringify(definition));
      await expect(
        LocalWorkflowEngine.load({
          file,
          functions: { ReviewTaskFunctionArn: async () => ({}) },
          logger,
        }),
      ).rejects.toThrow(/Task Act has no local function .*refusing to run it against AWS/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs a round to its close, and a restart mid-round sends nothing twice', async () => {
    const workflows = await engine();
    await openCycle('LOOPED');
    await workflows.start({ cycleId: 'LOOPED', generation: 1 });
    await sleep(days(1.6)); // past the first reminder, on day 1
    await workflows.stop({ cycleId: 'LOOPED' });
    expect(workflows.running()).toEqual([]);
    const restarted = await engine();
    await restarted.start({ cycleId: 'LOOPED', generation: 1 });
    await restarted.start({ cycleId: 'LOOPED', generation: 1 }); // a second start changes nothing
    expect(restarted.running()).toEqual(['LOOPED']);
    await restarted.finished('LOOPED');

    const cycle = await table.useCases.cycles.get('LOOPED');
    expect(cycle.status).toBe('CLOSED');
    const notices = delivered.filter((n) => n.cycleId === 'LOOPED');
    expect(new Set(notices.map((n) => n.id)).size).toBe(notices.length);
    // Marie: opened, two reminders, the close; the ladder goes to the organiser, who has no contact.
    expect(notices.filter((n) => n.to === 'marie@example.org').map((n) => n.kind)).toEqual([
      'OPENED',
      'REMINDER',
      'REMINDER',
      'CLOSED',
    ]);
    expect(
      (restarted.transitions.get('LOOPED-1') ?? 0) + (workflows.transitions.get('LOOPED-1') ?? 0),
    ).toBeGreaterThan(8);
  }, 60_000);

  it('retries a failed task, and after repeated failures records them and carries on', async () => {
    const workflows = await engine();
    await openCycle('BUMPY');
    // Three failures: Act's own retries (three) absorb them. Then four: RecordFailure takes over.
    failingActs.set('BUMPY', 3);
    await workflows.start({ cycleId: 'BUMPY', generation: 1 });
    await sleep(days(1.5));
    expect((await table.repositories.rounds.state('BUMPY')).failures).toBe(0);
    failingActs.set('BUMPY', 4);
    await sleep(days(1));
    expect(await table.repositories.rounds.state('BUMPY')).toMatchObject({
      failures: 1,
      lastFailure: { error: 'NetworkingError' },
    });
    expect(workflows.running()).toEqual(['BUMPY']);
    await workflows.stop({ cycleId: 'BUMPY' });
    const { items } = await table.repositories.notices.list({ cycleId: 'BUMPY' }, { limit: 100 });
    expect(items.filter((n) => n.kind === 'WORKFLOW_FAILED')).toHaveLength(1);
  }, 60_000);
});
