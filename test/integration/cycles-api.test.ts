import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, rabat, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

let table: TestTable;
const DAY = 86_400_000;
const at = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

beforeAll(async () => {
  table = await createTestTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    state('FRA', 'EUROPE'),
    state('HUN', 'EUROPE'),
    state('TUR', 'ASIA_PACIFIC_MIDDLE_EAST'),
    state('SEN', 'AFRICA'),
    { ...budapest, members: ['FRA', 'HUN'] },
    rabat,
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
});
afterAll(() => table.drop());

const round = (id: string, change: Record<string, unknown> = {}) => ({
  id,
  title: { en: 'European review', fr: 'Examen européen' },
  kind: 'REVIEW',
  frameworkId: 'gcm-2018',
  organiser: 'BUDAPEST',
  scope: { memberOf: 'BUDAPEST' },
  opensAt: at(-1),
  dueAt: at(60),
  ...change,
});
const ids = (res: { body: { items: Array<{ entityId: string }> } }) =>
  res.body.items.map((r) => r.entityId);

describe('setting up a cycle', () => {
  it('creates a DRAFT in the fixed wire format', async () => {
    const body = round('EU-REVIEW-2026');
    const res = await call(table, 'POST', '/v1/cycles', { body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ...body,
      respondents: null,
      locksAt: null,
      reminders: { beforeDueDays: [30, 7, 1], escalateAfterDays: [3, 10] },
      languages: ['en', 'fr'],
      recurring: { threshold: 0.5, base: 'ASKED' },
      seriesId: null,
      previousCycleId: null,
      status: 'DRAFT',
      version: 1,
    });
    expect(
      (await call(table, 'POST', '/v1/cycles', { body: round('EU-REVIEW-2026') })).status,
    ).toBe(409);
  });

  it('refuses what breaks the rules, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ respondents: ['FRA'] }, '/scope'],
      [{ organiser: 'FRA' }, '/organiser'],
      [{ frameworkId: 'nyd-1999' }, '/frameworkId'],
      [{ dueAt: at(400) }, '/dueAt'],
      [{ scope: { memberOf: 'NOBODY' } }, '/scope/memberOf'],
      [{ opensAt: 'tomorrow' }, '/opensAt'],
    ];
    for (const [change, pointer] of cases) {
      const res = await call(table, 'POST', '/v1/cycles', {
        body: round(`BAD-${pointer.length}`, change),
      });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });
});

describe('an open cycle', () => {
  beforeAll(async () => {
    await call(table, 'POST', '/v1/cycles', { body: round('OPEN-ROUND') });
    const opened = await call(table, 'POST', '/v1/cycles/OPEN-ROUND/open');
    expect(opened.body).toMatchObject({ status: 'OPEN', version: 2 });
  });

  it('froze its respondents and their memberships at opening', async () => {
    const body = await table.entities.get('BUDAPEST');
    if (!body) throw new Error('BUDAPEST is missing');
    await table.entities.replaceMembers(body, ['FRA', 'HUN', 'SEN'], body.version);
    const res = await call(table, 'GET', '/v1/cycles/OPEN-ROUND/respondents');
    expect(ids(res)).toEqual(['FRA', 'HUN']);
    expect(res.body.items[0]).toMatchObject({
      status: 'NOT_STARTED',
      overdue: false,
      late: false,
      submittedAt: null,
      remindersSent: 0,
      memberOf: ['BUDAPEST'],
    });
    expect((await call(table, 'POST', '/v1/cycles/OPEN-ROUND/open')).status).toBe(409);
  });

  it('takes late joiners, once each', async () => {
    const res = await call(table, 'POST', '/v1/cycles/OPEN-ROUND/respondents', {
      body: { entityId: 'TUR' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ entityId: 'TUR', status: 'NOT_STARTED' });
    expect(
      (
        await call(table, 'POST', '/v1/cycles/OPEN-ROUND/respondents', {
          body: { entityId: 'TUR' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(table, 'POST', '/v1/cycles/OPEN-ROUND/respondents', {
          body: { entityId: 'NOBODY' },
        })
      ).status,
    ).toBe(400);
  });

  it('grants extensions later only, and within its span', async () => {
    const ninety = at(90);
    const later = await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND/respondents/HUN', {
      body: { dueAt: ninety },
    });
    expect(later.status).toBe(200);
    expect(later.body.dueAt).toBe(ninety);
    expect(
      (
        await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND/respondents/HUN', {
          body: { dueAt: at(80) },
        })
      ).status,
    ).toBe(400);
    const tooLate = await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND/respondents/HUN', {
      body: { dueAt: at(355) },
    });
    expect(tooLate.status).toBe(400);
    expect(
      (
        await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND/respondents/DEU', {
          body: { dueAt: at(90) },
        })
      ).status,
    ).toBe(404);
  });

  it('changes only its titles and, later, its dates', async () => {
    expect(
      (await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND', { body: { title: { en: 'x' } } }))
        .status,
    ).toBe(428);
    const retitled = await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND', {
      body: { title: { en: 'Review 2026' } },
      ifMatch: '"2"',
    });
    expect(retitled.body).toMatchObject({ title: { en: 'Review 2026' }, version: 3 });
    expect(
      (
        await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND', {
          body: { dueAt: at(30) },
          ifMatch: '"3"',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND', {
          body: { kind: 'CONSULTATION' },
          ifMatch: '"3"',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(table, 'PATCH', '/v1/cycles/OPEN-ROUND', {
          body: { dueAt: at(70) },
          ifMatch: '"2"',
        })
      ).status,
    ).toBe(412);
  });

  it('shows in what each respondent owes, and in what its organiser runs', async () => {
    const owed = await call(table, 'GET', '/v1/cycles?respondent=FRA');
    expect(owed.body.items.map((c: { id: string }) => c.id)).toEqual(['OPEN-ROUND']);
    expect(owed.body.items[0].respondent).toMatchObject({
      entityId: 'FRA',
      status: 'NOT_STARTED',
      overdue: false,
    });
    const run = await call(table, 'GET', '/v1/cycles?organiser=BUDAPEST');
    expect(run.body.items.map((c: { id: string }) => c.id)).toEqual([
      'EU-REVIEW-2026',
      'OPEN-ROUND',
    ]);
  });

  it('closes, marks who never submitted as missing, and publishes', async () => {
    expect(
      (await call(table, 'POST', '/v1/cycles/OPEN-ROUND/close', { ifMatch: '"9"' })).status,
    ).toBe(412);
    expect((await call(table, 'POST', '/v1/cycles/OPEN-ROUND/close')).body.status).toBe('CLOSED');
    const res = await call(table, 'GET', '/v1/cycles/OPEN-ROUND/respondents');
    expect(res.body.items.every((r: { missing: boolean }) => r.missing)).toBe(true);
    expect((await call(table, 'POST', '/v1/cycles/OPEN-ROUND/cancel')).status).toBe(409);
    expect((await call(table, 'POST', '/v1/cycles/OPEN-ROUND/publish')).body.status).toBe(
      'PUBLISHED',
    );
    expect((await call(table, 'POST', '/v1/cycles/OPEN-ROUND/reopen')).status).toBe(404);
  });
});

describe('timing', () => {
  it('flags respondents overdue once their due date has passed', async () => {
    await call(table, 'POST', '/v1/cycles', {
      body: round('PAST-DUE', {
        scope: null,
        respondents: ['SEN'],
        opensAt: at(-30),
        dueAt: at(-2),
      }),
    });
    await call(table, 'POST', '/v1/cycles/PAST-DUE/open');
    const res = await call(table, 'GET', '/v1/cycles/PAST-DUE/respondents');
    expect(res.body.items).toEqual([
      expect.objectContaining({ entityId: 'SEN', overdue: true, late: false, missing: false }),
    ]);
  });
});
