import { z } from 'zod';
import { type Clock, realSecondsUntil } from './clock.ts';
import type { Contact } from './contact.ts';
import type { Contribution } from './contribution.ts';
import { type Cycle, closingCounts, dueDateOf, type Respondent } from './cycle.ts';
import { EntityId } from './ids.ts';
import type { NoticeDesk } from './notice-desk.ts';
import type {
  ContactRepository,
  ContributionRepository,
  CycleRepository,
  NoticeRepository,
  RoundRepository,
} from './ports.ts';
import { closesAt, dueSteps, MAX_WAIT_MS, planNext, type RoundStep } from './review-plan.ts';
import {
  composeDigests,
  type Digest,
  renderClosingReport,
  renderDigest,
  renderFailureNotice,
  stepKey,
} from './round-notices.ts';

/**
 * After a failed step the workflow tries again this much later (on the cycle's clock), doubling
 * with each failure in a row up to a day, so that a long outage costs a few looks a day.
 */
const RETRY_AFTER_MS = 15 * 60_000;
/** Recipients written to at once. */
const PARALLEL_DIGESTS = 8;

/** Runs when a cycle has closed; the rollups fill it in. It must be safe to run twice. */
export type CloseHook = (cycle: Cycle) => Promise<void>;

/** What PlanNext hands the state machine: the next action and the real seconds to wait for it. */
export interface PlanResult {
  action: 'ACT' | 'CLOSE' | 'DONE';
  at: string | null;
  waitSeconds: number;
}

/** What one Act did, for the execution's history. */
export interface ActReport {
  reminders: number;
  /** Reminders to contributors whose contributions are not ready. */
  contributorReminders: number;
  escalations: number;
  digests: number;
  closed: boolean;
}

export interface ReviewRoundDeps {
  cycles: CycleRepository;
  contacts: ContactRepository;
  contributions: ContributionRepository;
  notices: NoticeRepository;
  rounds: RoundRepository;
  desk: NoticeDesk;
  clock: Clock;
  onClose: CloseHook;
  adminEmail?: string | undefined;
}

/**
 * The review workflow's tasks: plan the next wake-up, act on what is due (reminders, escalations,
 * the close), record failures. Each is idempotent, so a retried task, a restarted execution or a
 * second engine running the same cycle never sends anything twice.
 */
export class ReviewRound {
  readonly #deps: ReviewRoundDeps;

  constructor(deps: ReviewRoundDeps) {
    this.#deps = deps;
  }

  async plan(cycleId: string): Promise<PlanResult> {
    const { cycles, clock } = this.#deps;
    const cycle = await cycles.get(cycleId);
    if (!cycle) return { action: 'DONE', at: null, waitSeconds: 0 };
    const unfinished = (await cycles.pendingEvents(cycleId)).length > 0;
    const open = cycle.status === 'OPEN';
    const respondents = open ? await cycles.respondents(cycleId) : [];
    const contributions = open ? await this.#contributionsOf(cycleId) : () => [];
    const plan = planNext(cycle, respondents, clock.now(), unfinished, contributions);
    return {
      action: plan.action,
      at: plan.at?.toISOString() ?? null,
      // Never more than a day of real time either, whatever the clock's scale.
      waitSeconds: plan.wakeAt ? waitSecondsUntil(clock, plan.wakeAt) : 0,
    };
  }

  /** Sends the reminders and escalations that are due, or closes the cycle when its time has come. */
  async act(cycleId: string): Promise<ActReport> {
    const { cycles, clock } = this.#deps;
    const report: ActReport = {
      reminders: 0,
      contributorReminders: 0,
      escalations: 0,
      digests: 0,
      closed: false,
    };
    const cycle = await cycles.get(cycleId);
    if (!cycle) return report;
    await this.finishEvents(cycle);
    if (cycle.status !== 'OPEN') return report;
    const now = clock.now();
    const respondents = await cycles.respondents(cycleId);
    if (now >= closesAt(cycle, respondents)) {
      await this.close(cycleId);
      return { ...report, closed: true };
    }
    const contributionsOf = await this.#contributionsOf(cycleId);
    const work = respondents
      .map((respondent) => ({
        respondent,
        ...dueSteps(cycle, respondent, now, contributionsOf(respondent.entityId)),
      }))
      .filter(({ due, skipped }) => due.length + skipped.length > 0);
    const due = work.flatMap((w) => w.due);
    if (due.length > 0) {
      const overdue = respondents
        .filter((r) => r.firstSubmittedAt === null && Date.parse(dueDateOf(r, cycle)) <= +now)
        .map((r) => r.entityId);
      const contacts = await this.#contactsOf([cycle.organiser, ...due.map((s) => s.entityId)]);
      const digests = composeDigests(cycle, due, (id) => contacts.get(id) ?? [], overdue);
      for (let start = 0; start < digests.length; start += PARALLEL_DIGESTS) {
        const batch = digests.slice(start, start + PARALLEL_DIGESTS);
        const sent = await Promise.all(batch.map((digest) => this.#send(cycle, digest, now)));
        report.digests += sent.filter(Boolean).length;
      }
    }
    for (const { respondent, due: steps, skipped } of work) {
      await this.#recordSteps(respondent, steps, skipped, now);
    }
    if ((await this.#deps.rounds.state(cycleId)).streak > 0)
      await this.#deps.rounds.clearStreak(cycleId);
    report.reminders = due.filter((s) => s.kind === 'REMINDER').length;
    report.contributorReminders = due.filter((s) => s.kind === 'CONTRIBUTION').length;
    report.escalations = due.filter((s) => s.kind === 'ESCALATION' || s.kind === 'RETURNED').length;
    return report;
  }

  /** Closes an open cycle (the workflow's close), then finishes whatever closing left undone. */
  async close(cycleId: string): Promise<Cycle | undefined> {
    const current = await this.#deps.cycles.get(cycleId);
    if (!current) return undefined;
    const cycle = current.status === 'OPEN' ? await this.recordClose(current) : current;
    await this.finishEvents(cycle);
    return cycle;
  }

  /**
   * Writes the close with the closing counts and the CLOSED event, in one transaction; the event
   * stays until finishEvents has done the rest, so an interrupted close is always completed.
   */
  async recordClose(current: Cycle): Promise<Cycle> {
    const { cycles, clock } = this.#deps;
    const respondents = await cycles.respondents(current.id);
    const next: Cycle = {
      ...current,
      status: 'CLOSED',
      version: current.version + 1,
      closedAt: clock.now().toISOString(),
      closingCounts: closingCounts(respondents, current.dueAt),
    };
    return cycles.replaceWithEvent(next, current, 'CLOSED');
  }

  /**
   * Finishes what an open or a close left undone: the notices to every respondent and, on close,
   * the missing marks, the organiser's closing report and the close hook. Safe to run again.
   */
  async finishEvents(cycle: Cycle): Promise<void> {
    const { cycles, desk } = this.#deps;
    for (const event of await cycles.pendingEvents(cycle.id)) {
      if (event === 'CLOSED') await this.#finishClose(cycle);
      await desk.fanOut(event, cycle);
      await cycles.completeEvent(cycle.id, event);
    }
  }

  /**
   * Counts the failure, tells the administrator (once per streak of failures), and says when to
   * try again.
   */
  async recordFailure(
    cycleId: string,
    error: { Error: string; Cause: string },
  ): Promise<PlanResult> {
    const { rounds, notices, desk, clock, adminEmail } = this.#deps;
    const now = clock.now();
    const failure = {
      error: error.Error,
      cause: error.Cause.slice(0, 2000),
      at: now.toISOString(),
    };
    const state = await rounds.recordFailure(cycleId, failure);
    if (state.streak === 1) {
      const count = { ...failure, count: state.failures };
      await desk.deliver(await notices.add([renderFailureNotice(cycleId, count, adminEmail, now)]));
    }
    const backoff = Math.min(MAX_WAIT_MS, RETRY_AFTER_MS * 2 ** Math.min(state.streak - 1, 10));
    const at = new Date(now.getTime() + backoff);
    return {
      action: 'ACT',
      at: at.toISOString(),
      waitSeconds: waitSecondsUntil(clock, at),
    };
  }

  async #finishClose(cycle: Cycle): Promise<void> {
    const { cycles, contacts, notices, desk, clock, onClose } = this.#deps;
    const respondents = await cycles.respondents(cycle.id);
    for (const respondent of respondents) {
      if (respondent.firstSubmittedAt !== null || respondent.missing) continue;
      await cycles.recordRound(cycle.id, respondent.entityId, {
        steps: [],
        reminders: [],
        missing: true,
      });
    }
    const counts = cycle.closingCounts ?? closingCounts(respondents, cycle.dueAt);
    const { items } = await contacts.get(cycle.organiser);
    await desk.deliver(await notices.add(renderClosingReport(cycle, counts, items, clock.now())));
    await onClose(cycle);
  }

  /** Writes one recipient's digest unless the steps it covers reached that recipient already. */
  async #send(cycle: Cycle, digest: Digest, now: Date): Promise<boolean> {
    const { rounds, notices, desk } = this.#deps;
    const recipient = digest.recipient.key;
    const { keys, undelivered } = await rounds.sent(cycle.id, recipient);
    // A digest written by a run that stopped before delivering it is delivered now.
    for (const id of undelivered) {
      const notice = await notices.get(id);
      if (notice) await desk.deliver([notice]);
      await rounds.markDelivered(cycle.id, recipient, id);
    }
    const fresh = digest.steps.filter((step) => !keys.has(stepKey(step)));
    if (fresh.length === 0) return false;
    const notice = renderDigest(cycle, { ...digest, steps: fresh }, now);
    if (!(await rounds.recordDigest(cycle.id, recipient, notice, fresh.map(stepKey)))) return false;
    await desk.deliver([notice]);
    if (notice.status === 'PENDING') await rounds.markDelivered(cycle.id, recipient, notice.id);
    return true;
  }

  /** Records the steps dealt with beside the respondent: reminders sent, the moment it became overdue. */
  async #recordSteps(respondent: Respondent, due: RoundStep[], skipped: RoundStep[], now: Date) {
    const done = new Set(respondent.stepsDone ?? []);
    const steps = [...due, ...skipped].map((s) => s.key).filter((key) => !done.has(key));
    if (steps.length === 0) return;
    await this.#deps.cycles.recordRound(respondent.cycleId, respondent.entityId, {
      steps,
      reminders: due.filter((s) => s.kind === 'REMINDER').map((s) => s.key),
      overdueAt: due.some((s) => s.kind === 'DUE') ? now.toISOString() : undefined,
    });
  }

  /** The cycle's contributions, by respondent: one Query for all of them. */
  async #contributionsOf(cycleId: string): Promise<(entityId: string) => Contribution[]> {
    const byRespondent = Map.groupBy(
      await this.#deps.contributions.listByCycle(cycleId),
      (contribution) => contribution.entityId,
    );
    return (entityId) => byRespondent.get(entityId) ?? [];
  }

  async #contactsOf(entityIds: string[]): Promise<Map<string, Contact[]>> {
    const lists = await this.#deps.contacts.getMany([...new Set(entityIds)]);
    return new Map([...lists].map(([id, contacts]) => [id, contacts.items]));
  }
}

/** Real seconds the Wait state sleeps until `at`: never more than a day of real time either. */
function waitSecondsUntil(clock: Clock, at: Date): number {
  return Math.min(MAX_WAIT_MS / 1000, realSecondsUntil(clock, at));
}

/** The event a workflow task receives, in Lambda and in the local engine alike. */
export const ReviewTaskEvent = z.discriminatedUnion('task', [
  z.object({ task: z.literal('plan'), cycleId: EntityId }),
  z.object({ task: z.literal('act'), cycleId: EntityId }),
  z.object({
    task: z.literal('recordFailure'),
    cycleId: EntityId,
    error: z.object({ Error: z.string().default('Unknown'), Cause: z.string().default('') }),
  }),
]);

/** Runs one task of the review workflow: the one handler Lambda and the local engine share. */
export async function runReviewTask(round: ReviewRound, event: unknown) {
  const task = ReviewTaskEvent.parse(event);
  switch (task.task) {
    case 'plan':
      return round.plan(task.cycleId);
    case 'act':
      return round.act(task.cycleId);
    case 'recordFailure':
      return round.recordFailure(task.cycleId, task.error);
  }
}
