import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createImportDesk,
  type ImportFile,
  ImportRejectedError,
  importIdOf,
  loadReferenceData,
  parseBundle,
  type Repositories,
  readImportFiles,
  SHIPPED_ENTITIES,
  SHIPPED_FRAMEWORKS,
} from '#core';
import { call } from '../fixtures/http.ts';
import { importBundle } from '../fixtures/import-bundle.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

type Table = Awaited<ReturnType<typeof createTokenTable>>;
const allow = async () => {};
const json = (value: unknown, name = 'bundle.json'): ImportFile[] => [
  { name, text: JSON.stringify(value, null, 2) },
];

/** A table with the shipped reference data (or only the entities named), and a count of every write request sent to it. */
async function seededTable(only?: string[]): Promise<Table & { writes: () => number }> {
  const table = await createTokenTable();
  if (only) {
    for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
    const entities = SHIPPED_ENTITIES.filter((e) => only.includes(e.id));
    await Promise.all(entities.map((e) => table.entities.create(e, { seeded: true })));
  } else await loadReferenceData(table.entities, table.frameworks);
  let writes = 0;
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (/Put|Update|Delete|BatchWrite|TransactWrite/.test(String(context.commandName))) writes++;
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  return Object.assign(table, { writes: () => writes });
}

/** Repositories whose writes fail after `budget` of them: an import cut short. */
function failingAfter(repositories: Repositories, budget: number): Repositories {
  const WRITES = new Set(['create', 'replaceMembers', 'replace', 'writeRespondent']);
  let left = budget;
  const wrap = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (WRITES.has(String(name)) && left-- <= 0) throw new Error('the lights went out');
          return value.apply(target, args);
        };
      },
    });
  return Object.fromEntries(
    Object.entries(repositories).map(([key, repository]) => [key, wrap(repository)]),
  ) as unknown as Repositories;
}

const rejected = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return (error as ImportRejectedError).importIssues;
};

let table: Awaited<ReturnType<typeof seededTable>>;
beforeAll(async () => {
  table = await seededTable();
});
afterAll(() => table.drop());

describe('a bulk import', () => {
  it('refuses a file with issues, naming each with its file, line and field, and writes nothing', async () => {
    const bundle = importBundle();
    bundle.entities.push({ id: 'bad id', kind: 'NON_STATE', names: { en: 'x' } } as never);
    bundle.entities.push({ ...bundle.entities[1] } as never); // duplicate
    bundle.memberships.BUDAPEST.push('XXX'); // unknown member
    bundle.commitments[0] = { ...bundle.commitments[0], tags: { 'nyd-2016': ['zz'] } } as never;
    (bundle.cycles[0] as Record<string, unknown>).dueAt = '2017-06-31T00:00:00Z'; // bad date
    const before = table.writes();
    const issues = await rejected(table.useCases.imports.run(json(bundle), allow));
    expect(table.writes()).toBe(before);
    const text = issues.map((i) => `${i.line} ${i.pointer} ${i.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d+ \/entities\/2\/id must be upper-case/),
        expect.stringMatching(/^\d+ \/entities\/3\/id entity NGO-IMPORT comes twice/),
        expect.stringMatching(/^\d+ \/memberships\/BUDAPEST\/2 XXX is not a UN member state/),
        expect.stringMatching(
          /^\d+ \/commitments\/0\/tags\/nyd-2016\/0 nyd-2016 has no group or item zz/,
        ),
        expect.stringMatching(/^\d+ \/cycles\/0\/dueAt must be an ISO 8601/),
      ]),
    );
    // Each issue's line is the line its element starts on in the file.
    const lines = JSON.stringify(bundle, null, 2).split('\n');
    const dup = issues.find((i) => i.pointer === '/entities/3/id');
    expect(lines[(dup?.line ?? 0) - 1]).toContain('"id": "NGO-IMPORT"');
    expect(issues.every((i) => i.file === 'bundle.json')).toBe(true);
  });

  it('writes every kind, keeps a closed cycle as it closed, and starts no workflow', async () => {
    const report = await table.useCases.imports.run(json(importBundle()), allow);
    expect(report.status).toBe('IMPORTED');
    expect(report.counts).toEqual({
      entities: { written: 2, unchanged: 0 },
      memberships: { written: 2, unchanged: 0 },
      contacts: { written: 2, unchanged: 0 },
      commitments: { written: 1, unchanged: 0 },
      cycles: { written: 2, unchanged: 0 },
      respondents: { written: 4, unchanged: 0 },
      submissions: { written: 3, unchanged: 0 },
    });
    const { repositories, workflowCalls } = table;
    expect(workflowCalls).toEqual([]);
    expect((await repositories.entities.get('BUDAPEST'))?.members).toEqual(['HUN', 'AUT']);
    expect((await repositories.entities.get('TEST-RCP'))?.members).toEqual(['FRA', 'DEU']);
    expect((await repositories.contacts.get('FRA')).items[0]?.email).toBe('fp@example.org');
    expect((await repositories.commitments.get('C-FRA-1'))?.level).toBe('NATIONAL');
    expect((await repositories.cycles.get('REVIEW-NEXT'))?.status).toBe('DRAFT');

    const cycle = await repositories.cycles.get('SURVEY-OLD');
    expect(cycle).toMatchObject({
      status: 'CLOSED',
      opensAt: '2017-06-01T00:00:00Z',
      openedAt: '2017-06-01T00:00:00Z',
      dueAt: '2017-06-26T00:00:00Z',
      closedAt: '2017-10-10T00:00:00Z',
      closingCounts: { asked: 4, responded: 3, onTime: 2, late: 1, missing: 1, accepted: 1 },
    });
    const respondents = await repositories.cycles.respondents('SURVEY-OLD');
    expect(
      Object.fromEntries(respondents.map((r) => [r.entityId, [r.status, r.missing, r.dueAt]])),
    ).toEqual({
      BUDAPEST: ['ACCEPTED', false, null],
      PRAGUE: ['NOT_STARTED', true, null],
      RABAT: ['SUBMITTED', false, '2017-07-15T00:00:00Z'],
      'TEST-RCP': ['SUBMITTED', false, null],
    });
    // Memberships as the entities stood: the new RCP's members are no respondents here, but
    // BUDAPEST's snapshot is its own; a state asked would carry the bodies it belongs to.
    expect(respondents.find((r) => r.entityId === 'RABAT')?.regions).toHaveLength(3);
    const [version] = await repositories.submissions.history('SURVEY-OLD', 'TEST-RCP');
    expect(version).toMatchObject({ submittedAt: '2017-08-01T00:00:00Z', late: true });
    expect(version?.submittedBy).toBe(`import:${report.importId}`);
  });

  it('leaves rollups equal to a recomputation, as the rollup API serves them', async () => {
    const token = await table.token('admin', { role: 'ADMIN' });
    const read = async (scope: string) => {
      const res = await call(table, 'GET', `/v1/cycles/SURVEY-OLD/rollup?scope=${scope}`, {
        token,
      });
      expect(res.status).toBe(200);
      const { computedAt: _at, ...rollup } = res.body;
      return rollup;
    };
    const imported = [await read('global'), await read('region:EUROPE')];
    expect(imported[0]).toMatchObject({ asked: 4, responded: 3, late: 1, missing: 1 });
    expect(imported[0].groups.T4.RECOMMENDATION.entities).toEqual(['TEST-RCP']);
    await table.useCases.rollups.recompute('SURVEY-OLD');
    expect([await read('global'), await read('region:EUROPE')]).toEqual(imported);
  });

  it('imported again, writes nothing at all', async () => {
    const before = table.writes();
    const report = await table.useCases.imports.run(json(importBundle()), allow);
    expect(report.status).toBe('ALREADY_IMPORTED');
    expect(table.writes()).toBe(before);
  });

  it('reports a conflict with what the table holds, and writes nothing', async () => {
    const bundle = importBundle();
    bundle.commitments[0] = { ...bundle.commitments[0], sdgTargets: ['10.7'] } as never;
    const before = table.writes();
    const issues = await rejected(table.useCases.imports.run(json(bundle), allow));
    expect(issues).toEqual([
      expect.objectContaining({
        pointer: '/commitments/0/id',
        message: expect.stringMatching(
          /commitment C-FRA-1 is in the table already with another sdgTargets/,
        ),
      }),
    ]);
    expect(table.writes()).toBe(before);
  });

  describe('POST /v1/import', () => {
    it('is the admin’s, and answers the counts', async () => {
      const bundle = { entities: [{ id: 'NGO-API', kind: 'NON_STATE', names: { en: 'x' } }] };
      const secretariat = await table.token('s', { role: 'SECRETARIAT', entityId: 'BUDAPEST' });
      expect(
        (await call(table, 'POST', '/v1/import', { token: secretariat, body: bundle })).status,
      ).toBe(403);
      const admin = await table.token('admin', { role: 'ADMIN' });
      const res = await call(table, 'POST', '/v1/import', { token: admin, body: bundle });
      expect(res.status).toBe(200);
      expect(res.body.counts.entities).toEqual({ written: 1, unchanged: 0 });
    });

    it('takes CSV files as multipart/form-data and names the line and column of each issue', async () => {
      const admin = await table.token('admin', { role: 'ADMIN' });
      const form = new FormData();
      form.append(
        'entities.csv',
        new Blob(['id,kind,names.en\nNGO-CSV,NON_STATE,A\nngo,NON_STATE,B\n']),
        'entities.csv',
      );
      const res = await table.app.request('/v1/import', {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
        body: form,
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: unknown[] };
      expect(body.errors).toEqual([
        expect.objectContaining({ file: 'entities.csv', line: 3, column: 'id' }),
      ]);
    });

    it('refuses a body over 256 KiB: larger imports go through the command line', async () => {
      const admin = await table.token('admin', { role: 'ADMIN' });
      const res = await call(table, 'POST', '/v1/import', {
        token: admin,
        body: { about: 'x'.repeat(300 * 1024) },
      });
      expect(res.status).toBe(413);
    });
  });
});

describe('an import cut short', () => {
  it('resumes where it stopped, and ends as an uninterrupted one would', async () => {
    // The entities the bundle names, and no more: a smaller table is a quicker test.
    const table = await seededTable([
      'IOM',
      'BUDAPEST',
      'RABAT',
      'PRAGUE',
      'FRA',
      'DEU',
      'HUN',
      'AUT',
    ]);
    try {
      const files = json(importBundle());
      const cut = createImportDesk(failingAfter(table.repositories, 8));
      await expect(cut.run(files, allow)).rejects.toThrow('the lights went out');
      const importId = await importIdOf(parseBundle(readImportFiles(files).raw).parsed);
      const progress = await table.repositories.imports.progress(importId);
      expect(progress?.status).toBe('RUNNING');
      const before = table.writes();
      const report = await table.useCases.imports.run(files, allow);
      expect(report).toMatchObject({ status: 'IMPORTED', resumed: true });
      // Only what was left: the batches checkpointed are not written again.
      expect(table.writes() - before).toBeLessThan(20);
      expect((await table.repositories.cycles.get('SURVEY-OLD'))?.closingCounts).toMatchObject({
        asked: 4,
        responded: 3,
      });
      expect(await table.repositories.submissions.latestVersions('SURVEY-OLD')).toHaveProperty(
        'size',
        3,
      );
      expect((await table.useCases.rollups.get('SURVEY-OLD', 'global', allow)).responded).toBe(3);
    } finally {
      await table.drop();
    }
  });
});

describe('the examples', () => {
  const folder = join(import.meta.dirname, '../../examples');
  const read = (path: string): ImportFile => ({
    name: path,
    text: readFileSync(join(folder, path), 'utf8'),
  });
  const idOf = async (files: ImportFile[]) => {
    const { raw, issues } = readImportFiles(files);
    expect(issues).toEqual([]);
    return importIdOf(parseBundle(raw).parsed);
  };

  it('hold the same rows as a JSON bundle and as CSV files, which import cleanly', async () => {
    const bundle = [read('survey-2017.json')];
    const csv = readdirSync(join(folder, 'csv')).map((name) => read(`csv/${name}`));
    // The same rows, normalised, make the same import: importing one then the other writes once.
    expect(await idOf(csv)).toBe(await idOf(bundle));
    // Beside the other tests' data: the examples touch none of it.
    const report = await table.useCases.imports.run(csv, allow);
    expect(report.counts.submissions).toEqual({ written: 27, unchanged: 0 });
    expect((await table.useCases.imports.run(bundle, allow)).status).toBe('ALREADY_IMPORTED');
    const global = await table.useCases.rollups.get('GM-2017-SURVEY', 'global', allow);
    expect(global).toMatchObject({ asked: 35, responded: 27 });
    expect(global.allGroupsCovered).toEqual(['ACP-EU', 'BUDAPEST', 'GFMD']);
  });
});
