import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Contact,
  type EntityInput,
  type Notice,
  type NoticeDelivery,
  SHIPPED_FRAMEWORKS,
} from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/**
 * The review workflow's tasks against DynamoDB Local, driven as the state machine drives them
 * (plan, wait until the planned moment, act) on a clock the test moves.
 */

let now = new Date('2026-12-01T00:00:00Z');
const clock = { now: () => now };
/** Every delivery attempt, in order; addresses listed here fail. */
const delivered: Notice[] = [];
const failing = new Set<string>();
const delivery: NoticeDelivery = {
  async deliver(notice) {
    delivered.push(notice);
    if (notice.to && failing.has(notice.to)) throw new Error('mail server said no');
    return 'SENT';
  },
};
const closed: string[] = [];
let table: TestTable;

const contact = (role: Contact['role'], email: string, language = 'en'): Contact => ({
  role,
  name: email,
  email,
  language,
});

beforeAll(async () => {
  table = await createTestTable({
    clock,
    delivery,
    onClose: async (cycle) => {
      closed.push(cycle.id);
    },
  });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  const entities: EntityInput[] = [
    ...['FRA', 'MCO', 'HUN', 'SEN', 'DEU', 'AUT'].map((id) => state(id, 'EUROPE')),
    budapest,
  ];
  for (const entity of entities) await table.entities.create(entity, { seeded: true });
  const contacts: Record<string, Contact[]> = {
    // Marie is the focal point of France and of Monaco: she hears of both in one message.
    FRA: [
      contact('FOCAL_POINT', 'marie@example.org', 'fr'),
      contact('ALTERNATE_FOCAL_POINT', 'paul@example.org', 'fr'),
    ],
    MCO: [contact('FOCAL_POINT', 'marie@example.org', 'fr')],
    HUN: [contact('FOCAL_POINT', 'anna@example.org')],
    DEU: [contact('FOCAL_POINT', 'jonas@example.org')],
    AUT: [contact('FOCAL_POINT', 'eva@example.org')],
    BUDAPEST: [contact('SECRETARIAT', 'sec@example.org')],
  };
  for (const [id, items] of Object.entries(contacts))
    await table.repositories.contacts.replace(id, items, 0);
});
afterAll(() => table.drop());

async function openCycle(id: string, respondents: string[], change: Record<string, unknown> = {}) {
  const created = await call(table, 'POST', '/v1/cycles', {
    body: {
      id,
      title: { en: `Review ${id}`, fr: `Examen ${id}` },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      respondents,
      opensAt: '2026-12-01T00:00:00Z',
      dueAt: '2027-03-01T00:00:00Z',
      ...change,
    },
  });
  expect(created.status).toBe(201);
  expect((await call(table, 'POST', `/v1/cycles/${id}/open`)).status).toBe(200);
}

const submit = async (cycleId: string, entityId: string) => {
  await call(table, 'PUT', `/v1/cycles/${cycleId}/submissions/${entityId}`, {
    body: { entries: [] },
  });
  const submitted = await call(
    table,
    'POST',
    `/v1/cycles/${cycleId}/submissions/${entityId}/submit`,
  );
  expect(submitted.status).toBe(200);
};

async function outbox(cycleId: string): Promise<Notice[]> {
  return (await call(table, 'GET', `/v1/outbox?cycleId=${cycleId}&limit=500`)).body.items;
}

/** The workflow's digests, in order, as `KIND to: respondents`. */
async function digests(cycleId: string) {
  return (await outbox(cycleId))
    .filter((n) => n.kind === 'REMINDER' || n.kind === 'ESCALATION')
    .map(
      (n) => `${n.createdAt.slice(0, 10)} ${n.kind} ${n.to ?? 'nobody'}: ${n.entityIds.join(',')}`,
    )
    .sort();
}

/** Runs the loop as the state machine does until `until`: plan, move the clock to the planned moment, act. */
async function runUntil(cycleId: string, until: string) {
  const { round } = table.useCases;
  for (let turn = 0; turn < 100; turn++) {
    const plan = await round.plan(cycleId);
    if (plan.action === 'DONE' || !plan.at || plan.at > until) return plan;
    now = new Date(plan.at);
    await round.act(cycleId);
  }
  throw new Error('the round did not settle in 100 turns');
}

describe('a round, reminder by reminder', () => {
  beforeAll(async () => {
    now = new Date('2026-12-01T00:00:00Z');
    await openCycle('ROUND', ['FRA', 'MCO', 'HUN', 'SEN']);
  });

  it('reminds everyone who owes a report, one digest per person, in their language', async () => {
    const plan = await table.useCases.round.plan('ROUND');
    // Two months ahead: the workflow still looks in daily.
    expect(plan).toMatchObject({
      action: 'ACT',
      at: '2027-01-30T00:00:00.000Z',
      waitSeconds: 86_400,
    });
    await runUntil('ROUND', '2027-01-30T00:00:00.000Z');
    expect(await digests('ROUND')).toEqual([
      '2027-01-30 REMINDER anna@example.org: HUN',
      '2027-01-30 REMINDER marie@example.org: FRA,MCO',
      '2027-01-30 REMINDER nobody: SEN',
    ]);
    const marie = (await outbox('ROUND')).find(
      (n) => n.kind === 'REMINDER' && n.to === 'marie@example.org',
    );
    expect(marie?.subject).toBe('Examen ROUND : rappel, 2 rapports sont attendus');
  });

  it('acting again at the same moment sends nothing more', async () => {
    const before = delivered.length;
    expect(await table.useCases.round.act('ROUND')).toMatchObject({ digests: 0 });
    expect(delivered.length).toBe(before);
  });

  it('stops reminding a respondent once it has submitted', async () => {
    now = new Date('2027-02-10T00:00:00Z');
    await submit('ROUND', 'HUN');
    await runUntil('ROUND', '2027-02-28T00:00:00.000Z');
    const reminders = (await digests('ROUND')).filter((d) => d.includes('REMINDER'));
    expect(reminders.filter((d) => d.includes('anna'))).toHaveLength(1);
    expect(reminders.filter((d) => d.includes('marie'))).toHaveLength(3);
    const respondents = (await call(table, 'GET', '/v1/cycles/ROUND/respondents')).body.items;
    expect(respondents.map((r: { remindersSent: number }) => r.remindersSent)).toEqual([
      3, 1, 3, 3,
    ]);
  });

  it('marks the unsubmitted overdue at the due date, then climbs the escalation ladder', async () => {
    await runUntil('ROUND', '2027-03-11T00:00:00.000Z');
    const stored = await table.repositories.cycles.respondents('ROUND');
    expect(stored.filter((r) => r.overdueAt).map((r) => [r.entityId, r.overdueAt])).toEqual([
      ['FRA', '2027-03-01T00:00:00.000Z'],
      ['MCO', '2027-03-01T00:00:00.000Z'],
      ['SEN', '2027-03-01T00:00:00.000Z'],
    ]);
    const escalations = (await digests('ROUND')).filter((d) => d.includes('ESCALATION'));
    expect(escalations).toEqual([
      // First rung: the alternate focal point (France has one) and the organiser's secretariat.
      '2027-03-04 ESCALATION paul@example.org: FRA',
      '2027-03-04 ESCALATION sec@example.org: FRA,MCO,SEN',
      // Second rung: the organiser, with the full overdue list.
      '2027-03-11 ESCALATION sec@example.org: FRA,MCO,SEN',
    ]);
    const second = (await outbox('ROUND')).filter((n) => n.kind === 'ESCALATION').at(-1);
    expect(second?.body).toContain('Overdue now (3): FRA, MCO, SEN');
  });

  it('closes on time: missing marked, counts recorded, the organiser told, the close hook called', async () => {
    const plan = await runUntil('ROUND', '2027-12-31T00:00:00.000Z');
    expect(plan.action).toBe('DONE');
    const cycle = (await call(table, 'GET', '/v1/cycles/ROUND')).body;
    expect(cycle).toMatchObject({
      status: 'CLOSED',
      closedAt: '2027-03-12T00:00:00.000Z',
      closingCounts: { asked: 4, responded: 1, onTime: 1, late: 0, missing: 3 },
    });
    const stored = await table.repositories.cycles.respondents('ROUND');
    expect(stored.filter((r) => r.missing).map((r) => r.entityId)).toEqual(['FRA', 'MCO', 'SEN']);
    const notices = await outbox('ROUND');
    const report = notices.find((n) => n.kind === 'CLOSING_REPORT');
    expect(report).toMatchObject({ to: 'sec@example.org', status: 'SENT' });
    expect(report?.subject).toBe('Review ROUND closed: 1 of 4 reported');
    expect(notices.filter((n) => n.kind === 'CLOSED')).toHaveLength(5);
    expect(closed).toEqual(['ROUND']);
    expect(await table.repositories.cycles.pendingEvents('ROUND')).toEqual([]);
  });

  it('never delivered the same notice twice', () => {
    const ids = delivered.filter((n) => n.cycleId === 'ROUND').map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('returned submissions, extensions and late joiners', () => {
  beforeAll(async () => {
    now = new Date('2026-12-01T00:00:00Z');
    await openCycle('TURNS', ['FRA', 'DEU'], {
      reminders: { beforeDueDays: [7], escalateAfterDays: [3, 10] },
    });
  });

  it('escalates a returned submission left untouched for the first escalation offset', async () => {
    now = new Date('2027-01-10T00:00:00Z');
    await submit('TURNS', 'FRA');
    now = new Date('2027-01-20T00:00:00Z');
    const returned = await call(table, 'POST', '/v1/cycles/TURNS/submissions/FRA/review', {
      body: { decision: 'RETURN', comment: 'Please add the indicators.' },
    });
    expect(returned.status).toBe(200);
    await runUntil('TURNS', '2027-01-23T00:00:00.000Z');
    expect(await digests('TURNS')).toEqual([
      '2027-01-23 ESCALATION paul@example.org: FRA',
      '2027-01-23 ESCALATION sec@example.org: FRA',
    ]);
    const body = (await outbox('TURNS')).find((n) => n.to === 'sec@example.org')?.body;
    expect(body).toContain('- FRA: submission returned on 2027-01-20, not resubmitted');
  });

  it('reminds a returned submission before the due date, and no more once resubmitted', async () => {
    await runUntil('TURNS', '2027-02-22T00:00:00.000Z');
    expect((await digests('TURNS')).slice(2)).toEqual([
      '2027-02-22 REMINDER jonas@example.org: DEU',
      '2027-02-22 REMINDER marie@example.org: FRA',
    ]);
    now = new Date('2027-02-23T00:00:00Z');
    await call(table, 'POST', '/v1/cycles/TURNS/submissions/FRA/submit');
  });

  it('gives an extended respondent its own reminders, and a late joiner only those after it joined', async () => {
    const extended = await call(table, 'PATCH', '/v1/cycles/TURNS/respondents/DEU', {
      body: { dueAt: '2027-03-20T00:00:00Z' },
    });
    expect(extended.status).toBe(200);
    now = new Date('2027-03-10T00:00:00Z');
    const joined = await call(table, 'POST', '/v1/cycles/TURNS/respondents', {
      body: { entityId: 'AUT', dueAt: '2027-03-15T00:00:00Z' },
    });
    expect(joined.status).toBe(201);
    await runUntil('TURNS', '2027-03-15T00:00:00.000Z');
    expect((await digests('TURNS')).slice(4)).toEqual([
      '2027-03-13 REMINDER jonas@example.org: DEU',
    ]);
    expect((await digests('TURNS')).some((d) => d.includes('eva@'))).toBe(false);
    const plan = await table.useCases.round.plan('TURNS');
    expect(plan).toMatchObject({ action: 'ACT', at: '2027-03-18T00:00:00.000Z' });
  });
});

describe('resilience', () => {
  beforeAll(async () => {
    now = new Date('2026-12-01T00:00:00Z');
    await openCycle('STURDY', ['FRA', 'HUN', 'DEU'], {
      reminders: { beforeDueDays: [7], escalateAfterDays: [3] },
    });
  });

  it('one failed delivery never stops the round: that notice is FAILED, the others go out', async () => {
    failing.add('anna@example.org');
    const plan = await runUntil('STURDY', '2027-02-22T00:00:00.000Z');
    failing.clear();
    expect(plan.action).toBe('ACT');
    const statuses = Object.fromEntries(
      (await outbox('STURDY')).filter((n) => n.kind === 'REMINDER').map((n) => [n.to, n.status]),
    );
    expect(statuses).toEqual({
      'anna@example.org': 'FAILED',
      'jonas@example.org': 'SENT',
      'marie@example.org': 'SENT',
    });
  });

  it('a digest written by a run that stopped before delivering it is delivered by the next run, once', async () => {
    now = new Date('2027-03-04T00:00:00Z');
    const cycle = await table.useCases.cycles.get('STURDY');
    // What a task that died between its write and its delivery leaves behind.
    const orphan: Notice = {
      id: 'N-STURDY-D-0000000000000001',
      kind: 'ESCALATION',
      cycleId: 'STURDY',
      entityIds: ['HUN'],
      to: 'sec@example.org',
      language: 'en',
      subject: 'orphan',
      body: 'orphan',
      status: 'PENDING',
      createdAt: now.toISOString(),
    };
    const key = `HUN|ESCALATION:${cycle.dueAt}:1`;
    expect(
      await table.repositories.rounds.recordDigest('STURDY', 'sec@example.org', orphan, [key]),
    ).toBe(true);
    await table.useCases.round.act('STURDY');
    await table.useCases.round.act('STURDY');
    const toSecretariat = delivered.filter(
      (n) => n.cycleId === 'STURDY' && n.to === 'sec@example.org',
    );
    expect(toSecretariat.map((n) => [n.id === orphan.id, n.entityIds])).toEqual([
      [true, ['HUN']],
      [false, ['DEU', 'FRA']],
    ]);
  });

  it('records a failed step on the cycle and tells the administrator, then plans a retry', async () => {
    const retry = await table.useCases.round.recordFailure('STURDY', {
      Error: 'ProvisionedThroughputExceededException',
      Cause: 'slow down',
    });
    expect(retry).toMatchObject({ action: 'ACT', waitSeconds: 900 });
    expect(await table.repositories.rounds.state('STURDY')).toMatchObject({
      failures: 1,
      lastFailure: { error: 'ProvisionedThroughputExceededException', cause: 'slow down' },
    });
    const failure = (await outbox('STURDY')).find((n) => n.kind === 'WORKFLOW_FAILED');
    expect(failure).toMatchObject({ to: null, status: 'UNDELIVERABLE' });
    expect(failure?.body).toContain('ProvisionedThroughputExceededException: slow down');
  });

  it('backs off on failures in a row, tells the administrator once per run of them, and starts afresh after a good Act', async () => {
    const again = await table.useCases.round.recordFailure('STURDY', {
      Error: 'ProvisionedThroughputExceededException',
      Cause: 'still slow',
    });
    expect(again.waitSeconds).toBe(1800);
    const failures = (await outbox('STURDY')).filter((n) => n.kind === 'WORKFLOW_FAILED');
    expect(failures).toHaveLength(1);
    await table.useCases.round.act('STURDY');
    expect(await table.repositories.rounds.state('STURDY')).toMatchObject({
      failures: 2,
      streak: 0,
    });
  });

  it("records its steps beside the respondent, never moving the respondent's version", async () => {
    const before = await table.repositories.cycles.respondent('STURDY', 'FRA');
    now = new Date('2027-03-05T00:00:00Z');
    await table.repositories.cycles.recordRound('STURDY', 'FRA', {
      steps: ['REMINDER:test:9'],
      reminders: ['REMINDER:test:9'],
    });
    const after = await table.repositories.cycles.respondent('STURDY', 'FRA');
    expect(after?.version).toBe(before?.version);
    expect(after?.remindersSent).toBe((before?.remindersSent ?? 0) + 1);
    // Recording the same again changes nothing.
    await table.repositories.cycles.recordRound('STURDY', 'FRA', {
      steps: ['REMINDER:test:9'],
      reminders: ['REMINDER:test:9'],
    });
    expect((await table.repositories.cycles.respondent('STURDY', 'FRA'))?.remindersSent).toBe(
      after?.remindersSent,
    );
  });

  it("the organiser's close while the workflow waits: recorded, the execution stopped, the close finished at once", async () => {
    const closing = await call(table, 'POST', '/v1/cycles/STURDY/close');
    expect(closing.status).toBe(200);
    expect(table.workflowCalls.filter((c) => c.cycleId === 'STURDY')).toEqual([
      { call: 'start', cycleId: 'STURDY', generation: 1 },
      { call: 'stop', cycleId: 'STURDY', generation: 1 },
    ]);
    expect((await outbox('STURDY')).filter((n) => n.kind === 'CLOSING_REPORT')).toHaveLength(1);
    expect(await table.useCases.round.plan('STURDY')).toMatchObject({ action: 'DONE' });
    expect(await table.useCases.round.act('STURDY')).toMatchObject({ digests: 0, closed: false });
    expect((await outbox('STURDY')).filter((n) => n.kind === 'CLOSING_REPORT')).toHaveLength(1);
  });

  it('an Act still running when the close lands sends nothing after it', async () => {
    const late: Notice = {
      id: 'N-STURDY-D-00000000000000FF',
      kind: 'REMINDER',
      cycleId: 'STURDY',
      entityIds: ['DEU'],
      to: 'jonas@example.org',
      language: 'en',
      subject: 'too late',
      body: 'too late',
      status: 'PENDING',
      createdAt: now.toISOString(),
    };
    expect(
      await table.repositories.rounds.recordDigest('STURDY', 'jonas@example.org', late, ['x']),
    ).toBe(false);
    expect(await table.repositories.notices.get(late.id)).toBeUndefined();
  });
});

describe('a close cut short', () => {
  it('is finished by the retried close (or by the workflow), once', async () => {
    now = new Date('2026-12-01T00:00:00Z');
    await openCycle('CUT', ['HUN']);
    const current = await table.useCases.cycles.get('CUT');
    // What a close request that died after its first write leaves: CLOSED, the event pending.
    await table.useCases.round.recordClose(current);
    expect(await table.repositories.cycles.pendingEvents('CUT')).toEqual(['CLOSED']);
    expect(await table.useCases.round.plan('CUT')).toMatchObject({
      action: 'CLOSE',
      waitSeconds: 0,
    });

    const retried = await call(table, 'POST', '/v1/cycles/CUT/close');
    expect(retried.status).toBe(200);
    expect(await table.repositories.cycles.pendingEvents('CUT')).toEqual([]);
    const notices = await outbox('CUT');
    expect(notices.filter((n) => n.kind === 'CLOSING_REPORT')).toHaveLength(1);
    expect(notices.filter((n) => n.kind === 'CLOSED').map((n) => n.to)).toEqual([
      'anna@example.org',
    ]);
    expect((await call(table, 'POST', '/v1/cycles/CUT/close')).status).toBe(409);
  });
});
