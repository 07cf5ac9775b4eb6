import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/** A respondent's second cycle builds on its first: pre-fill, confirmation, the diff. */
let table: TestTable;
let now = new Date('2027-01-05T00:00:00Z');
const clock = { now: () => now };

const cycle = (id: string, previousCycleId: string | null) => ({
  id,
  title: { en: id },
  kind: 'REVIEW',
  frameworkId: 'gcm-2018',
  organiser: 'BUDAPEST',
  respondents: ['FRA'],
  opensAt: '2027-01-01T00:00:00Z',
  dueAt: '2027-12-01T00:00:00Z',
  seriesId: 'EU-REVIEW',
  previousCycleId,
});
const path = (cycleId: string) => `/v1/cycles/${cycleId}/submissions/FRA`;
type Entry = { id: string; type: string; text?: string; carriedForward?: boolean };

beforeAll(async () => {
  table = await createTestTable({ clock });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), budapest])
    await table.entities.create(entity, { seeded: true });
  const {
    id: _id,
    opensAt: _o,
    dueAt: _d,
    seriesId: _s,
    previousCycleId: _p,
    ...template
  } = cycle('FIRST', null);
  await call(table, 'POST', '/v1/series', { body: { id: 'EU-REVIEW', template } });
  await call(table, 'POST', '/v1/cycles', { body: cycle('FIRST', null) });
  await call(table, 'POST', '/v1/cycles/FIRST/open');
  await call(table, 'PUT', path('FIRST'), {
    body: {
      entries: [
        { type: 'RECOMMENDATION', text: 'Keep the data hub.', tags: ['1'] },
        { type: 'RECOMMENDATION', text: 'Train border staff.', tags: ['11'] },
        { type: 'PRINCIPLE', text: 'Whole of government.', tags: [] },
      ],
    },
  });
  await call(table, 'POST', `${path('FIRST')}/submit`);
  await call(table, 'POST', '/v1/cycles/FIRST/close');
  now = new Date('2028-01-05T00:00:00Z');
  await call(table, 'POST', '/v1/cycles', {
    body: {
      ...cycle('SECOND', 'FIRST'),
      opensAt: '2028-01-01T00:00:00Z',
      dueAt: '2028-12-01T00:00:00Z',
    },
  });
  await call(table, 'POST', '/v1/cycles/SECOND/open');
});
afterAll(() => table.drop());

describe('continuity between cycles', () => {
  let carried: Entry[];

  it('pre-fills the draft from the previous submitted version, entries carried with their ids', async () => {
    const first = (await call(table, 'GET', path('FIRST'))).body.entries as Entry[];
    const res = await call(table, 'POST', `${path('SECOND')}/prefill`);
    expect(res.status).toBe(201);
    carried = res.body.entries;
    expect(carried.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(carried.every((e) => e.carriedForward === true)).toBe(true);
    expect((await call(table, 'POST', `${path('SECOND')}/prefill`)).status).toBe(409);
  });

  it('refuses to submit while carried entries are unconfirmed, naming them', async () => {
    const res = await call(table, 'POST', `${path('SECOND')}/submit`);
    expect(res.status).toBe(409);
    for (const entry of carried) expect(res.body.detail).toContain(entry.id);
  });

  it('confirms by editing, by sending carriedForward false, or with confirm; the rest stays carried', async () => {
    const [keep, edit, drop] = carried as [Entry, Entry, Entry];
    const current = await call(table, 'GET', path('SECOND'));
    const put = await call(table, 'PUT', path('SECOND'), {
      ifMatch: current.headers.get('etag') ?? '',
      body: {
        entries: [
          keep,
          { ...edit, text: 'Train border staff, and judges.' },
          { type: 'RECOMMENDATION', text: 'A new one.', tags: ['2'] },
        ],
      },
    });
    expect(put.status).toBe(200);
    const byId = new Map((put.body.entries as Entry[]).map((e) => [e.id, e]));
    expect(byId.get(keep.id)?.carriedForward).toBe(true);
    expect(byId.get(edit.id)?.carriedForward).toBeUndefined();
    expect(byId.has(drop.id)).toBe(false);

    const bad = await call(table, 'POST', `${path('SECOND')}/confirm`, {
      body: { entryIds: ['E-0000000000'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/entryIds/0');
    const confirmed = await call(table, 'POST', `${path('SECOND')}/confirm`, {
      body: { entryIds: [keep.id] },
    });
    expect(confirmed.status).toBe(200);
    expect((confirmed.body.entries as Entry[]).some((e) => e.carriedForward)).toBe(false);
    expect((await call(table, 'POST', `${path('SECOND')}/submit`)).status).toBe(200);
  });

  it('compares with the previous cycle entry by entry', async () => {
    const [keep, edit, drop] = carried as [Entry, Entry, Entry];
    const res = await call(table, 'GET', `${path('SECOND')}/diff`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      previousCycleId: 'FIRST',
      removed: [drop.id],
      changed: [{ id: edit.id, fields: ['text'] }],
      unchanged: 1,
    });
    expect(res.body.added).toHaveLength(1);
    expect(res.body.added).not.toContain(keep.id);
  });

  it('has nothing to carry or compare in a cycle that follows none', async () => {
    expect((await call(table, 'GET', `${path('FIRST')}/diff`)).status).toBe(409);
  });
});
