import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/** A clock the test moves: a month passes in a line. */
let now = new Date('2027-01-01T00:00:00Z');
const clock = { now: () => now };
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable({ clock });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    state('FRA', 'EUROPE'),
    state('HUN', 'EUROPE'),
    state('SEN', 'AFRICA'),
    budapest,
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
  await call(table, 'POST', '/v1/cycles', {
    body: {
      id: 'TIMED',
      title: { en: 'Timed' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'BUDAPEST',
      respondents: ['FRA', 'HUN', 'SEN'],
      opensAt: '2026-12-15T00:00:00Z',
      dueAt: '2027-01-31T00:00:00Z',
    },
  });
  await call(table, 'POST', '/v1/cycles/TIMED/open');
});
afterAll(() => table.drop());

const respondents = async () =>
  Object.fromEntries(
    (await call(table, 'GET', '/v1/cycles/TIMED/respondents')).body.items.map(
      (r: { entityId: string }) => [r.entityId, r],
    ),
  );
const submit = async (entityId: string) => {
  await call(table, 'PUT', `/v1/cycles/TIMED/submissions/${entityId}`, { body: { entries: [] } });
  return call(table, 'POST', `/v1/cycles/TIMED/submissions/${entityId}/submit`);
};

describe('lateness, by the clock', () => {
  it('is on time before the due date, overdue after it, late when first submitted after it', async () => {
    await submit('FRA');
    now = new Date('2027-02-10T00:00:00Z');
    let flags = await respondents();
    expect(flags.FRA).toMatchObject({ late: false, overdue: false });
    expect(flags.HUN).toMatchObject({ late: false, overdue: true });

    await call(table, 'PATCH', '/v1/cycles/TIMED/respondents/SEN', {
      body: { dueAt: '2027-03-01T00:00:00Z' },
    });
    await submit('HUN');
    await submit('SEN');
    flags = await respondents();
    expect(flags.HUN).toMatchObject({ late: true, overdue: false });
    expect(flags.SEN).toMatchObject({ late: false, overdue: false, dueAt: '2027-03-01T00:00:00Z' });
    const history = await call(table, 'GET', '/v1/cycles/TIMED/submissions/HUN/history');
    expect(history.body.items[0]).toMatchObject({
      late: true,
      submittedAt: '2027-02-10T00:00:00.000Z',
    });
  });

  it('judges lateness by the first submission, even after a return and a late resubmission', async () => {
    await call(table, 'POST', '/v1/cycles/TIMED/submissions/FRA/review', {
      body: { decision: 'RETURN', comment: 'More, please.' },
    });
    now = new Date('2027-03-15T00:00:00Z');
    await call(table, 'POST', '/v1/cycles/TIMED/submissions/FRA/submit');
    expect((await respondents()).FRA).toMatchObject({ late: false, status: 'SUBMITTED' });
  });
});
