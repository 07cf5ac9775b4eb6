import { describe, expect, it } from 'vitest';
import {
  aggregate,
  CycleInput,
  contributionOf,
  type Entry,
  type ExportedVersion,
  GOOD_PRACTICE_CATEGORIES,
  newRespondent,
  type Respondent,
  rollupSheets,
  rollupTable,
  SHIPPED_FRAMEWORKS,
  type SubmittedVersion,
  submissionTable,
  type Table,
} from '#core';

/**
 * The export tables on a small consultation in the New York Declaration framework (T1 holds
 * items i, o, u; T4 holds a, d, h, t).
 */
const framework = SHIPPED_FRAMEWORKS.find(
  (f) => f.id === 'nyd-2016',
) as (typeof SHIPPED_FRAMEWORKS)[number];
const NOW = new Date('2027-03-15T00:00:00Z');
const cycle = {
  ...CycleInput.parse({
    id: 'SURVEY',
    title: { en: 'Survey' },
    kind: 'CONSULTATION',
    frameworkId: 'nyd-2016',
    organiser: 'IOM',
    respondents: ['FRA'],
    opensAt: '2027-01-01T00:00:00Z',
    dueAt: '2027-03-01T00:00:00Z',
  }),
  status: 'CLOSED' as const,
  version: 3,
};
const NAMES: Record<string, string> = { FRA: 'France', SEN: 'Senegal', RABAT: 'Rabat Process' };
const nameOf = (id: string) => NAMES[id];

const respondent = (entityId: string, snapshot: Partial<Respondent> = {}): Respondent => ({
  ...newRespondent('SURVEY', {
    entityId,
    kind: 'STATE',
    regions: ['EUROPE'],
    memberOf: [],
    ...snapshot,
  }),
  status: 'SUBMITTED',
  firstSubmittedAt: '2027-02-01T00:00:00Z',
  submittedAt: '2027-02-01T00:00:00Z',
});
const version = (entityId: string, entries: Entry[], number = 1): SubmittedVersion => ({
  cycleId: 'SURVEY',
  entityId,
  number,
  submittedAt: '2027-02-01T00:00:00Z',
  submittedBy: 'someone',
  late: false,
  content: { entries, visibility: 'PUBLIC_ON_PUBLISH' },
});
const recommendation = (...tags: string[]): Entry => ({
  type: 'RECOMMENDATION',
  text: 'Do.',
  tags,
});
const practice = (title: string, tags: string[], innovative = false): Entry => ({
  type: 'GOOD_PRACTICE',
  title,
  category: 'PROJECTS',
  innovative,
  piloted: [],
  criteria: [],
  tags,
});

const fra = respondent('FRA', { memberOf: ['RABAT'] });
const sen = respondent('SEN', { regions: ['AFRICA'], memberOf: ['RABAT'] });
const rabat = respondent('RABAT', { kind: 'IRF', regions: ['AFRICA', 'EUROPE'] });
const contributions = [
  // France addresses a with a recommendation and a practice: it counts once for a and T4.
  contributionOf(
    cycle,
    framework,
    fra,
    version('FRA', [recommendation('a'), practice('P', ['a'], true)]),
    NOW,
  ),
  contributionOf(cycle, framework, sen, version('SEN', [practice('Q', ['h'])]), NOW),
  contributionOf(cycle, framework, rabat, version('RABAT', [recommendation('T1')]), NOW),
];
const scopes = [
  'entity:SEN',
  'members:RABAT',
  'region:EUROPE',
  'entity:FRA',
  'global',
  'region:AFRICA',
  'entity:RABAT',
];
const rollups = scopes.map((scope) => aggregate(cycle, framework, scope, contributions, NOW));

/** A row as an object, by header. */
const record = (table: Pick<Table, 'header'>, row: Table['rows'][number] | undefined) =>
  Object.fromEntries(table.header.map((column, i) => [column, row?.[i]]));

describe('the rollup table', () => {
  const table = rollupTable(framework, rollups, nameOf);

  it('has the headline figures, then each theme followed by its elements, then practices', () => {
    expect(table.header.slice(0, 12)).toEqual([
      'scope',
      'scopeKind',
      'name',
      'asked',
      'responded',
      'responseRate',
      'onTime',
      'late',
      'overdue',
      'missing',
      'returned',
      'accepted',
    ]);
    expect(table.header.slice(12, 16)).toEqual(['T1', 'T1.i', 'T1.o', 'T1.u']);
    expect(table.header).toContain('T4.a');
    expect(table.header.slice(-9)).toEqual([
      'recurring',
      ...GOOD_PRACTICE_CATEGORIES.map((category) => `goodPractices.${category}`),
      'innovative',
    ]);
    // Six themes and 24 elements, each one column.
    expect(table.header.filter((h) => /^T\d/.test(h))).toHaveLength(30);
  });

  it('lists global first, the regions in their order, then bodies and respondents by id', () => {
    expect(table.rows.map((row) => row[0])).toEqual([
      'global',
      'region:AFRICA',
      'region:EUROPE',
      'members:RABAT',
      'entity:FRA',
      'entity:RABAT',
      'entity:SEN',
    ]);
    expect(table.rows.map((row) => row[2])).toEqual([
      'All respondents',
      'Africa',
      'Europe',
      'Rabat Process',
      'France',
      'Rabat Process',
      'Senegal',
    ]);
  });

  it('counts distinct entities per theme and element, whatever the entry type', () => {
    const global = record(table, table.rows[0]);
    expect(global).toMatchObject({
      scopeKind: 'global',
      asked: 3,
      responded: 3,
      responseRate: 1,
      T4: 2,
      'T4.a': 1,
      'T4.h': 1,
      T1: 1,
      'T1.i': 0,
      'goodPractices.PROJECTS': 2,
      innovative: 1,
    });
    const rollup = rollups.find((r) => r.scope === 'global');
    expect(global['T4.a']).toBe(
      new Set([
        ...(rollup?.items.a?.RECOMMENDATION.entities ?? []),
        ...(rollup?.items.a?.GOOD_PRACTICE.entities ?? []),
      ]).size,
    );
  });

  it('names what recurs, under the headers of its columns', () => {
    // Europe: France and Rabat asked; T4 (France) and T1 (Rabat) are each 1 of 2, not more than half.
    expect(record(table, table.rows[2]).recurring).toBe('');
    // France alone: everything it addressed recurs.
    expect(record(table, table.rows[4]).recurring).toBe('T4 T4.a');
  });
});

describe('the rollup workbook', () => {
  it('has the four sheets with the same columns, each with its kind of scope', () => {
    const sheets = rollupSheets(framework, rollups, nameOf);
    expect(sheets.map((s) => [s.name, s.rows.map((row) => row[0])])).toEqual([
      ['Global', ['global']],
      ['Regions', ['region:AFRICA', 'region:EUROPE']],
      ['Bodies', ['members:RABAT']],
      ['Respondents', ['entity:FRA', 'entity:RABAT', 'entity:SEN']],
    ]);
    for (const sheet of sheets)
      expect(sheet.header).toEqual(rollupTable(framework, [], nameOf).header);
  });

  it('keeps a sheet with its header when the caller may read no scope of its kind', () => {
    const sheets = rollupSheets(
      framework,
      rollups.filter((r) => r.scope === 'entity:FRA'),
      nameOf,
    );
    expect(sheets.map((s) => s.rows.length)).toEqual([0, 0, 0, 1]);
  });
});

describe('the submission table', () => {
  const progress: Entry = {
    type: 'COMMITMENT_PROGRESS',
    commitmentId: 'C-1',
    status: 'IN_PROGRESS',
    narrative: 'Halfway.',
    indicatorValues: [],
    partnersInvolved: [],
    evidence: ['https://example.org/a', 'https://example.org/b'],
    tags: ['a', 'h'],
  };
  const versions: ExportedVersion[] = [
    { respondent: sen, version: version('SEN', [], 2) },
    {
      respondent: fra,
      version: version('FRA', [
        {
          type: 'RECOMMENDATION',
          text: 'Do.',
          tags: ['a', 'T6'],
          id: 'E-0000000001',
          link: 'https://example.org/r',
        },
        { ...practice('Bridges', ['h'], true), id: 'E-0000000002', fromContribution: 'MOI' },
        { ...progress, id: 'E-0000000003' },
      ]),
    },
  ];
  const table = submissionTable('SURVEY', versions, nameOf);

  it('has a row per entry, respondents by id, with who answered and when', () => {
    expect(table.rows.map((row) => [row[1], row[8]])).toEqual([
      ['FRA', 'E-0000000001'],
      ['FRA', 'E-0000000002'],
      ['FRA', 'E-0000000003'],
      ['SEN', null],
    ]);
    expect(record(table, table.rows[0])).toMatchObject({
      cycleId: 'SURVEY',
      name: 'France',
      respondentKind: 'STATE',
      version: 1,
      submittedAt: '2027-02-01T00:00:00Z',
      late: false,
      visibility: 'PUBLIC_ON_PUBLISH',
    });
  });

  it('gives each entry type its columns', () => {
    expect(record(table, table.rows[0])).toMatchObject({
      type: 'RECOMMENDATION',
      tags: 'a T6',
      status: null,
      text: 'Do.',
      category: null,
      innovative: null,
      link: 'https://example.org/r',
    });
    expect(record(table, table.rows[1])).toMatchObject({
      type: 'GOOD_PRACTICE',
      text: 'Bridges',
      category: 'PROJECTS',
      innovative: true,
      fromContribution: 'MOI',
    });
    expect(record(table, table.rows[2])).toMatchObject({
      type: 'COMMITMENT_PROGRESS',
      status: 'IN_PROGRESS',
      text: 'Halfway.',
      commitmentId: 'C-1',
      link: 'https://example.org/a https://example.org/b',
    });
  });

  it('keeps a row for a version without entries, its entry columns empty', () => {
    const row = table.rows[3] ?? [];
    expect(row).toHaveLength(table.header.length);
    expect(record(table, row)).toMatchObject({
      entityId: 'SEN',
      version: 2,
      type: null,
      tags: null,
    });
  });
});
