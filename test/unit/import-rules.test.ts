import { describe, expect, it } from 'vitest';
import {
  checkImport,
  type Entity,
  type ImportFile,
  type ImportIssue,
  parseBundle,
  readImportFiles,
  SHIPPED_ENTITIES,
  SHIPPED_FRAMEWORKS,
  type TableView,
} from '#core';
import { importBundle } from '../fixtures/import-bundle.ts';

/** The table as the reference data leaves it, and nothing else. */
const shipped = (): TableView => ({
  entities: new Map(
    SHIPPED_ENTITIES.map((e): [string, Entity] => [e.id, { ...e, version: 1, seeded: true }]),
  ),
  frameworks: SHIPPED_FRAMEWORKS,
  commitments: new Map(),
  cycles: new Map(),
  contacts: new Map(),
  respondents: new Map(),
  submissions: new Map(),
  now: new Date('2026-01-01T00:00:00Z'),
});

/** Reads, parses and checks files: every issue, and the plan. */
function check(files: ImportFile[], view: TableView = shipped()) {
  const read = readImportFiles(files);
  const { parsed, issues } = parseBundle(read.raw);
  const all: ImportIssue[] = [...read.issues, ...issues];
  const plan = checkImport(parsed, view, 'I-TEST', all);
  return { plan, issues: all, parsed };
}
const json = (bundle: unknown) => [{ name: 'b.json', text: JSON.stringify(bundle, null, 2) }];
const where = (issues: ImportIssue[]) =>
  issues.map((i) => `${i.file}:${i.line ?? '-'} ${i.column ?? i.pointer ?? '-'} ${i.message}`);

describe('CSV files', () => {
  it('read each cell by its column: lists, codes, booleans, bare dates, tags, languages', () => {
    const { parsed, issues } = check([
      {
        name: 'commitments.csv',
        text: 'id,owner,title.en,title.fr,tags,sdgTargets\nC-1,FRA,Remittances,Envois,nyd-2016:h gcm-2018:20,10.c;10.7\n',
      },
      {
        name: 'cycles.csv',
        text: 'id,title.en,kind,frameworkId,organiser,status,opensAt,dueAt,reminders.beforeDueDays\nR-1,Round,REVIEW,gcm-2018,BUDAPEST,DRAFT,2030-01-01,2030-02-01,7 1\n',
      },
      { name: 'respondents.csv', text: 'cycleId,entityId\nR-1,FRA\nR-1,HUN\n' },
    ]);
    expect(issues).toEqual([]);
    expect(parsed.commitments[0]?.value).toMatchObject({
      title: { en: 'Remittances', fr: 'Envois' },
      tags: { 'nyd-2016': ['h'], 'gcm-2018': ['20'] },
      sdgTargets: ['10.c', '10.7'],
    });
    expect(parsed.cycles[0]?.value).toMatchObject({
      opensAt: '2030-01-01T00:00:00Z',
      reminders: { beforeDueDays: [7, 1], escalateAfterDays: [3, 10] },
      respondents: ['FRA', 'HUN'],
    });
  });

  it('name the line a row starts on, past blank lines and cells that span lines', () => {
    const text =
      'id,kind,names.en\n\nNGO-A,NON_STATE,"Two\nlines"\n,,\nngo-b,NON_STATE,B\nNGO-C,NGO,C\n';
    expect(where(check([{ name: 'entities.csv', text }]).issues)).toEqual([
      'entities.csv:6 id must be upper-case letters and digits, words joined by single hyphens',
      expect.stringMatching(/^entities\.csv:7 kind Invalid option/),
    ]);
  });

  it('name unknown and missing columns, and files named for no kind', () => {
    const { issues } = check([
      { name: 'entities.csv', text: 'id,kind,colour\nNGO-A,NON_STATE,red\n' },
      { name: 'people.csv', text: 'a\n1\n' },
    ]);
    expect(where(issues)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entities\.csv:1 colour unknown column; entities\.csv has id, kind/),
        'entities.csv:1 names.en this column is required',
        expect.stringMatching(/^people\.csv:- - a CSV file is named for what it holds/),
        'entities.csv:2 names.en must have an "en" text',
      ]),
    );
  });

  it('make one submission of its rows, one per entry, whose own columns must agree', () => {
    const cycles =
      'id,title.en,kind,frameworkId,organiser,status,opensAt,dueAt,closedAt\nS-1,Survey,CONSULTATION,nyd-2016,IOM,CLOSED,2017-06-01,2017-06-26,2017-10-10\n';
    const respondents =
      'cycleId,entityId,dueAt\nS-1,BUDAPEST,\nS-1,RABAT,2017-07-01\nS-2,PRAGUE,\n';
    const submissions = [
      'cycleId,entityId,submittedAt,type,text,title,category,innovative,tags',
      'S-1,BUDAPEST,2017-06-20,RECOMMENDATION,Protect rights,,,,i T1',
      'S-1,BUDAPEST,2017-06-21,GOOD_PRACTICE,,Silk Routes,PROJECTS,yes,x',
      'S-1,RABAT,2017-06-30,PRINCIPLE,Shared responsibility,,,,zz',
    ].join('\n');
    const { issues, plan } = check([
      { name: 'cycles.csv', text: cycles },
      { name: 'respondents.csv', text: respondents },
      { name: 'submissions.csv', text: submissions },
    ]);
    expect(where(issues)).toEqual([
      'respondents.csv:4 cycleId there is no cycle S-2 in cycles.csv: respondents come with their cycle',
      'submissions.csv:3 submittedAt differs from line 2, the first row of this submission',
      'submissions.csv:4 tags nyd-2016 has no group or item zz',
    ]);
    const budapest = plan.submissions[0]?.item;
    expect(budapest?.submission?.entries.map((e) => e.type)).toEqual([
      'RECOMMENDATION',
      'GOOD_PRACTICE',
    ]);
    expect(budapest?.submission?.entries[1]).toMatchObject({ innovative: true, tags: ['x'] });
  });
});

describe('a JSON bundle', () => {
  it('names the line of each element, and of a syntax error', () => {
    const bundle = {
      entities: [{ id: 'NGO-A', kind: 'NON_STATE', names: { en: 'A' } }, { id: 'x' }],
    };
    const text = JSON.stringify(bundle, null, 2);
    const { issues } = check([{ name: 'b.json', text }]);
    const line = text.split('\n').findIndex((l) => l.includes('"x"')) + 1;
    expect(issues[0]).toMatchObject({ file: 'b.json', pointer: '/entities/1/id', line });
    expect(check([{ name: 'b.json', text: '{\n  "entities": [\n    {,}\n' }]).issues).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/^not valid JSON/) }),
    ]);
  });

  it('refuses unknown keys, OPEN cycles, drafts and attachments, with the reason', () => {
    const bundle = importBundle();
    (bundle as Record<string, unknown>).entitites = [];
    (bundle.cycles[1] as Record<string, unknown>).status = 'OPEN';
    (bundle.submissions[0] as Record<string, unknown>).status = 'DRAFT';
    (bundle.submissions[1] as Record<string, unknown>).attachments = ['A-0000000000000001'];
    delete (bundle.commitments[0] as { id?: string }).id;
    const messages = check(json(bundle)).issues.map((i) => `${i.pointer} ${i.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^\/entitites unknown key/),
      expect.stringMatching(/^\/commitments\/0\/id an imported commitment needs its id/),
      expect.stringMatching(/^\/cycles\/1\/status .*open it with POST \/v1\/cycles\/\{id\}\/open/),
      expect.stringMatching(/^\/submissions\/0\/status an import brings submitted reports/),
      '/submissions/1/attachments attachments are uploaded, never imported',
    ]);
  });
});

describe('the checks against the table', () => {
  it('rebuild a closed cycle as it closed: snapshot, lateness from the own due date, counts', () => {
    const { issues, plan } = check(json(importBundle()));
    expect(issues).toEqual([]);
    const cycle = plan.cycles[0]?.item;
    expect(cycle?.closingCounts).toEqual({
      asked: 4,
      responded: 3,
      onTime: 2,
      late: 1,
      missing: 1,
      returned: 0,
      accepted: 1,
    });
    const late = Object.fromEntries(
      plan.submissions.map(({ item }) => [item.respondent.entityId, item.version?.late]),
    );
    expect(late).toEqual({ BUDAPEST: false, 'TEST-RCP': true, RABAT: false });
    expect(plan.respondents.map((r) => [r.item.respondent.entityId, r.item.missing])).toEqual([
      ['PRAGUE', true],
    ]);
    // Entry ids are derived from where the entry is: the same rows, the same ids.
    expect(plan.submissions[0]?.item.submission?.entries[0]?.id).toMatch(/^E-[0-9A-F]{10}$/);
    expect(check(json(importBundle())).plan.submissions[0]?.item.submission?.entries[0]?.id).toBe(
      plan.submissions[0]?.item.submission?.entries[0]?.id,
    );
  });

  it('name unknown references, reports outside their cycle, and conflicts with the table', () => {
    const bundle = importBundle();
    bundle.cycles[0]?.respondents.push('NOWHERE');
    bundle.submissions.push({
      cycleId: 'SURVEY-OLD',
      entityId: 'HUN',
      submittedAt: '2018-01-01T00:00:00Z',
      entries: [],
    } as never);
    bundle.commitments[0] = { ...bundle.commitments[0], owner: 'ATLANTIS' } as never;
    const view = shipped();
    const stored = view.entities.get('RABAT') as Entity;
    (view.entities as Map<string, Entity>).set('NGO-IMPORT', { ...stored, id: 'NGO-IMPORT' });
    const messages = check(json(bundle), view).issues.map((i) => `${i.pointer} ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\/entities\/1\/id entity NGO-IMPORT is in the table already with another kind, regions, names/,
        ),
        '/commitments/0/owner there is no entity ATLANTIS',
        '/cycles/0/respondents/4 there is no entity NOWHERE',
        '/submissions/3/entityId HUN is not a respondent of SURVEY-OLD',
        expect.stringMatching(/^\/submissions\/3\/submittedAt is outside the cycle/),
      ]),
    );
  });
});
