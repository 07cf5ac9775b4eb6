import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

let table: Awaited<ReturnType<typeof createTokenTable>>;
let admin: string;
let organiser: string;
let french: string;
let commitmentId: string;
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const cycle = (id: string, change: Record<string, unknown> = {}) => ({
  id,
  title: { en: 'Survey', fr: 'Enquête' },
  kind: 'CONSULTATION',
  frameworkId: 'nyd-2016',
  organiser: 'BUDAPEST',
  respondents: ['FRA', 'HUN'],
  opensAt: at(-1),
  dueAt: at(30),
  ...change,
});

beforeAll(async () => {
  table = await createTokenTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    state('FRA', 'EUROPE'),
    state('HUN', 'EUROPE'),
    { ...budapest, members: ['FRA', 'HUN'] },
    { ...budapest, id: 'PRAGUE', members: ['FRA'] },
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
  admin = await table.token('root', { role: 'ADMIN' });
  organiser = await table.token('budapest-secretariat', {
    role: 'SECRETARIAT',
    entityId: 'BUDAPEST',
  });
  french = await table.token('fr-fp', { role: 'FOCAL_POINT', entityId: 'FRA' });
  commitmentId = (
    await call(table, 'POST', '/v1/commitments', {
      token: french,
      body: { owner: 'FRA', title: { en: 'Data' }, tags: { 'nyd-2016': ['v'] } },
    })
  ).body.id;
  for (const id of ['SURVEY', 'WIDE']) {
    const body =
      id === 'WIDE' ? cycle(id, { respondents: null, scope: { region: 'EUROPE' } }) : cycle(id);
    expect((await call(table, 'POST', '/v1/cycles', { token: organiser, body })).status).toBe(201);
    expect((await call(table, 'POST', `/v1/cycles/${id}/open`, { token: organiser })).status).toBe(
      200,
    );
  }
});
afterAll(() => table.drop());

const path = '/v1/cycles/SURVEY/submissions/FRA';
const draft = {
  entries: [
    { type: 'RECOMMENDATION', text: 'Share disaggregated data', tags: ['v', 'T3'] },
    {
      type: 'GOOD_PRACTICE',
      title: 'One-stop shop',
      category: 'PROJECTS',
      criteria: ['EFFECTIVE'],
      tags: ['q'],
    },
  ],
  challenges: 'Resources',
  visibility: 'PUBLIC_ON_PUBLISH',
};

describe('a submission’s life', () => {
  it('starts as a draft with server entry ids, then needs the version read', async () => {
    const created = await call(table, 'PUT', path, { token: french, body: draft });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      status: 'DRAFT',
      version: 1,
      reviews: [],
      submittedVersions: 0,
    });
    expect(created.body.entries.map((e: { id: string }) => e.id)).toEqual([
      expect.stringMatching(/^E-[0-9A-F]{10}$/),
      expect.stringMatching(/^E-[0-9A-F]{10}$/),
    ]);
    expect((await call(table, 'PUT', path, { token: french, body: draft })).status).toBe(428);
    const [first] = created.body.entries;
    const edited = await call(table, 'PUT', path, {
      token: french,
      ifMatch: '"1"',
      body: {
        ...draft,
        entries: [
          { ...first, text: 'Share disaggregated data by sex and age' },
          { type: 'COMMITMENT_PROGRESS', commitmentId, status: 'IN_PROGRESS' },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.entries[0].id).toBe(first.id);
    expect(edited.body.entries[1].tags).toEqual(['v']);
    const respondents = await call(table, 'GET', '/v1/cycles/SURVEY/respondents', {
      token: french,
    });
    expect(
      respondents.body.items.find((r: { entityId: string }) => r.entityId === 'FRA').status,
    ).toBe('DRAFT');
  });

  it('refuses tags outside the cycle’s framework, another’s commitment and invented entry ids', async () => {
    const cases: Array<[object, string]> = [
      [{ type: 'PRINCIPLE', text: 'x', tags: ['23'] }, '/entries/0/tags/0'],
      [
        { type: 'COMMITMENT_PROGRESS', commitmentId: 'C-NOPE', status: 'ACHIEVED' },
        '/entries/0/commitmentId',
      ],
      [{ id: 'E-0000000000', type: 'PRINCIPLE', text: 'x' }, '/entries/0/id'],
      [{ type: 'GOOD_PRACTICE', title: 'x', category: 'FOOD' }, '/entries/0/category'],
    ];
    for (const [entry, pointer] of cases) {
      const res = await call(table, 'PUT', path, {
        token: french,
        ifMatch: '"2"',
        body: { entries: [entry] },
      });
      expect(res.status, JSON.stringify(entry)).toBe(400);
      expect(res.body.errors[0].pointer).toBe(pointer);
    }
  });

  it('is submitted, returned with a comment, resubmitted and accepted, keeping every version', async () => {
    const submitted = await call(table, 'POST', `${path}/submit`, { token: french });
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', submittedVersions: 1 });
    expect(
      (await call(table, 'PUT', path, { token: french, ifMatch: '"3"', body: draft })).status,
    ).toBe(409);

    expect(
      (
        await call(table, 'POST', `${path}/review`, {
          token: organiser,
          body: { decision: 'RETURN' },
        })
      ).status,
    ).toBe(400);
    const returned = await call(table, 'POST', `${path}/review`, {
      token: organiser,
      body: { decision: 'RETURN', comment: 'Add the 2025 figures.' },
    });
    expect(returned.body).toMatchObject({
      status: 'RETURNED',
      review: { decision: 'RETURN', comment: 'Add the 2025 figures.', asEntityId: 'BUDAPEST' },
    });

    const fixed = await call(table, 'PUT', path, {
      token: french,
      ifMatch: `"${returned.body.version}"`,
      body: draft,
    });
    expect(fixed.body.status).toBe('RETURNED');
    expect((await call(table, 'POST', `${path}/submit`, { token: french })).body).toMatchObject({
      status: 'SUBMITTED',
      submittedVersions: 2,
    });
    const accepted = await call(table, 'POST', `${path}/review`, {
      token: organiser,
      body: { decision: 'ACCEPT' },
    });
    expect(accepted.body.status).toBe('ACCEPTED');

    const history = await call(table, 'GET', `${path}/history`, { token: organiser });
    expect(
      history.body.items.map((v: { number: number; submittedBy: string; late: boolean }) => [
        v.number,
        v.submittedBy,
        v.late,
      ]),
    ).toEqual([
      [1, 'fr-fp', false],
      [2, 'fr-fp', false],
    ]);
    expect(history.body.items[0].content.entries[1].type).toBe('COMMITMENT_PROGRESS');
    const respondent = (
      await call(table, 'GET', '/v1/cycles/SURVEY/respondents', { token: french })
    ).body.items.find((r: { entityId: string }) => r.entityId === 'FRA');
    expect(respondent).toMatchObject({ status: 'ACCEPTED', late: false, overdue: false });
  });

  it('is read by its own users, the organiser and the admin only', async () => {
    expect((await call(table, 'GET', path, { token: french })).status).toBe(200);
    expect((await call(table, 'GET', path, { token: organiser })).status).toBe(200);
    expect((await call(table, 'GET', path, { token: admin })).status).toBe(200);
    const hungarian = await table.token('hu-fp', { role: 'FOCAL_POINT', entityId: 'HUN' });
    expect((await call(table, 'GET', path, { token: hungarian })).status).toBe(403);
    expect((await call(table, 'PUT', path, { token: hungarian, body: draft })).status).toBe(403);
    const prague = await table.token('prague', { role: 'SECRETARIAT', entityId: 'PRAGUE' });
    expect((await call(table, 'GET', path, { token: prague })).status).toBe(403);
  });
});

describe('reviews of a regional cycle', () => {
  it('let a secretariat of an ISCM the respondent belongs to add its review, which decides nothing', async () => {
    const wide = '/v1/cycles/WIDE/submissions/FRA';
    await call(table, 'PUT', wide, { token: french, body: draft });
    await call(table, 'POST', `${wide}/submit`, { token: french });
    const prague = await table.token('prague', { role: 'SECRETARIAT', entityId: 'PRAGUE' });
    expect((await call(table, 'GET', wide, { token: prague })).status).toBe(200);
    const reviewed = await call(table, 'POST', `${wide}/review`, {
      token: prague,
      body: { decision: 'RETURN', comment: 'Please add data', asEntityId: 'PRAGUE' },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({
      status: 'SUBMITTED',
      reviews: [{ asEntityId: 'PRAGUE', decision: 'RETURN' }],
    });
    const hungarianPrague = await call(table, 'POST', '/v1/cycles/WIDE/submissions/HUN/review', {
      token: prague,
      body: { decision: 'ACCEPT', asEntityId: 'PRAGUE' },
    });
    expect(hungarianPrague.status).toBe(403);
  });
});

describe('publication', () => {
  it('opens a public submission to anyone once the cycle is published, and nothing else', async () => {
    const published = '/v1/published/cycles/SURVEY/submissions/FRA';
    expect((await call(table, 'GET', published)).status).toBe(404);
    await call(table, 'POST', '/v1/cycles/SURVEY/close', { token: organiser });
    await call(table, 'POST', '/v1/cycles/SURVEY/publish', { token: organiser });
    const res = await call(table, 'GET', published);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cycleId: 'SURVEY',
      entityId: 'FRA',
      number: 2,
      content: { visibility: 'PUBLIC_ON_PUBLISH' },
    });
    expect(res.body.submittedBy).toBeUndefined();
    expect((await call(table, 'GET', '/v1/published/cycles/SURVEY/submissions/HUN')).status).toBe(
      404,
    );
    expect((await call(table, 'GET', '/v1/cycles/SURVEY/submissions/FRA')).status).toBe(401);
  });
});

describe('limits', () => {
  it('keep the largest submission the API accepts, and each of its versions, within one item', async () => {
    const text = 'x'.repeat(4_000);
    const entries = Array.from({ length: 60 }, () => ({ type: 'PRINCIPLE', text }));
    const body = { entries };
    expect(JSON.stringify(body).length).toBeGreaterThan(240_000);
    const path = '/v1/cycles/WIDE/submissions/HUN';
    const hungarian = await table.token('hu-fp-limits', { role: 'FOCAL_POINT', entityId: 'HUN' });
    const res = await call(table, 'PUT', path, { token: hungarian, body });
    expect(res.status).toBe(200);
    expect((await call(table, 'POST', `${path}/submit`, { token: hungarian })).status).toBe(200);
    expect(
      (await call(table, 'GET', `${path}/history`, { token: hungarian })).body.items[0].content
        .entries,
    ).toHaveLength(60);
  });

  it('refuse what goes past them: a longer text, more entries, a larger body', async () => {
    const path = '/v1/cycles/WIDE/submissions/HUN';
    const hungarian = await table.token('hu-fp-limits', { role: 'FOCAL_POINT', entityId: 'HUN' });
    const tooLong = await call(table, 'PUT', path, {
      token: hungarian,
      body: { entries: [{ type: 'PRINCIPLE', text: 'x'.repeat(4_001) }] },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].pointer).toBe('/entries/0/text');
    const tooMany = await call(table, 'PUT', path, {
      token: hungarian,
      body: { entries: Array.from({ length: 101 }, () => ({ type: 'PRINCIPLE', text: 'x' })) },
    });
    expect(tooMany.status).toBe(400);
    const tooLarge = await call(table, 'PUT', path, {
      token: hungarian,
      body: {
        entries: Array.from({ length: 70 }, () => ({ type: 'PRINCIPLE', text: 'x'.repeat(4_000) })),
      },
    });
    expect(tooLarge.status).toBe(413);
  });
});
