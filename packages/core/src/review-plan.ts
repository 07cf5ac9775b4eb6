import type { Contribution } from './contribution.ts';
import { type Cycle, dueDateOf, dueDatesOf, latestClose, type Respondent } from './cycle.ts';

/**
 * The review workflow's rules, as pure functions of a cycle, its respondents and the time: which
 * reminders and escalations each respondent's state calls for, which are due now, and when the
 * workflow should next wake up. The workflow's tasks read the data and write the effects.
 */

const DAY_MS = 86_400_000;

/** CONTRIBUTION: a reminder to a contributor whose contribution is not ready. */
export type StepKind = 'REMINDER' | 'DUE' | 'ESCALATION' | 'RETURNED' | 'CONTRIBUTION';

/** What the plan needs of a contribution: whose, since when, and whether it is ready. */
export type AwaitedContribution = Pick<Contribution, 'contributorId' | 'invitedAt' | 'ready'>;

/** One thing the round owes one respondent at one moment. */
export interface RoundStep {
  kind: StepKind;
  entityId: string;
  /** The respondent's due date the step belongs to: an extension earns its own steps. */
  dueAt: string;
  at: Date;
  /** Days before the due date for a reminder; the rung of the ladder (from 1) for an escalation. */
  level: number;
  /** Names the step among the respondent's: kind, due date (or return date) and level. */
  key: string;
  /** For a RETURNED step: when the submission was returned. */
  returnedAt?: string | undefined;
  /** For a CONTRIBUTION step: the contributor reminded, and when it was invited. */
  contributorId?: string | undefined;
  invitedAt?: string | undefined;
}

/** Still owes a report: never submitted, or returned and not resubmitted. */
export function awaitsReport(respondent: Respondent): boolean {
  return respondent.firstSubmittedAt === null || respondent.status === 'RETURNED';
}

/**
 * Every step the respondent's current state calls for, done or not: reminders while it owes a
 * report (to its contributors too, while their contributions are not ready), the due date and
 * the escalation ladder while it never submitted, and one escalation of a returned submission
 * left untouched for the first escalation offset.
 */
export function stepsOf(
  cycle: Pick<Cycle, 'dueAt' | 'reminders'>,
  respondent: Respondent,
  contributions: readonly AwaitedContribution[] = [],
): RoundStep[] {
  const dueAt = dueDateOf(respondent, cycle);
  const due = Date.parse(dueAt);
  const step = (kind: StepKind, at: number, level: number, returnedAt?: string): RoundStep => ({
    kind,
    entityId: respondent.entityId,
    dueAt,
    at: new Date(at),
    level,
    key: `${kind}:${returnedAt ?? dueAt}:${level}`,
    ...(returnedAt && { returnedAt }),
  });
  const steps: RoundStep[] = [];
  if (awaitsReport(respondent)) {
    for (const days of cycle.reminders.beforeDueDays)
      steps.push(step('REMINDER', due - days * DAY_MS, days));
    for (const { contributorId, invitedAt } of contributions.filter((c) => !c.ready)) {
      for (const days of cycle.reminders.beforeDueDays)
        steps.push({
          ...step('CONTRIBUTION', due - days * DAY_MS, days),
          key: `CONTRIBUTION:${contributorId}:${dueAt}:${days}`,
          contributorId,
          invitedAt,
        });
    }
  }
  if (respondent.firstSubmittedAt === null) {
    steps.push(step('DUE', due, 0));
    cycle.reminders.escalateAfterDays.forEach((days, index) => {
      steps.push(step('ESCALATION', due + days * DAY_MS, index + 1));
    });
  }
  const firstEscalation = cycle.reminders.escalateAfterDays[0];
  // A returned submission is escalated only if nobody has touched its draft since the return.
  const { returnedAt, lastEditedAt } = respondent;
  const untouched = !lastEditedAt || !returnedAt || lastEditedAt <= returnedAt;
  if (respondent.status === 'RETURNED' && returnedAt && untouched && firstEscalation) {
    steps.push(step('RETURNED', Date.parse(returnedAt) + firstEscalation * DAY_MS, 1, returnedAt));
  }
  return steps;
}

/**
 * Steps not yet dealt with: not recorded as done, and later than the moment the respondent was
 * asked (offsets that fall before opening or joining are skipped); a returned submission's
 * reminders count from its return, not before.
 */
export function pendingSteps(
  cycle: Pick<Cycle, 'dueAt' | 'reminders' | 'openedAt'>,
  respondent: Respondent,
  contributions: readonly AwaitedContribution[] = [],
): RoundStep[] {
  const done = new Set(respondent.stepsDone ?? []);
  const asked = Date.parse(respondent.joinedAt ?? cycle.openedAt ?? '') || 0;
  const returned = Date.parse(respondent.returnedAt ?? '') || 0;
  return stepsOf(cycle, respondent, contributions).filter((step) => {
    // A contributor is reminded only of offsets after it was invited.
    const invited = Date.parse(step.invitedAt ?? '') || 0;
    const since = isReminder(step) ? Math.max(asked, returned, invited) : asked;
    return !done.has(step.key) && step.at.getTime() > since;
  });
}

/** Reminders (to the respondent or a contributor) come before the due date, never after. */
export function isReminder(step: Pick<RoundStep, 'kind'>): boolean {
  return step.kind === 'REMINDER' || step.kind === 'CONTRIBUTION';
}

/**
 * What is due at `now`, and what is passed over: on each ladder only the latest rung that has
 * come is acted on, so a round that was held up (a restart, an outage) sends one current message,
 * not a burst of stale ones. Skipped steps are recorded as done all the same.
 */
export function dueSteps(
  cycle: Pick<Cycle, 'dueAt' | 'reminders' | 'openedAt'>,
  respondent: Respondent,
  now: Date,
  contributions: readonly AwaitedContribution[] = [],
): { due: RoundStep[]; skipped: RoundStep[] } {
  const come = pendingSteps(cycle, respondent, contributions).filter((step) => step.at <= now);
  const latest = new Map<string, RoundStep>();
  for (const step of come) {
    const ladder =
      step.kind === 'RETURNED'
        ? step.key
        : step.kind === 'CONTRIBUTION'
          ? `${step.kind}:${step.contributorId}`
          : step.kind;
    const held = latest.get(ladder);
    if (!held || step.at > held.at) latest.set(ladder, step);
  }
  // A reminder whose due date has passed reminds of nothing: the ladder takes over.
  const due = [...latest.values()].filter(
    (step) => !isReminder(step) || now.getTime() < Date.parse(step.dueAt),
  );
  return { due, skipped: come.filter((step) => !due.includes(step)) };
}

/** When the cycle closes by itself: its lock date, else the latest due date plus the last escalation and a day. */
export function closesAt(
  cycle: Pick<Cycle, 'dueAt' | 'locksAt' | 'reminders'>,
  respondents: readonly Respondent[],
): Date {
  return latestClose(cycle, dueDatesOf(cycle, respondents));
}

export type RoundAction = 'ACT' | 'CLOSE' | 'DONE';

/**
 * The longest the workflow sleeps between two looks at a cycle: a day on the cycle's clock, so
 * that an accelerated round loops as often as a real one, and no timer outlives the local engine.
 */
export const MAX_WAIT_MS = DAY_MS;

/**
 * The workflow's next move: act or close at `at`, or stop because the round is over. It wakes
 * at `wakeAt`, the same moment or a day from now if that comes first: a look that finds nothing
 * due, but picks up extensions, late joiners and closes.
 */
export interface RoundPlan {
  action: RoundAction;
  at: Date | null;
  wakeAt: Date | null;
}

/**
 * The next moment the workflow has work: the soonest pending step or the close, whichever comes
 * first; at once when something is due already (including a close or notices left unfinished).
 */
export function planNext(
  cycle: Cycle,
  respondents: readonly Respondent[],
  now: Date,
  unfinishedEvents = false,
  contributionsOf: (entityId: string) => readonly AwaitedContribution[] = () => [],
): RoundPlan {
  if (cycle.status !== 'OPEN') {
    const closing = unfinishedEvents && (cycle.status === 'CLOSED' || cycle.status === 'PUBLISHED');
    return closing
      ? { action: 'CLOSE', at: now, wakeAt: now }
      : { action: 'DONE', at: null, wakeAt: null };
  }
  if (unfinishedEvents) return { action: 'ACT', at: now, wakeAt: now };
  const close = closesAt(cycle, respondents);
  let next = close;
  for (const respondent of respondents) {
    for (const step of pendingSteps(cycle, respondent, contributionsOf(respondent.entityId)))
      if (step.at < next) next = step.at;
  }
  const action = next.getTime() === close.getTime() ? 'CLOSE' : 'ACT';
  const at = next < now ? now : next;
  return { action, at, wakeAt: new Date(Math.min(at.getTime(), now.getTime() + MAX_WAIT_MS)) };
}
