/**
 * The bulk import's throughput for `npm run bench`, on its own DynamoDB Local: a generated
 * bundle of a few thousand rows (entities, memberships, contacts, commitments, two closed
 * consultations with their respondents and reports), imported whole, then imported again (a
 * no-op), beside writing as many items raw with BatchWriteItem.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createImportDesk,
  type ImportProgressEvent,
  loadReferenceData,
  UN_MEMBER_STATES,
} from '#core';
import { ensureTable, LOCAL_AWS, startDynamoDbLocal } from '#local';
import { batchWrite, createDocumentClient, createRepositories } from '#store';

const BODIES = 20;
const PARTNERS = 200;
const COMMITMENTS = 1000;
const CYCLES = 2;
const ENTRIES = 5;
const ELEMENTS = 'abcdefghijklmnopqrstuvwx';

/** A bundle shaped like a secretariat's migration, and its size in CSV rows. */
function generatedBundle() {
  const states = UN_MEMBER_STATES.map((s) => s.id);
  const bodies = Array.from({ length: BODIES }, (_, i) => `BENCH-RCP-${i + 1}`);
  const entities = [
    ...bodies.map((id, i) => ({
      id,
      kind: 'RCP',
      names: { en: `Bench process ${i + 1}` },
      regions: [['AFRICA', 'AMERICAS', 'EUROPE', 'ASIA_PACIFIC_MIDDLE_EAST'][i % 4]],
    })),
    ...Array.from({ length: PARTNERS }, (_, i) => ({
      id: `BENCH-NGO-${i + 1}`,
      kind: 'NON_STATE',
      names: { en: `Civil society organisation ${i + 1}` },
    })),
  ];
  const memberships = Object.fromEntries(
    bodies.map((id, i) => [id, states.slice(i * 9, i * 9 + 10)]),
  );
  const contacts = Object.fromEntries(
    states.map((id) => [
      id,
      [
        {
          role: 'FOCAL_POINT',
          name: `Focal point ${id}`,
          email: `fp-${id}@example.org`,
          language: 'en',
        },
      ],
    ]),
  );
  const commitments = Array.from({ length: COMMITMENTS }, (_, i) => ({
    id: `C-BENCH-${i + 1}`,
    owner: states[i % states.length],
    title: { en: `Commitment ${i + 1}` },
    tags: {
      'nyd-2016': [ELEMENTS[i % 24], ELEMENTS[(i * 7) % 24]].filter(
        (t, j, a) => a.indexOf(t) === j,
      ),
    },
    sdgTargets: ['10.7'],
  }));
  const respondents = [...states, ...bodies];
  const cycles = Array.from({ length: CYCLES }, (_, c) => ({
    id: `BENCH-SURVEY-${c + 1}`,
    title: { en: `Survey ${c + 1}` },
    kind: 'CONSULTATION',
    frameworkId: 'nyd-2016',
    organiser: 'IOM',
    status: 'CLOSED',
    respondents,
    opensAt: `${2018 + c}-03-01T00:00:00Z`,
    dueAt: `${2018 + c}-05-01T00:00:00Z`,
    closedAt: `${2018 + c}-07-01T00:00:00Z`,
  }));
  const submissions = cycles.flatMap((cycle, c) =>
    respondents
      .filter((_, i) => i % 10 !== 0)
      .map((entityId, i) => ({
        cycleId: cycle.id,
        entityId,
        submittedAt: `${2018 + c}-0${4 + (i % 3)}-15T00:00:00Z`,
        entries: Array.from({ length: ENTRIES }, (_, e) =>
          e % 2 === 0
            ? {
                type: 'RECOMMENDATION',
                text: `Recommendation ${e} of ${entityId}`,
                tags: [ELEMENTS[(i + e) % 24]],
              }
            : {
                type: 'GOOD_PRACTICE',
                title: `Practice ${e} of ${entityId}`,
                category: 'PROJECTS',
                innovative: e === 1,
                tags: [ELEMENTS[(i * 3 + e) % 24]],
              },
        ),
      })),
  );
  const rows =
    entities.length +
    Object.values(memberships).flat().length +
    Object.values(contacts).flat().length +
    commitments.length +
    cycles.length +
    cycles.length * respondents.length +
    submissions.length * ENTRIES;
  return { bundle: { entities, memberships, contacts, commitments, cycles, submissions }, rows };
}

export async function benchImport() {
  const db = await startDynamoDbLocal({});
  const config = { ...LOCAL_AWS, endpoint: db.endpoint };
  const admin = new DynamoDBClient(config);
  const table = 'bench-import';
  await ensureTable(admin, table);
  const client = createDocumentClient(config);
  const counted = { writeRequests: 0, itemsWritten: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (/BatchWrite|Put|Update|Delete|TransactWrite/.test(String(context.commandName))) {
        const input = args.input as Record<string, unknown>;
        counted.writeRequests++;
        counted.itemsWritten +=
          (input.TransactItems as unknown[] | undefined)?.length ??
          (input.RequestItems as Record<string, unknown[]> | undefined)?.[table]?.length ??
          1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  try {
    const repositories = createRepositories(client, table);
    await loadReferenceData(repositories.entities, repositories.frameworks);
    const desk = createImportDesk(repositories);
    const { bundle, rows } = generatedBundle();
    const files = [{ name: 'bench.json', text: JSON.stringify(bundle) }];
    Object.assign(counted, { writeRequests: 0, itemsWritten: 0 });
    let writingFrom = 0;
    const onProgress = (event: ImportProgressEvent) => {
      if (event.stage === 'writing' && writingFrom === 0) writingFrom = performance.now();
    };
    const t0 = performance.now();
    const report = await desk.run(files, async () => {}, { onProgress });
    const seconds = (performance.now() - t0) / 1000;
    const written = { ...counted };
    const r0 = performance.now();
    const again = await desk.run(files, async () => {});
    const againSeconds = (performance.now() - r0) / 1000;
    const w0 = performance.now();
    await batchWrite(
      client,
      table,
      Array.from({ length: written.itemsWritten }, (_, i) => ({
        PutRequest: { Item: { pk: 'RAW', sk: String(i), payload: 'z'.repeat(400) } },
      })),
    );
    const rawSeconds = (performance.now() - w0) / 1000;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      rows,
      bytes: files[0]?.text.length,
      seconds: round(seconds),
      checkingSeconds: round((writingFrom - t0) / 1000),
      rowsPerSecond: Math.round(rows / seconds),
      counts: report.counts,
      writeRequests: written.writeRequests,
      itemsWritten: written.itemsWritten,
      reimport: { status: again.status, seconds: round(againSeconds) },
      rawBatchWriteSameItemsSeconds: round(rawSeconds),
    };
  } finally {
    client.destroy();
    admin.destroy();
    await db.stop();
  }
}
