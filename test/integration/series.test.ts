import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CycleInput, ForbiddenError, type Guard, SHIPPED_FRAMEWORKS } from '#core';
import { budapest, rabat, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/**
 * Series: cycles that follow one another, made by hand or by a rule, and the daily tick that
 * creates and opens the cycles a rule calls for (twice is the same as once).
 */
let table: TestTable;
let now = new Date('2027-01-10T00:00:00Z');
const clock = { now: () => now };

const template = {
  title: { en: 'European review', fr: 'Examen européen' },
  kind: 'REVIEW',
  frameworkId: 'gcm-2018',
  organiser: 'BUDAPEST',
  respondents: ['FRA', 'DEU'],
};
const rule = { firstYear: 2027, everyMonths: 24, opensOn: '03-01', dueAfterDays: 60 };

beforeAll(async () => {
  table = await createTestTable({ clock });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), state('DEU', 'EUROPE'), budapest, rabat])
    await table.entities.create(entity, { seeded: true });
});
afterAll(() => table.drop());

describe('setting up a series', () => {
  it('creates one, versioned, and lists it', async () => {
    const res = await call(table, 'POST', '/v1/series', {
      body: { id: 'EU-REVIEW', template, rule },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'EU-REVIEW', rule, lastCycleId: null, version: 1 });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(
      (await call(table, 'POST', '/v1/series', { body: { id: 'EU-REVIEW', template } })).status,
    ).toBe(409);
    const list = await call(table, 'GET', '/v1/series');
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(['EU-REVIEW']);
  });

  it('refuses a template that would not make a cycle, or a rule with a day not every year has', async () => {
    const bad = await call(table, 'POST', '/v1/series', {
      body: {
        id: 'BAD',
        template: { ...template, organiser: 'NOBODY', respondents: ['XXX'] },
        rule: { ...rule, opensOn: '02-29' },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/rule/opensOn']);
    const unknown = await call(table, 'POST', '/v1/series', {
      body: { id: 'BAD', template: { ...template, organiser: 'NOBODY', respondents: ['XXX'] } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/template/organiser',
      '/template/respondents/0',
    ]);
    const long = await call(table, 'POST', '/v1/series', {
      body: { id: 'A'.repeat(33), template },
    });
    expect(long.body.errors[0].pointer).toBe('/id');
  });

  it('refuses a series whose cycles could not be made: its id, its template, its rule', async () => {
    const pointersOf = async (body: object) =>
      (await call(table, 'POST', '/v1/series', { body })).body.errors?.map(
        (e: { pointer: string }) => e.pointer,
      );
    expect(await pointersOf({ id: 'AA-', template })).toEqual(['/id']);
    const { respondents: _r, ...nobody } = template;
    expect(await pointersOf({ id: 'NOBODY', template: nobody })).toEqual(['/template/scope']);
    expect(
      await pointersOf({
        id: 'TOO-LONG',
        template: { ...template, reminders: { beforeDueDays: [7], escalateAfterDays: [180] } },
        rule: { ...rule, dueAfterDays: 300 },
      }),
    ).toEqual(['/rule/dueAfterDays']);
    // Monthly on the 31st would roll into the next month: two periods, one id.
    expect(
      await pointersOf({
        id: 'MONTHLY-31',
        template,
        rule: { ...rule, everyMonths: 1, opensOn: '01-31' },
      }),
    ).toEqual(['/rule/opensOn']);
  });
});

describe('the daily tick', () => {
  it('creates nothing before the first period opens', async () => {
    now = new Date('2027-02-28T23:59:00Z');
    expect(await table.useCases.series.tick()).toMatchObject({ created: [], opened: [] });
  });

  it('creates and opens the period under way once, however often it runs', async () => {
    now = new Date('2027-03-01T00:05:00Z');
    const [first, second] = await Promise.all([
      table.useCases.series.tick(),
      table.useCases.series.tick(),
    ]);
    expect([...first.created, ...second.created]).toEqual(['EU-REVIEW-2027']);
    const cycle = (await call(table, 'GET', '/v1/cycles/EU-REVIEW-2027')).body;
    expect(cycle).toMatchObject({
      status: 'OPEN',
      seriesId: 'EU-REVIEW',
      previousCycleId: null,
      opensAt: '2027-03-01T00:00:00.000Z',
      dueAt: '2027-04-30T00:00:00.000Z',
      respondents: ['FRA', 'DEU'],
    });
    expect(table.workflowCalls.filter((c) => c.cycleId === 'EU-REVIEW-2027')).toHaveLength(1);
    now = new Date('2027-03-02T00:05:00Z');
    expect(await table.useCases.series.tick()).toMatchObject({ created: [], opened: [] });
  });

  it('makes the next period follow the last one, across the period boundary', async () => {
    now = new Date('2028-03-01T00:05:00Z');
    expect((await table.useCases.series.tick()).created).toEqual([]);
    now = new Date('2029-03-01T00:05:00Z');
    expect(await table.useCases.series.tick()).toMatchObject({
      created: ['EU-REVIEW-2029'],
      opened: ['EU-REVIEW-2029'],
    });
    expect(await table.useCases.series.tick()).toMatchObject({ created: [], opened: [] });
    const next = (await call(table, 'GET', '/v1/cycles/EU-REVIEW-2029')).body;
    expect(next).toMatchObject({ status: 'OPEN', previousCycleId: 'EU-REVIEW-2027' });
    expect((await call(table, 'GET', '/v1/series/EU-REVIEW')).body.lastCycleId).toBe(
      'EU-REVIEW-2029',
    );
  });

  it('opens a cycle an interrupted tick left in DRAFT', async () => {
    await call(table, 'POST', '/v1/series', {
      body: { id: 'MONTHLY', template, rule: { ...rule, everyMonths: 6 } },
    });
    now = new Date('2029-09-01T00:05:00Z');
    const made = await call(table, 'POST', '/v1/cycles', {
      body: {
        ...template,
        id: 'MONTHLY-2029-09',
        seriesId: 'MONTHLY',
        opensAt: '2029-09-01T00:00:00Z',
        dueAt: '2029-10-31T00:00:00Z',
      },
    });
    expect(made.status).toBe(201);
    const report = await table.useCases.series.tick();
    expect(report).toMatchObject({ created: [], opened: ['MONTHLY-2029-09'] });
  });
});

describe('a tick that meets trouble', () => {
  it('leaves a period id taken by another body’s cycle alone, and carries on past a broken series', async () => {
    await call(table, 'POST', '/v1/series', {
      body: { id: 'TAKEN', template, rule: { ...rule, firstYear: 2031 } },
    });
    // Rabat's own draft happens to bear the id of TAKEN's 2031 period.
    await call(table, 'POST', '/v1/cycles', {
      body: {
        ...template,
        organiser: 'RABAT',
        id: 'TAKEN-2031',
        opensAt: '2031-03-01T00:00:00Z',
        dueAt: '2031-04-01T00:00:00Z',
      },
    });
    // A series stored before today's checks, whose cycles cannot be made.
    await table.repositories.series.create({
      id: 'BROKEN',
      template: {
        ...CycleInput.parse({
          ...template,
          id: 'X',
          opensAt: '2031-01-01T00:00:00Z',
          dueAt: '2031-02-01T00:00:00Z',
        }),
        respondents: null,
      },
      rule: { ...rule, firstYear: 2031 },
      lastCycleId: null,
      createdAt: '2030-01-01T00:00:00Z',
      version: 1,
    } as never);
    now = new Date('2031-03-01T00:05:00Z');
    const report = await table.useCases.series.tick();
    expect(report.blocked).toEqual(['TAKEN-2031']);
    expect(report.failed.map((f) => f.seriesId)).toEqual(['BROKEN']);
    expect((await call(table, 'GET', '/v1/cycles/TAKEN-2031')).body.status).toBe('DRAFT');
    // The other series were brought up to date all the same.
    expect(report.created).toContain('EU-REVIEW-2031');
  });
});

describe('cycles made by hand in a series', () => {
  it('follow one another, whatever previousCycleId the request says', async () => {
    await call(table, 'POST', '/v1/series', { body: { id: 'HAND', template } });
    const cycle = (id: string, previousCycleId: string | null) =>
      call(table, 'POST', '/v1/cycles', {
        body: {
          ...template,
          id,
          seriesId: 'HAND',
          previousCycleId,
          opensAt: '2030-01-01T00:00:00Z',
          dueAt: '2030-03-01T00:00:00Z',
        },
      });
    expect((await cycle('HAND-A', 'EU-REVIEW-2027')).body.previousCycleId).toBeNull();
    expect((await cycle('HAND-B', null)).body.previousCycleId).toBe('HAND-A');
    const unknown = await call(table, 'POST', '/v1/cycles', {
      body: {
        ...template,
        id: 'X',
        seriesId: 'NO-SERIES',
        opensAt: '2030-01-01T00:00:00Z',
        dueAt: '2030-03-01T00:00:00Z',
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].pointer).toBe('/seriesId');
  });

  it("join a series only with its organiser's leave", async () => {
    const asRabat: Guard = async (resource) => {
      if (resource.entityId !== 'RABAT') throw new ForbiddenError(`not ${resource.entityId}`);
    };
    const input = CycleInput.parse({
      ...template,
      organiser: 'RABAT',
      id: 'RABAT-IN-HAND',
      seriesId: 'HAND',
      opensAt: '2030-01-01T00:00:00Z',
      dueAt: '2030-03-01T00:00:00Z',
    });
    await expect(table.useCases.cycles.create(input, asRabat)).rejects.toThrow(ForbiddenError);
    expect((await call(table, 'GET', '/v1/series/HAND')).body.lastCycleId).toBe('HAND-B');
  });

  it('keep their series: a patch cannot move a cycle into or out of one', async () => {
    const res = await call(table, 'PATCH', '/v1/cycles/HAND-B', {
      ifMatch: '"1"',
      body: { seriesId: null },
    });
    expect(res.status).toBe(409);
  });
});

describe('changing a series', () => {
  it('patches the rule under its version, keeping the last cycle', async () => {
    const path = '/v1/series/EU-REVIEW';
    expect(
      (await call(table, 'PATCH', path, { body: { rule: { dueAfterDays: 90 } } })).status,
    ).toBe(428);
    const res = await call(table, 'PATCH', path, {
      ifMatch: '"1"',
      body: { rule: { dueAfterDays: 90 } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 2,
      lastCycleId: 'EU-REVIEW-2031',
      rule: { ...rule, dueAfterDays: 90 },
    });
    const bad = await call(table, 'PATCH', path, {
      ifMatch: '"2"',
      body: { template: { frameworkId: 'nope' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/template/frameworkId');
    expect((await call(table, 'GET', '/v1/series/NONE')).status).toBe(404);
  });

  it('never makes a period again when its rule changes to shorter periods', async () => {
    await call(table, 'POST', '/v1/series', { body: { id: 'SHIFT', template, rule } });
    now = new Date('2032-03-01T00:05:00Z');
    // 2027, 2029, 2031 went by unmade (missed periods are not created late); 2032 is not a period.
    expect((await table.useCases.series.tick()).created).not.toContain('SHIFT-2032');
    await call(table, 'PATCH', '/v1/series/SHIFT', {
      ifMatch: '"1"',
      body: { rule: { firstYear: 2032 } },
    });
    expect((await table.useCases.series.tick()).created).toContain('SHIFT-2032');
    await call(table, 'PATCH', '/v1/series/SHIFT', {
      ifMatch: '"2"',
      body: { rule: { everyMonths: 6 } },
    });
    // The same half-year's period is already made, under the yearly id: not made again.
    expect((await table.useCases.series.tick()).created).toEqual([]);
    now = new Date('2032-09-01T00:05:00Z');
    expect((await table.useCases.series.tick()).created).toContain('SHIFT-2032-09');
  });
});
