import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contact, type Notice, SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

/**
 * Whole-of-government contributions: the focal point invites ministries, each writes its own
 * contribution, the focal point merges chosen entries and alone submits; the workflow reminds
 * contributors whose contributions are not ready.
 */

let table: Awaited<ReturnType<typeof createTokenTable>>;
let now = new Date('2027-01-02T00:00:00Z');
const clock = { now: () => now };
const day = 86_400_000;
const tokens = {} as Record<'admin' | 'focal' | 'moi' | 'mfa' | 'organiser' | 'other', string>;
const path = '/v1/cycles/C1/submissions/FRA';
const contributions = `${path}/contributions`;

const contact = (role: Contact['role'], email: string, contributorId?: string): Contact => ({
  role,
  name: email,
  email,
  language: 'fr',
  ...(contributorId && { contributorId }),
});

async function notices(): Promise<Notice[]> {
  return (await table.repositories.notices.list({ cycleId: 'C1' }, { limit: 100 })).items;
}

beforeAll(async () => {
  table = await createTokenTable({ clock });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), state('ITA', 'EUROPE'), budapest])
    await table.entities.create(entity, { seeded: true });
  await table.repositories.contacts.replace(
    'FRA',
    [
      contact('FOCAL_POINT', 'marie@example.org'),
      contact('CONTRIBUTOR', 'interieur@example.org', 'MOI'),
      contact('CONTRIBUTOR', 'affaires-etrangeres@example.org', 'MFA'),
    ],
    0,
  );
  tokens.admin = await table.token('admin', { role: 'ADMIN' });
  tokens.focal = await table.token('marie', { role: 'FOCAL_POINT', entityId: 'FRA' });
  tokens.moi = await table.token('moi', {
    role: 'CONTRIBUTOR',
    entityId: 'FRA',
    contributorId: 'MOI',
  });
  tokens.mfa = await table.token('mfa', {
    role: 'CONTRIBUTOR',
    entityId: 'FRA',
    contributorId: 'MFA',
  });
  tokens.organiser = await table.token('sec', { role: 'SECRETARIAT', entityId: 'BUDAPEST' });
  tokens.other = await table.token('ita', { role: 'FOCAL_POINT', entityId: 'ITA' });
  await call(table, 'POST', '/v1/series', {
    token: tokens.admin,
    body: {
      id: 'FRA-REPORTS',
      template: {
        title: { en: 'Review' },
        kind: 'REVIEW',
        frameworkId: 'gcm-2018',
        organiser: 'BUDAPEST',
        respondents: ['FRA'],
      },
    },
  });
  const created = await call(table, 'POST', '/v1/cycles', {
    token: tokens.admin,
    body: {
      seriesId: 'FRA-REPORTS',
      id: 'C1',
      title: { en: 'Review', fr: 'Examen' },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      respondents: ['FRA'],
      opensAt: '2027-01-01T00:00:00Z',
      dueAt: '2027-02-01T00:00:00Z',
      languages: ['fr', 'en'],
      reminders: { beforeDueDays: [7, 1], escalateAfterDays: [3] },
    },
  });
  expect(created.status).toBe(201);
  expect((await call(table, 'POST', '/v1/cycles/C1/open', { token: tokens.admin })).status).toBe(
    200,
  );
});
afterAll(() => table.drop());

describe('contributions', () => {
  let moiEntries: Array<{ id: string; text: string }>;

  it('refuses a contributor that was not invited, saying so', async () => {
    const res = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.moi,
      body: { entries: [] },
    });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('invites first');
    const foreign = await call(table, 'PUT', `${contributions}/MFA`, {
      token: tokens.moi,
      body: { entries: [] },
    });
    expect(foreign.status).toBe(403);
  });

  it("invites with the focal point's first PUT: the contribution only, and a notice to the ministry", async () => {
    const res = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.focal,
      body: { entries: [] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contributorId: 'MOI', ready: false, version: 1, entries: [] });
    expect(res.headers.get('etag')).toBe('"1"');
    expect((await call(table, 'GET', path, { token: tokens.focal })).status).toBe(404);
    const invitation = (await notices()).filter((n) => n.kind === 'CONTRIBUTION_REQUESTED');
    expect(invitation).toHaveLength(1);
    expect(invitation[0]).toMatchObject({ to: 'interieur@example.org', language: 'fr' });
    expect(invitation[0]?.body).toContain('MOI');
    // Invited again (a retried request): the contribution exists, and it needs its version.
    const again = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.focal,
      body: { entries: [] },
    });
    expect(again.status).toBe(428);
    const mfa = await call(table, 'PUT', `${contributions}/MFA`, {
      token: tokens.focal,
      body: { entries: [] },
    });
    expect(mfa.status).toBe(201);
  });

  it('lets a contributor write its own contribution, versioned and checked', async () => {
    const body = {
      entries: [
        { type: 'RECOMMENDATION', text: 'Fund the border data hub.', tags: ['1'] },
        { type: 'PRINCIPLE', text: 'Whole of government.', tags: [] },
      ],
    };
    expect(
      (await call(table, 'PUT', `${contributions}/MOI`, { token: tokens.moi, body })).status,
    ).toBe(428);
    const bad = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.moi,
      ifMatch: '"1"',
      body: { entries: [{ type: 'RECOMMENDATION', text: 'x', tags: ['NOPE'] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/entries/0/tags/0');
    const res = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.moi,
      ifMatch: '"1"',
      body,
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    moiEntries = res.body.entries;
    expect(moiEntries.every((e) => /^E-[0-9A-F]{10}$/.test(e.id))).toBe(true);
    expect(res.body.updatedBy).toBe('moi');
    const stale = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.moi,
      ifMatch: '"1"',
      body,
    });
    expect(stale.status).toBe(412);
    const twice = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.moi,
      ifMatch: '"2"',
      body: { entries: [moiEntries[0], moiEntries[0]] },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toMatchObject({ pointer: '/entries/1/id' });
  });

  it('shows every contribution to the focal point, its own to a contributor, none to others', async () => {
    const focal = await call(table, 'GET', contributions, { token: tokens.focal });
    expect(focal.status).toBe(200);
    expect(focal.body.items.map((c: { contributorId: string }) => c.contributorId)).toEqual([
      'MFA',
      'MOI',
    ]);
    const own = await call(table, 'GET', contributions, { token: tokens.moi });
    expect(own.body.items.map((c: { contributorId: string }) => c.contributorId)).toEqual(['MOI']);
    expect((await call(table, 'GET', `${contributions}/MFA`, { token: tokens.moi })).status).toBe(
      403,
    );
    expect((await call(table, 'GET', contributions, { token: tokens.organiser })).status).toBe(403);
    expect((await call(table, 'GET', contributions, { token: tokens.other })).status).toBe(403);
  });

  it('merges chosen entries, which remember their contribution; merging again replaces them', async () => {
    const [recommendation] = moiEntries as [{ id: string; text: string }];
    const unknown = await call(table, 'POST', `${path}/merge`, {
      token: tokens.focal,
      body: { contributorId: 'MOI', entryIds: ['E-0000000000'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].pointer).toBe('/entryIds/0');
    const twice = await call(table, 'POST', `${path}/merge`, {
      token: tokens.focal,
      body: { contributorId: 'MOI', entryIds: [recommendation.id, recommendation.id] },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].pointer).toBe('/entryIds/1');
    const notInvited = await call(table, 'POST', `${path}/merge`, {
      token: tokens.focal,
      body: { contributorId: 'DEF' },
    });
    expect(notInvited.status).toBe(404);
    expect(
      (
        await call(table, 'POST', `${path}/merge`, {
          token: tokens.moi,
          body: { contributorId: 'MOI' },
        })
      ).status,
    ).toBe(403);

    const one = await call(table, 'POST', `${path}/merge`, {
      token: tokens.focal,
      body: { contributorId: 'MOI', entryIds: [recommendation.id] },
    });
    expect(one.status).toBe(200);
    expect(one.body.status).toBe('DRAFT');
    expect(one.body.entries).toEqual([
      expect.objectContaining({ id: recommendation.id, fromContribution: 'MOI' }),
    ]);
    const all = await call(table, 'POST', `${path}/merge`, {
      token: tokens.focal,
      body: { contributorId: 'MOI' },
    });
    expect(all.body.entries.map((e: { id: string }) => e.id)).toEqual(moiEntries.map((e) => e.id));
    expect(all.body.version).toBe(2);
  });

  it('accepts a hand merge naming the contribution, and refuses one naming none', async () => {
    const current = await call(table, 'GET', path, { token: tokens.focal });
    const [recommendation] = moiEntries as [{ id: string; text: string }];
    const wrong = await call(table, 'PUT', path, {
      token: tokens.focal,
      ifMatch: current.headers.get('etag') ?? '',
      body: {
        entries: [
          { type: 'RECOMMENDATION', text: 'x', tags: [], fromContribution: 'XYZ' },
          {
            type: 'RECOMMENDATION',
            id: recommendation.id,
            text: 'y',
            tags: [],
            fromContribution: 'MFA',
          },
        ],
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/entries/0/fromContribution',
    ]);
    const edited = await call(table, 'PUT', path, {
      token: tokens.focal,
      ifMatch: current.headers.get('etag') ?? '',
      body: {
        entries: [
          ...current.body.entries,
          { type: 'PRINCIPLE', text: 'From the foreign ministry.', fromContribution: 'MFA' },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(
      edited.body.entries.map((e: { fromContribution?: string }) => e.fromContribution),
    ).toEqual(['MOI', 'MOI', 'MFA']);
  });

  it('lets the contributor mark it ready, and only the focal point submit', async () => {
    const ready = await call(table, 'PUT', `${contributions}/MOI`, {
      token: tokens.moi,
      ifMatch: '"2"',
      body: { entries: moiEntries, ready: true },
    });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, readyAt: now.toISOString() });
    expect((await call(table, 'POST', `${path}/submit`, { token: tokens.moi })).status).toBe(403);
    expect((await call(table, 'POST', `${path}/submit`, { token: tokens.focal })).status).toBe(200);
  });
});

describe('the next cycle of the series', () => {
  it("pre-fills from a report with merged entries, which save back as the draft's own", async () => {
    await call(table, 'POST', '/v1/cycles', {
      token: tokens.admin,
      body: {
        seriesId: 'FRA-REPORTS',
        id: 'C1-NEXT',
        title: { en: 'Review, next' },
        kind: 'REVIEW',
        frameworkId: 'gcm-2018',
        organiser: 'BUDAPEST',
        respondents: ['FRA'],
        opensAt: '2027-01-01T00:00:00Z',
        dueAt: '2027-03-01T00:00:00Z',
      },
    });
    await call(table, 'POST', '/v1/cycles/C1-NEXT/open', { token: tokens.admin });
    const next = '/v1/cycles/C1-NEXT/submissions/FRA';
    const prefilled = await call(table, 'POST', `${next}/prefill`, { token: tokens.focal });
    expect(prefilled.status).toBe(201);
    const entries = prefilled.body.entries as Array<Record<string, unknown>>;
    expect(entries.some((e) => 'fromContribution' in e)).toBe(false);
    const saved = await call(table, 'PUT', next, {
      token: tokens.focal,
      ifMatch: prefilled.headers.get('etag') ?? '',
      body: { entries: entries.map((e) => ({ ...e, carriedForward: false })) },
    });
    expect(saved.status).toBe(200);
  });
});

describe('a merge too large for one submission', () => {
  it('is refused with a 409 that says why, and nothing is written', async () => {
    const cycle = {
      id: 'C3',
      title: { en: 'Review three' },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      respondents: ['FRA'],
      opensAt: '2027-01-01T00:00:00Z',
      dueAt: '2027-03-01T00:00:00Z',
    };
    await call(table, 'POST', '/v1/cycles', { token: tokens.admin, body: cycle });
    await call(table, 'POST', '/v1/cycles/C3/open', { token: tokens.admin });
    const long = (n: number) =>
      Array.from({ length: 45 }, (_, i) => ({
        type: 'RECOMMENDATION',
        text: `${n}-${i} ${'x'.repeat(3_990)}`,
        tags: [],
      }));
    const c3 = '/v1/cycles/C3/submissions/FRA';
    const draft = await call(table, 'PUT', c3, { token: tokens.focal, body: { entries: long(1) } });
    expect(draft.status).toBe(200);
    await call(table, 'PUT', `${c3}/contributions/MOI`, {
      token: tokens.focal,
      body: { entries: long(2) },
    });
    const merged = await call(table, 'POST', `${c3}/merge`, {
      token: tokens.focal,
      body: { contributorId: 'MOI' },
    });
    expect(merged.status).toBe(409);
    expect(merged.body.detail).toContain('KB');
    expect((await call(table, 'GET', c3, { token: tokens.focal })).body.version).toBe(1);
  });
});

describe('contributor reminders', () => {
  it('reminds a contributor whose contribution is not ready, once per offset, until the report is in', async () => {
    const cycle = {
      id: 'C2',
      title: { en: 'Review two' },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      respondents: ['FRA'],
      opensAt: '2027-01-01T00:00:00Z',
      dueAt: '2027-03-01T00:00:00Z',
      reminders: { beforeDueDays: [7, 1], escalateAfterDays: [3] },
    };
    await call(table, 'POST', '/v1/cycles', { token: tokens.admin, body: cycle });
    await call(table, 'POST', '/v1/cycles/C2/open', { token: tokens.admin });
    const invite = (contributorId: string) =>
      call(table, 'PUT', `/v1/cycles/C2/submissions/FRA/contributions/${contributorId}`, {
        token: tokens.focal,
        body: { entries: [], ready: contributorId === 'MFA' },
      });
    await invite('MOI');
    await invite('MFA');
    const reminders = async () =>
      (await table.repositories.notices.list({ cycleId: 'C2' }, { limit: 100 })).items.filter(
        (n) => n.kind === 'REMINDER',
      );

    now = new Date(Date.parse(cycle.dueAt) - 7 * day);
    const plan = await table.useCases.round.plan('C2');
    expect(plan).toMatchObject({ action: 'ACT', at: now.toISOString() });
    const report = await table.useCases.round.act('C2');
    expect(report).toMatchObject({ reminders: 1, contributorReminders: 1 });
    const sent = await reminders();
    const toMoi = sent.filter((n) => n.to === 'interieur@example.org');
    expect(toMoi).toHaveLength(1);
    expect(toMoi[0]?.subject).toContain('contribution');
    expect(toMoi[0]?.body).toContain('MOI');
    expect(sent.some((n) => n.to === 'affaires-etrangeres@example.org')).toBe(false);
    expect(sent.some((n) => n.to === 'marie@example.org')).toBe(true);

    // A second look at the same moment sends nothing more.
    expect(await table.useCases.round.act('C2')).toMatchObject({ digests: 0 });

    // Once the report is submitted, nobody is reminded any more.
    await call(table, 'POST', '/v1/cycles/C2/submissions/FRA/merge', {
      token: tokens.focal,
      body: { contributorId: 'MOI' },
    });
    expect(
      (await call(table, 'POST', '/v1/cycles/C2/submissions/FRA/submit', { token: tokens.focal }))
        .status,
    ).toBe(200);
    now = new Date(Date.parse(cycle.dueAt) - 1 * day);
    expect(await table.useCases.round.act('C2')).toMatchObject({
      reminders: 0,
      contributorReminders: 0,
    });
    expect(await reminders()).toHaveLength(sent.length);
  });
});
