import { describe, expect, it } from 'vitest';
import {
  type Contact,
  type Cycle,
  CycleInput,
  closesAt,
  composeDigests,
  dueSteps,
  newRespondent,
  pendingSteps,
  planNext,
  type Respondent,
  type RoundStep,
  realSecondsUntil,
  renderDigest,
  scaledClock,
  stepsOf,
} from '#core';

/**
 * The review workflow's rules on a fake clock: a cycle opened on 1 December, due on 1 March,
 * reminders 30, 7 and 1 day before, escalations 3 and 10 days after.
 */
const OPENED = '2026-12-01T00:00:00.000Z';
const DUE = '2027-03-01T00:00:00.000Z';
const day = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000);

const cycle = (change: Partial<Cycle> = {}): Cycle => ({
  ...CycleInput.parse({
    id: 'EU-REVIEW-2026',
    title: { en: 'European review 2026', fr: 'Examen européen 2026' },
    kind: 'REVIEW',
    frameworkId: 'gcm-2018',
    organiser: 'BUDAPEST',
    scope: { memberOf: 'BUDAPEST' },
    opensAt: OPENED,
    dueAt: DUE,
  }),
  status: 'OPEN',
  version: 2,
  openedAt: OPENED,
  ...change,
});

const respondent = (entityId: string, change: Partial<Respondent> = {}): Respondent => ({
  ...newRespondent('EU-REVIEW-2026', {
    entityId,
    kind: 'STATE',
    regions: ['EUROPE'],
    memberOf: ['BUDAPEST'],
  }),
  ...change,
});

const describeSteps = (steps: RoundStep[]) =>
  steps.map((s) => `${s.kind}${s.level} ${s.at.toISOString().slice(0, 10)}`).sort();

describe('the steps a respondent calls for', () => {
  it('while it has not submitted: reminders before its due date, the due date, the escalation ladder', () => {
    expect(describeSteps(stepsOf(cycle(), respondent('FRA')))).toEqual([
      'DUE0 2027-03-01',
      'ESCALATION1 2027-03-04',
      'ESCALATION2 2027-03-11',
      'REMINDER1 2027-02-28',
      'REMINDER30 2027-01-30',
      'REMINDER7 2027-02-22',
    ]);
  });

  it('none once it has submitted', () => {
    const submitted = respondent('FRA', {
      status: 'SUBMITTED',
      firstSubmittedAt: '2027-02-01T00:00:00Z',
    });
    expect(stepsOf(cycle(), submitted)).toEqual([]);
  });

  it('a returned submission is reminded again and escalated once, after the first escalation offset', () => {
    const returned = respondent('FRA', {
      status: 'RETURNED',
      firstSubmittedAt: '2027-02-01T00:00:00Z',
      returnedAt: '2027-02-10T00:00:00.000Z',
    });
    expect(describeSteps(stepsOf(cycle(), returned))).toEqual([
      'REMINDER1 2027-02-28',
      'REMINDER30 2027-01-30',
      'REMINDER7 2027-02-22',
      'RETURNED1 2027-02-13',
    ]);
  });

  it('escalates a returned submission only while nobody has touched its draft since the return', () => {
    const returned = {
      status: 'RETURNED' as const,
      firstSubmittedAt: '2027-02-01T00:00:00Z',
      returnedAt: '2027-02-10T00:00:00.000Z',
    };
    const edited = respondent('FRA', { ...returned, lastEditedAt: '2027-02-11T00:00:00.000Z' });
    const before = respondent('FRA', { ...returned, lastEditedAt: '2027-02-05T00:00:00.000Z' });
    expect(stepsOf(cycle(), edited).map((s) => s.kind)).not.toContain('RETURNED');
    expect(stepsOf(cycle(), before).map((s) => s.kind)).toContain('RETURNED');
  });

  it('skips offsets that fall before opening', () => {
    const lateOpening = cycle({ openedAt: '2027-02-25T00:00:00.000Z' });
    expect(describeSteps(pendingSteps(lateOpening, respondent('FRA')))).toEqual([
      'DUE0 2027-03-01',
      'ESCALATION1 2027-03-04',
      'ESCALATION2 2027-03-11',
      'REMINDER1 2027-02-28',
    ]);
  });

  it("skips a late joiner's offsets that fell before it joined", () => {
    const joiner = respondent('HUN', { joinedAt: '2027-02-23T00:00:00.000Z' });
    expect(describeSteps(pendingSteps(cycle(), joiner))).not.toContain('REMINDER7 2027-02-22');
    expect(describeSteps(pendingSteps(cycle(), joiner))).toContain('REMINDER1 2027-02-28');
  });

  it('an extension earns its own reminders: the steps done for the old date do not count', () => {
    const before = respondent('FRA');
    const done = stepsOf(cycle(), before)
      .filter((s) => s.at <= new Date('2027-02-23T00:00:00Z'))
      .map((s) => s.key);
    const extended = respondent('FRA', { dueAt: '2027-03-15T00:00:00.000Z', stepsDone: done });
    expect(describeSteps(pendingSteps(cycle(), extended))).toEqual([
      'DUE0 2027-03-15',
      'ESCALATION1 2027-03-18',
      'ESCALATION2 2027-03-25',
      'REMINDER1 2027-03-14',
      'REMINDER30 2027-02-13',
      'REMINDER7 2027-03-08',
    ]);
  });
});

describe('what is due now', () => {
  it('the step whose moment has come, not the ones done or still ahead', () => {
    const now = new Date('2027-02-22T00:00:00Z');
    const done = respondent('FRA', { stepsDone: ['REMINDER:2027-03-01T00:00:00.000Z:30'] });
    const { due, skipped } = dueSteps(cycle(), done, now);
    expect(describeSteps(due)).toEqual(['REMINDER7 2027-02-22']);
    expect(skipped).toEqual([]);
  });

  it('after a hold-up, only the latest rung of each ladder; the older ones are passed over', () => {
    const now = new Date('2027-02-27T00:00:00Z');
    const { due, skipped } = dueSteps(cycle(), respondent('FRA'), now);
    expect(describeSteps(due)).toEqual(['REMINDER7 2027-02-22']);
    expect(describeSteps(skipped)).toEqual(['REMINDER30 2027-01-30']);
  });

  it('no reminder once the due date has passed: the escalation ladder takes over', () => {
    const now = new Date('2027-03-12T00:00:00Z');
    const { due, skipped } = dueSteps(cycle(), respondent('FRA'), now);
    expect(describeSteps(due)).toEqual(['DUE0 2027-03-01', 'ESCALATION2 2027-03-11']);
    expect(describeSteps(skipped)).toEqual([
      'ESCALATION1 2027-03-04',
      'REMINDER1 2027-02-28',
      'REMINDER30 2027-01-30',
      'REMINDER7 2027-02-22',
    ]);
  });

  it('a submission returned after the reminder offsets gets no stale reminder for them', () => {
    const returned = respondent('FRA', {
      status: 'RETURNED',
      firstSubmittedAt: '2027-01-10T00:00:00Z',
      returnedAt: '2027-02-25T00:00:00.000Z',
    });
    expect(describeSteps(pendingSteps(cycle(), returned))).toEqual([
      'REMINDER1 2027-02-28',
      'RETURNED1 2027-02-28',
    ]);
  });
});

describe("a contributor's reminders", () => {
  const invited = (contributorId: string, at: string, ready = false) => ({
    contributorId,
    invitedAt: at,
    ready,
  });

  it('follow the reminder offsets from its invitation on, while its contribution is not ready', () => {
    const contributions = [
      invited('MOI', day(DUE, -10).toISOString()),
      invited('MFA', OPENED, true),
    ];
    const pending = pendingSteps(cycle(), respondent('FRA'), contributions).filter(
      (s) => s.kind === 'CONTRIBUTION',
    );
    expect(pending.map((s) => `${s.contributorId} ${s.level}`)).toEqual(['MOI 7', 'MOI 1']);
  });

  it('stop once the report is submitted, and come one at a time per contributor after a hold-up', () => {
    const contributions = [invited('MOI', OPENED), invited('MFA', OPENED)];
    const submitted = respondent('FRA', { status: 'SUBMITTED', firstSubmittedAt: OPENED });
    expect(stepsOf(cycle(), submitted, contributions)).toEqual([]);
    const { due, skipped } = dueSteps(cycle(), respondent('FRA'), day(DUE, -2), contributions);
    const toContributors = due.filter((s) => s.kind === 'CONTRIBUTION');
    expect(toContributors.map((s) => `${s.contributorId} ${s.level}`).sort()).toEqual([
      'MFA 7',
      'MOI 7',
    ]);
    expect(skipped.filter((s) => s.kind === 'CONTRIBUTION')).toHaveLength(2);
  });

  it("go to the contributor's own contacts, or stay UNDELIVERABLE when it has none", () => {
    const contacts: Contact[] = [
      { role: 'FOCAL_POINT', name: 'M', email: 'marie@example.org', language: 'fr' },
      {
        role: 'CONTRIBUTOR',
        contributorId: 'MOI',
        name: 'I',
        email: 'interieur@example.org',
        language: 'fr',
      },
    ];
    const contributions = [invited('MOI', OPENED), invited('MFA', OPENED)];
    const { due } = dueSteps(cycle(), respondent('FRA'), day(DUE, -7), contributions);
    const digests = composeDigests(cycle(), due, (id) => (id === 'FRA' ? contacts : []), []);
    const byKey = new Map(digests.map((d) => [d.recipient.key, d]));
    const digestTo = (key: string) => {
      const digest = byKey.get(key);
      if (!digest) throw new Error(`no digest to ${key}`);
      return digest;
    };
    expect([...byKey.keys()].sort()).toEqual([
      'interieur@example.org',
      'marie@example.org',
      'none:FRA/MFA',
    ]);
    const notice = renderDigest(cycle(), digestTo('interieur@example.org'), day(DUE, -7));
    expect(notice.subject).toBe(
      'Examen européen 2026 : rappel, votre contribution au rapport de FRA est attendue avant le 2027-03-01',
    );
    expect(renderDigest(cycle(), digestTo('none:FRA/MFA'), day(DUE, -7)).status).toBe(
      'UNDELIVERABLE',
    );
  });
});

describe('when the cycle closes by itself', () => {
  it('at its lock date when it has one', () => {
    const locked = cycle({ locksAt: '2027-03-05T00:00:00.000Z' });
    expect(closesAt(locked, [respondent('FRA')]).toISOString()).toBe('2027-03-05T00:00:00.000Z');
  });

  it('else at the latest due date, extensions included, plus the last escalation and a day', () => {
    expect(closesAt(cycle(), [respondent('FRA')])).toEqual(day(DUE, 11));
    const extended = respondent('HUN', { dueAt: '2027-03-20T00:00:00.000Z' });
    expect(closesAt(cycle(), [respondent('FRA'), extended])).toEqual(
      day('2027-03-20T00:00:00.000Z', 11),
    );
  });
});

describe('the next move', () => {
  const everyone = [respondent('FRA'), respondent('HUN')];

  it('waits for the soonest pending step, looking in again every day meanwhile', () => {
    expect(planNext(cycle(), everyone, new Date(OPENED))).toEqual({
      action: 'ACT',
      at: new Date('2027-01-30T00:00:00.000Z'),
      wakeAt: day(OPENED, 1),
    });
    const eve = new Date('2027-01-29T12:00:00.000Z');
    expect(planNext(cycle(), everyone, eve).wakeAt).toEqual(new Date('2027-01-30T00:00:00.000Z'));
  });

  it('acts at once when a step is overdue (a restart, an outage)', () => {
    const now = new Date('2027-02-01T00:00:00Z');
    expect(planNext(cycle(), everyone, now)).toEqual({ action: 'ACT', at: now, wakeAt: now });
  });

  it('closes when nothing is left before the close', () => {
    const submitted = everyone.map((r) => ({
      ...r,
      status: 'SUBMITTED' as const,
      firstSubmittedAt: '2027-01-10T00:00:00Z',
    }));
    expect(planNext(cycle(), submitted, new Date(OPENED))).toMatchObject({
      action: 'CLOSE',
      at: day(DUE, 11),
    });
  });

  it('picks up a manual close, and finishes one left unfinished', () => {
    const now = new Date('2027-02-01T00:00:00Z');
    expect(planNext(cycle({ status: 'CLOSED' }), everyone, now)).toEqual({
      action: 'DONE',
      at: null,
      wakeAt: null,
    });
    expect(planNext(cycle({ status: 'CLOSED' }), everyone, now, true)).toEqual({
      action: 'CLOSE',
      at: now,
      wakeAt: now,
    });
    expect(planNext(cycle({ status: 'CANCELLED' }), everyone, now, true).action).toBe('DONE');
  });

  it('finishes the notices of an interrupted opening at once', () => {
    expect(planNext(cycle(), everyone, new Date(OPENED), true)).toEqual({
      action: 'ACT',
      at: new Date(OPENED),
      wakeAt: new Date(OPENED),
    });
  });
});

describe('digests', () => {
  const contact = (role: Contact['role'], email: string, language = 'en'): Contact => ({
    role,
    name: email.split('@')[0] ?? email,
    email,
    language,
  });
  const contacts: Record<string, Contact[]> = {
    FRA: [
      contact('FOCAL_POINT', 'marie@example.org', 'fr'),
      contact('ALTERNATE_FOCAL_POINT', 'paul@example.org', 'fr'),
    ],
    MCO: [contact('FOCAL_POINT', 'Marie@example.org', 'fr')],
    HUN: [contact('FOCAL_POINT', 'anna@example.org')],
    BUDAPEST: [contact('SECRETARIAT', 'sec@example.org')],
  };
  const contactsOf = (id: string) => contacts[id] ?? [];
  const stepOf = (entityId: string, kind: RoundStep['kind'], level: number): RoundStep => {
    const step = stepsOf(cycle(), respondent(entityId)).find(
      (s) => s.kind === kind && s.level === level,
    );
    if (!step) throw new Error(`no ${kind}${level} for ${entityId}`);
    return step;
  };

  it('one per recipient: a focal point of two respondents hears of both in one message', () => {
    const digests = composeDigests(
      cycle(),
      [stepOf('FRA', 'REMINDER', 7), stepOf('MCO', 'REMINDER', 7), stepOf('HUN', 'REMINDER', 7)],
      contactsOf,
      [],
    );
    expect(digests.map((d) => [d.recipient.key, d.steps.map((s) => s.entityId)])).toEqual([
      ['marie@example.org', ['FRA', 'MCO']],
      ['anna@example.org', ['HUN']],
    ]);
    // Sent a day late (after an outage): the days left count from now.
    const notice = renderDigest(
      cycle(),
      digests[0] as (typeof digests)[0],
      new Date('2027-02-23T00:00:00Z'),
    );
    expect(notice).toMatchObject({ kind: 'REMINDER', language: 'fr', entityIds: ['FRA', 'MCO'] });
    expect(notice.subject).toBe('Examen européen 2026 : rappel, 2 rapports sont attendus');
    expect(notice.body).toContain('- FRA : rapport attendu le 2027-03-01 (dans 6 jours)');
  });

  it('the first escalation goes to the alternate focal point and the organiser; later ones to the organiser with the overdue list', () => {
    const first = composeDigests(cycle(), [stepOf('FRA', 'ESCALATION', 1)], contactsOf, [
      'FRA',
      'HUN',
    ]);
    expect(first.map((d) => [d.recipient.key, d.overdue])).toEqual([
      ['paul@example.org', []],
      ['sec@example.org', []],
    ]);
    const second = composeDigests(cycle(), [stepOf('FRA', 'ESCALATION', 2)], contactsOf, [
      'FRA',
      'HUN',
    ]);
    expect(second.map((d) => [d.recipient.key, d.overdue])).toEqual([
      ['sec@example.org', ['FRA', 'HUN']],
    ]);
    const notice = renderDigest(cycle(), second[0] as (typeof second)[0], day(DUE, 10));
    expect(notice.kind).toBe('ESCALATION');
    expect(notice.body).toContain('- FRA: report due 2027-03-01, not submitted (10 days late)');
    expect(notice.body).toContain('Overdue now (2): FRA, HUN');
  });

  it('the due date itself sends nothing; a respondent with no contact gets an UNDELIVERABLE digest the organiser sees', () => {
    const digests = composeDigests(
      cycle(),
      [stepOf('FRA', 'DUE', 0), stepOf('SEN', 'REMINDER', 1)],
      contactsOf,
      [],
    );
    expect(digests.map((d) => d.recipient.key)).toEqual(['none:SEN']);
    const notice = renderDigest(cycle(), digests[0] as (typeof digests)[0], new Date());
    expect(notice).toMatchObject({ to: null, status: 'UNDELIVERABLE', entityIds: ['SEN'] });
  });

  it('has an id fixed by recipient and steps, so a repeated task writes the same digest', () => {
    const steps = [stepOf('FRA', 'REMINDER', 7), stepOf('MCO', 'REMINDER', 7)];
    const [a] = composeDigests(cycle(), steps, contactsOf, []);
    const [b] = composeDigests(cycle(), steps.toReversed(), contactsOf, []);
    const [c] = composeDigests(cycle(), steps.slice(0, 1), contactsOf, []);
    const at = new Date();
    const id = (d: typeof a) => renderDigest(cycle(), d as NonNullable<typeof a>, at).id;
    expect(id(a)).toBe(id(b));
    expect(id(a)).not.toBe(id(c));
    expect(id(a)).toMatch(/^N-EU-REVIEW-2026-D-[0-9A-F]{16}$/);
  });
});

describe('a scaled clock', () => {
  it('runs faster by its scale, and turns simulated waits into real seconds', () => {
    const clock = scaledClock(86_400, new Date(OPENED));
    expect(Math.abs(clock.now().getTime() - Date.parse(OPENED))).toBeLessThan(86_400 * 50);
    expect(realSecondsUntil(clock, day(OPENED, 3))).toBe(3);
    expect(realSecondsUntil(clock, day(OPENED, -1))).toBe(0);
    expect(realSecondsUntil({ now: () => new Date(OPENED) }, day(OPENED, 1))).toBe(86_400);
  });
});
