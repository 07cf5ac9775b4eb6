/**
 * The rollups' figures for `npm run bench`, each beside a raw DynamoDB Local figure from the
 * same run: write requests and capacity per submission change, a scope's read, and the full
 * recomputation of eight closed cycles of 260 respondents (about 2,000 submitted versions).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Cycle,
  CycleInput,
  createRollupDesk,
  newRespondent,
  REGIONS,
  SHIPPED_FRAMEWORKS,
  scopesOf,
} from '#core';
import { ensureTable, LOCAL_AWS, startDynamoDbLocal } from '#local';
import {
  batchWrite,
  createDocumentClient,
  createRepositories,
  ITEM_TYPE,
  rollupKeys,
} from '#store';

const CYCLES = 8;
const STATES = 200;
const BODIES = 60;
const SUBMITTING = 250;
const TAGS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'a', 'd', 'h', 'i', 'k', 'm', 'q', 'x'];

type Summary = { runs: number; p50: number; p95: number };

export async function benchRollups(summary: (times: number[]) => Summary) {
  const db = await startDynamoDbLocal({});
  const config = { ...LOCAL_AWS, endpoint: db.endpoint };
  const admin = new DynamoDBClient(config);
  const table = 'bench-rollups';
  await ensureTable(admin, table);
  // Every request the store sends is counted, with the write capacity DynamoDB reports.
  const client = createDocumentClient(config);
  const counted = { writeRequests: 0, itemsWritten: 0, writeUnits: 0, reads: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const input = args.input as Record<string, unknown>;
      const writes = /BatchWrite|Put|Update|Delete|TransactWrite/.test(command);
      if (writes) {
        counted.writeRequests++;
        const batch = (input.RequestItems as Record<string, unknown[]> | undefined)?.[table];
        counted.itemsWritten += batch?.length ?? 1;
        input.ReturnConsumedCapacity = 'TOTAL';
      } else counted.reads++;
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown };
      const capacity = [output.ConsumedCapacity ?? []].flat() as Array<{ CapacityUnits?: number }>;
      if (writes) counted.writeUnits += capacity.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const reset = () =>
    Object.assign(counted, { writeRequests: 0, itemsWritten: 0, writeUnits: 0, reads: 0 });
  try {
    const repositories = createRepositories(client, table);
    for (const framework of SHIPPED_FRAMEWORKS) await repositories.frameworks.put(framework);
    const desk = createRollupDesk(repositories, { now: () => new Date('2027-06-01T00:00:00Z') });

    // Eight closed cycles, written straight to the table (setting up is not what is measured).
    const respondentsOf = (cycleId: string) => [
      ...Array.from({ length: STATES }, (_, i) =>
        newRespondent(cycleId, {
          entityId: `S${String(i).padStart(3, '0')}`,
          kind: 'STATE',
          regions: [REGIONS[i % 4] as (typeof REGIONS)[number]],
          memberOf: [
            `B${String(i % BODIES).padStart(2, '0')}`,
            `B${String((i * 7) % BODIES).padStart(2, '0')}`,
          ],
        }),
      ),
      ...Array.from({ length: BODIES }, (_, i) =>
        newRespondent(cycleId, {
          entityId: `B${String(i).padStart(2, '0')}`,
          kind: i % 3 === 0 ? 'IRF' : 'RCP',
          regions:
            i % 3 === 0
              ? ([REGIONS[i % 4], REGIONS[(i + 1) % 4]] as never)
              : ([REGIONS[i % 4]] as never),
          memberOf: [],
        }),
      ),
    ];
    const cycleIds = Array.from({ length: CYCLES }, (_, i) => `BENCH-${i + 1}`);
    let versions = 0;
    for (const cycleId of cycleIds) {
      const cycle: Cycle = {
        ...CycleInput.parse({
          id: cycleId,
          title: { en: cycleId },
          kind: 'CONSULTATION',
          frameworkId: 'nyd-2016',
          organiser: 'IOM',
          respondents: ['S000'],
          opensAt: '2027-01-01T00:00:00Z',
          dueAt: '2027-03-01T00:00:00Z',
        }),
        status: 'CLOSED',
        version: 3,
      };
      await repositories.cycles.create(cycle);
      const respondents = respondentsOf(cycleId).map((r, i) =>
        i < SUBMITTING
          ? {
              ...r,
              status: 'SUBMITTED' as const,
              firstSubmittedAt: '2027-02-01T00:00:00Z',
              submittedAt: '2027-02-01T00:00:00Z',
            }
          : r,
      );
      await repositories.cycles.putRespondents(respondents);
      const items = respondents.slice(0, SUBMITTING).map((r, i) => ({
        pk: `CYCLE#${cycleId}`,
        sk: `VERSION#${r.entityId}#0001`,
        type: ITEM_TYPE.submittedVersion,
        cycleId,
        entityId: r.entityId,
        number: 1,
        submittedAt: '2027-02-01T00:00:00Z',
        submittedBy: 'bench',
        late: false,
        content: {
          visibility: 'AGGREGATE_ONLY',
          entries: [
            {
              id: 'E-0000000001',
              type: 'RECOMMENDATION',
              text: 'x'.repeat(200),
              tags: [TAGS[i % TAGS.length], TAGS[(i * 3) % TAGS.length]],
            },
            {
              id: 'E-0000000002',
              type: 'PRINCIPLE',
              text: 'y'.repeat(200),
              tags: [TAGS[(i * 5) % TAGS.length]],
            },
          ],
        },
      }));
      for (let start = 0; start < items.length; start += 25) {
        await client.send(
          new BatchWriteCommand({
            RequestItems: {
              [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
            },
          }),
        );
      }
      versions += items.length;
    }

    // 1. Full recomputation: each cycle alone, then all eight at once (as `npm run rollup` does
    // with several cycles), each beside reading the same items and writing as many, raw.
    const raw = async (cycleId: string, items: number) => {
      await readPartition(client, table, `CYCLE#${cycleId}`);
      const payload = 'z'.repeat(1024);
      await batchWrite(
        client,
        table,
        Array.from({ length: items }, (_, i) => ({
          PutRequest: { Item: { pk: `RAW#${cycleId}`, sk: String(i), payload } },
        })),
      );
    };
    const perCycle: number[] = [];
    const rawPerCycle: number[] = [];
    const written = new Map<string, number>();
    for (const cycleId of cycleIds) {
      reset();
      const t0 = performance.now();
      await desk.recompute(cycleId);
      perCycle.push(performance.now() - t0);
      written.set(cycleId, counted.itemsWritten);
      const r0 = performance.now();
      await raw(cycleId, counted.itemsWritten);
      rawPerCycle.push(performance.now() - r0);
    }
    const itemsWritten = [...written.values()].reduce((a, b) => a + b, 0);
    const a0 = performance.now();
    await Promise.all(cycleIds.map((cycleId) => desk.recompute(cycleId)));
    const allSeconds = (performance.now() - a0) / 1000;
    const b0 = performance.now();
    await Promise.all(cycleIds.map((cycleId) => raw(cycleId, written.get(cycleId) ?? 0)));
    const rawAllSeconds = (performance.now() - b0) / 1000;
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

    // 2. One submission change in a closed cycle of 260: its refresh, as the stream drives it.
    const changes: Array<{
      writeRequests: number;
      writeUnits: number;
      reads: number;
      scopes: number;
      ms: number;
    }> = [];
    for (const entityId of ['S001', 'S003', 'B03', 'S150']) {
      const respondent = await repositories.cycles.respondent('BENCH-1', entityId);
      if (!respondent) throw new Error(`no respondent ${entityId}`);
      reset();
      const t0 = performance.now();
      await desk.refresh('BENCH-1', [entityId]);
      changes.push({ ...counted, scopes: scopesOf(respondent).length, ms: performance.now() - t0 });
    }

    // 3. A scope's read (one Query) beside a raw GetItem.
    const reads: number[] = [];
    const gets: number[] = [];
    for (let i = 0; i < 200; i++) {
      const scope = i % 2 === 0 ? 'global' : `region:${REGIONS[i % 4]}`;
      const t0 = performance.now();
      await repositories.rollups.get('BENCH-1', scope);
      reads.push(performance.now() - t0);
      const t1 = performance.now();
      await client.send(
        new GetCommand({ TableName: table, Key: rollupKeys.head('BENCH-1', scope) }),
      );
      gets.push(performance.now() - t1);
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      submissionChange: {
        changes,
        targetWriteRequests: 'at most the affected scopes + 1',
      },
      scopeRead: {
        query: summary(reads.slice(20)),
        rawGetItem: summary(gets.slice(20)),
        target: 'within 2x the raw GetItem',
      },
      recomputation: {
        cycles: CYCLES,
        respondentsPerCycle: STATES + BODIES,
        submittedVersions: versions,
        itemsWritten,
        perCycleMs: perCycle.map(round),
        rawPerCycleMs: rawPerCycle.map(round),
        sequentialSeconds: round(sum(perCycle) / 1000),
        rawSequentialSeconds: round(sum(rawPerCycle) / 1000),
        allAtOnceSeconds: round(allSeconds),
        rawAllAtOnceSeconds: round(rawAllSeconds),
        target: 'within 3x raw, under 10 s in all',
      },
    };
  } finally {
    client.destroy();
    admin.destroy();
    await db.stop();
  }
}

async function readPartition(
  client: ReturnType<typeof createDocumentClient>,
  table: string,
  pk: string,
) {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: startKey,
      }),
    );
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
