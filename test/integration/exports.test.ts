import { Logger } from '@aws-lambda-powertools/logger';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportApp } from '#api';
import { ENTRY_TYPES, type Rollup, SHIPPED_FRAMEWORKS } from '#core';
import { toXlsx } from '#exports/xlsx';
import { budapest, rabat, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

/**
 * The four exports opened with the libraries a reader would use (csv-parse, exceljs): their
 * figures are the rollup API's, their rows the submitted versions' entries, and each caller
 * sees what the API would show them. France is returned and left with an unsubmitted draft,
 * Italy only ever drafts, Germany keeps its report AGGREGATE_ONLY; the others are public.
 */
let table: Awaited<ReturnType<typeof createTokenTable>>;
let exportApp: Pick<Hono, 'request'>;
let now = new Date('2027-05-01T00:00:00Z');
const clock = { now: () => now };
const CYCLE = 'EXP-2027';
const tokens = {} as Record<'admin' | 'organiser' | 'france' | 'spain' | 'reader', string>;

beforeAll(async () => {
  table = await createTokenTable({ clock });
  exportApp = createExportApp({
    exports: table.useCases.exports,
    access: table.access,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    writeWorkbook: toXlsx,
  });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    budapest,
    rabat,
    state('FRA', 'EUROPE', 'France'),
    state('DEU', 'EUROPE', 'Germany'),
    state('ITA', 'EUROPE', 'Italy'),
    state('SEN', 'AFRICA', 'Senegal'),
  ])
    await table.entities.create(entity, { seeded: true });
  tokens.admin = await table.token('admin', { role: 'ADMIN' });
  tokens.organiser = await table.token('bp', { role: 'SECRETARIAT', entityId: 'BUDAPEST' });
  tokens.france = await table.token('fr', { role: 'FOCAL_POINT', entityId: 'FRA' });
  tokens.spain = await table.token('es', { role: 'FOCAL_POINT', entityId: 'ESP' });
  tokens.reader = await table.token('someone', { role: 'READER' });
  const admin = { token: tokens.admin };
  const created = await call(table, 'POST', '/v1/cycles', {
    ...admin,
    body: {
      id: CYCLE,
      title: { en: 'Exports' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'BUDAPEST',
      respondents: ['FRA', 'DEU', 'ITA', 'SEN', 'RABAT'],
      opensAt: '2027-04-01T00:00:00Z',
      dueAt: '2027-06-01T00:00:00Z',
    },
  });
  expect(created.status).toBe(201);
  await call(table, 'POST', `/v1/cycles/${CYCLE}/open`, admin);
  const path = (id: string) => `/v1/cycles/${CYCLE}/submissions/${id}`;
  const draft = (id: string, entries: unknown[], visibility = 'PUBLIC_ON_PUBLISH', ifMatch = '') =>
    call(table, 'PUT', path(id), {
      ...admin,
      ...(ifMatch && { ifMatch }),
      body: { entries, visibility },
    });
  const submit = async (id: string, entries: unknown[], visibility?: string) => {
    await draft(id, entries, visibility);
    expect((await call(table, 'POST', `${path(id)}/submit`, admin)).status).toBe(200);
  };
  await submit('FRA', [
    { type: 'RECOMMENDATION', text: 'Cheaper remittances, 3 % at most', tags: ['h'] },
    { type: 'PRINCIPLE', text: '=1+1 is text, not a formula', tags: ['T1', 'i'] },
  ]);
  await submit('SEN', []);
  await submit('RABAT', [
    {
      type: 'GOOD_PRACTICE',
      title: 'Valorisation des compétences',
      category: 'PROJECTS',
      innovative: true,
      tags: ['w', 'h'],
    },
  ]);
  await draft('ITA', [{ type: 'RECOMMENDATION', text: 'Never submitted', tags: ['a'] }]);
  // France is returned, and its next draft is never submitted: the export keeps version 1.
  await call(table, 'POST', `${path('FRA')}/review`, {
    ...admin,
    body: { decision: 'RETURN', comment: 'More, please.' },
  });
  const returned = await call(table, 'GET', path('FRA'), admin);
  await draft(
    'FRA',
    [{ type: 'RECOMMENDATION', text: 'A draft only', tags: ['a'] }],
    'PUBLIC_ON_PUBLISH',
    `"${returned.body.version}"`,
  );
  now = new Date('2027-06-05T00:00:00Z');
  await submit('DEU', [{ type: 'RECOMMENDATION', text: 'Quietly', tags: ['a'] }], 'AGGREGATE_ONLY');
  now = new Date('2027-06-10T00:00:00Z');
  // Closing computes the rollups (no stream runs here).
  expect((await call(table, 'POST', `/v1/cycles/${CYCLE}/close`, admin)).status).toBe(200);
});
afterAll(() => table.drop());

const files = {
  rollupCsv: `/v1/cycles/${CYCLE}/rollup.csv`,
  rollupXlsx: `/v1/cycles/${CYCLE}/rollup.xlsx`,
  submissionsCsv: `/v1/cycles/${CYCLE}/submissions.csv`,
  submissionsXlsx: `/v1/cycles/${CYCLE}/submissions.xlsx`,
};

/** The raw response: workbooks are bytes, not text. */
async function download(path: string, token?: string, app: Pick<Hono, 'request'> = table.app) {
  const response = await app.request(path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: await response.arrayBuffer(),
  };
}

/** A CSV file's header and rows, as strings. */
async function csv(path: string, token?: string) {
  const file = await download(path, token);
  expect(file.status, new TextDecoder().decode(file.bytes)).toBe(200);
  const [header = [], ...rows] = parse(new TextDecoder().decode(file.bytes), {
    bom: true,
  }) as string[][];
  return { header, rows };
}

/** A workbook's sheets, each as a header and rows of cell values (null for an empty cell). */
async function xlsx(path: string, token?: string, app?: Pick<Hono, 'request'>) {
  const file = await download(path, token, app);
  expect(file.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      rows.push(
        Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null),
      );
    });
    const [header = [], ...body] = rows;
    return { name: sheet.name, header: header as string[], rows: body };
  });
}

/** What a CSV cell says for a workbook cell. */
const asCsv = (value: unknown) =>
  value === null ? '' : typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);

const rollupOf = async (scope: string, token: string): Promise<Rollup> => {
  const res = await call(table, 'GET', `/v1/cycles/${CYCLE}/rollup?scope=${scope}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};

/** Distinct entities that addressed a theme (`T4`) or element (`T4.a`), any entry type, per the API. */
const addressed = (rollup: Rollup, header: string) => {
  const [group = '', item] = header.split('.');
  const counts = item ? rollup.items[item] : rollup.groups[group];
  return new Set(ENTRY_TYPES.flatMap((type) => counts?.[type].entities ?? [])).size;
};
const HEADLINE = [
  'asked',
  'responded',
  'responseRate',
  'onTime',
  'late',
  'overdue',
  'missing',
  'returned',
  'accepted',
] as const;

describe('the rollup exports', () => {
  it('hold the rollup API’s figures for every scope the organiser may read', async () => {
    const { header, rows } = await csv(files.rollupCsv, tokens.organiser);
    const scopes = await call(table, 'GET', `/v1/cycles/${CYCLE}/rollup/scopes`, {
      token: tokens.organiser,
    });
    expect(rows.map((row) => row[0]).sort()).toEqual(
      scopes.body.items.map((s: { scope: string }) => s.scope).sort(),
    );
    const parts = header.filter((h) => /^T\d(\.\w+)?$/.test(h));
    expect(parts).toHaveLength(30);
    for (const row of rows) {
      const cell = (column: string) => row[header.indexOf(column)];
      const rollup = await rollupOf(row[0] as string, tokens.organiser);
      for (const figure of HEADLINE)
        expect(cell(figure), `${row[0]} ${figure}`).toBe(asCsv(rollup[figure]));
      for (const part of parts)
        expect(cell(part), `${row[0]} ${part}`).toBe(String(addressed(rollup, part)));
      expect(cell('goodPractices.PROJECTS')).toBe(String(rollup.goodPractices.PROJECTS?.count));
    }
    const global = rows.find((row) => row[0] === 'global') ?? [];
    expect(global[header.indexOf('asked')]).toBe('5');
    expect(global[header.indexOf('T4.h')]).toBe('2');
  });

  it('put each kind of scope on its own sheet of the workbook, with the CSV’s values', async () => {
    const { header, rows } = await csv(files.rollupCsv, tokens.organiser);
    const sheets = await xlsx(files.rollupXlsx, tokens.organiser);
    expect(sheets.map((s) => [s.name, s.rows.map((row) => row[0])])).toEqual([
      ['Global', ['global']],
      ['Regions', ['region:AFRICA', 'region:EUROPE', 'region:ASIA_PACIFIC_MIDDLE_EAST']],
      ['Bodies', ['members:RABAT']],
      ['Respondents', ['entity:DEU', 'entity:FRA', 'entity:ITA', 'entity:RABAT', 'entity:SEN']],
    ]);
    for (const sheet of sheets) expect(sheet.header).toEqual(header);
    const cells = sheets.flatMap((s) => s.rows);
    expect(cells.map((row) => row.map(asCsv))).toEqual(rows);
    // Figures are numbers a spreadsheet can sum.
    expect(typeof cells[0]?.[header.indexOf('responseRate')]).toBe('number');
  });

  it('give a respondent its own scope only', async () => {
    const { rows } = await csv(files.rollupCsv, tokens.france);
    expect(rows.map((row) => row[0])).toEqual(['entity:FRA']);
    const sheets = await xlsx(files.rollupXlsx, tokens.france);
    expect(sheets.map((s) => s.rows.length)).toEqual([0, 0, 0, 1]);
  });
});

describe('the submission exports', () => {
  it('have a row per entry of each latest submitted version, never a draft', async () => {
    const { header, rows } = await csv(files.submissionsCsv, tokens.organiser);
    const column = (name: string) => header.indexOf(name);
    expect(rows.map((row) => [row[column('entityId')], row[column('type')]])).toEqual([
      ['DEU', 'RECOMMENDATION'],
      ['FRA', 'RECOMMENDATION'],
      ['FRA', 'PRINCIPLE'],
      ['RABAT', 'GOOD_PRACTICE'],
      ['SEN', ''],
    ]);
    const history = await call(table, 'GET', `/v1/cycles/${CYCLE}/submissions/FRA/history`, {
      token: tokens.organiser,
    });
    const submitted = history.body.items.at(-1);
    expect(rows.filter((row) => row[1] === 'FRA').map((row) => row[column('entryId')])).toEqual(
      submitted.content.entries.map((e: { id: string }) => e.id),
    );
    const record = (row: string[] = []) =>
      Object.fromEntries(header.map((name, i) => [name, row[i]]));
    expect(record(rows[0])).toMatchObject({
      name: 'Germany',
      respondentKind: 'STATE',
      version: '1',
      late: 'TRUE',
      visibility: 'AGGREGATE_ONLY',
    });
    expect(record(rows[1])).toMatchObject({ version: '1', late: 'FALSE', tags: 'h' });
    expect(record(rows[2])).toMatchObject({ text: "'=1+1 is text, not a formula", tags: 'T1 i' });
    expect(record(rows[3])).toMatchObject({
      name: 'Rabat Process',
      text: 'Valorisation des compétences',
      category: 'PROJECTS',
      innovative: 'TRUE',
      tags: 'w h',
    });
  });

  it('have the same rows in the workbook, text never turned into a formula', async () => {
    const { header, rows } = await csv(files.submissionsCsv, tokens.organiser);
    const [sheet, ...others] = await xlsx(files.submissionsXlsx, tokens.organiser);
    expect(others).toEqual([]);
    expect(sheet?.name).toBe('Submissions');
    expect(sheet?.header).toEqual(header);
    expect(sheet?.rows[2]?.[header.indexOf('text')]).toBe('=1+1 is text, not a formula');
    expect(
      sheet?.rows.map((row) =>
        row.map((cell, i) => (i === header.indexOf('text') ? '' : asCsv(cell))),
      ),
    ).toEqual(rows.map((row) => row.map((cell, i) => (i === header.indexOf('text') ? '' : cell))));
  });

  it('give a respondent its own rows only', async () => {
    const { rows } = await csv(files.submissionsCsv, tokens.france);
    expect(rows.map((row) => row[1])).toEqual(['FRA', 'FRA']);
  });
});

describe('who may export before publication', () => {
  it('no one anonymous (401), no one without a part in the cycle (403)', async () => {
    for (const path of Object.values(files)) {
      expect((await download(path)).status, path).toBe(401);
      expect((await download(path, tokens.spain)).status, path).toBe(403);
      expect((await download(path, tokens.reader)).status, path).toBe(403);
    }
  });

  it('answers files to save, named after the cycle', async () => {
    const rollup = await download(files.rollupCsv, tokens.admin);
    expect(rollup.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(rollup.headers.get('content-disposition')).toBe(
      `attachment; filename="${CYCLE}-rollup.csv"`,
    );
    const workbook = await download(files.submissionsXlsx, tokens.admin);
    expect(workbook.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(workbook.headers.get('content-disposition')).toBe(
      `attachment; filename="${CYCLE}-submissions.xlsx"`,
    );
  });
});

describe('the export function’s app', () => {
  it('serves the workbooks as the API does, and nothing else', async () => {
    expect(await xlsx(files.rollupXlsx, tokens.organiser, exportApp)).toEqual(
      await xlsx(files.rollupXlsx, tokens.organiser),
    );
    expect((await download(files.submissionsXlsx, undefined, exportApp)).status).toBe(401);
    expect((await download(files.submissionsXlsx, tokens.spain, exportApp)).status).toBe(403);
    expect((await download(files.rollupCsv, tokens.organiser, exportApp)).status).toBe(404);
  });
});

describe('once the cycle is published', () => {
  beforeAll(async () => {
    const published = await call(table, 'POST', `/v1/cycles/${CYCLE}/publish`, {
      token: tokens.organiser,
    });
    expect(published.status).toBe(200);
  });

  it('anyone reads every scope’s figures', async () => {
    const { rows } = await csv(files.rollupCsv);
    expect(rows).toHaveLength(10);
    const sheets = await xlsx(files.rollupXlsx);
    expect(sheets.map((s) => s.rows.length)).toEqual([1, 3, 1, 5]);
  });

  it('anyone reads the PUBLIC_ON_PUBLISH submissions, never an AGGREGATE_ONLY one', async () => {
    for (const token of [undefined, tokens.spain]) {
      const { rows } = await csv(files.submissionsCsv, token);
      expect(rows.map((row) => row[1])).toEqual(['FRA', 'FRA', 'RABAT', 'SEN']);
      const [sheet] = await xlsx(files.submissionsXlsx, token);
      expect(sheet?.rows.map((row) => row[1])).toEqual(['FRA', 'FRA', 'RABAT', 'SEN']);
    }
  });

  it('the organiser still reads them all', async () => {
    const { rows } = await csv(files.submissionsCsv, tokens.organiser);
    expect(rows.map((row) => row[1])).toEqual(['DEU', 'FRA', 'FRA', 'RABAT', 'SEN']);
  });
});
