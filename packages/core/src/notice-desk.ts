import type { Guard } from './access/guard.ts';
import type { Clock } from './clock.ts';
import { type Cycle, dueDateOf } from './cycle.ts';
import { NotFoundError } from './errors.ts';
import { type Notice, type NoticeFacts, type NoticeKind, renderNotices } from './notice.ts';
import type {
  ContactRepository,
  CycleRepository,
  NoticeDelivery,
  NoticeFilter,
  NoticeRepository,
  PageRequest,
} from './ports.ts';

/** Writes, delivers and lists notices. */
export class NoticeDesk {
  readonly #notices: NoticeRepository;
  readonly #contacts: ContactRepository;
  readonly #cycles: CycleRepository;
  readonly #delivery: NoticeDelivery;
  readonly #clock: Clock;

  constructor(
    notices: NoticeRepository,
    contacts: ContactRepository,
    cycles: CycleRepository,
    delivery: NoticeDelivery,
    clock: Clock,
  ) {
    this.#notices = notices;
    this.#contacts = contacts;
    this.#cycles = cycles;
    this.#delivery = delivery;
    this.#clock = clock;
  }

  /** The notices to one respondent about one change; `key` makes them idempotent. */
  async render(kind: NoticeKind, cycle: Cycle, facts: NoticeFacts, key: string) {
    const { items } = await this.#contacts.get(facts.entityId);
    return renderNotices(kind, cycle, facts, items, key, this.#clock.now().toISOString());
  }

  /**
   * Tells every respondent of a cycle (opened, closed). Safe to run again: notices already
   * written are skipped, so an interrupted fan-out is finished by running it once more.
   */
  async fanOut(kind: NoticeKind, cycle: Cycle): Promise<void> {
    for (const respondent of await this.#cycles.respondents(cycle.id)) {
      const facts = { entityId: respondent.entityId, dueAt: dueDateOf(respondent, cycle) };
      const written = await this.#notices.add(
        await this.render(kind, cycle, facts, `N-${cycle.id}-${kind}-${respondent.entityId}`),
      );
      await this.deliver(written);
    }
  }

  /**
   * Hands pending notices to the delivery adapter and records what became of them. A delivery
   * that throws marks its notice FAILED and never stops the others.
   */
  async deliver(notices: readonly Notice[]): Promise<void> {
    for (const notice of notices) {
      if (notice.status !== 'PENDING') continue;
      const status = await this.#delivery.deliver(notice).catch(() => 'FAILED' as const);
      if (status !== 'PENDING') await this.#notices.setStatus(notice, status);
    }
  }

  /** The outbox: the admin sees everything; an organiser the notices of its cycles. */
  async list(filter: NoticeFilter, page: PageRequest, guard: Guard) {
    if (filter.cycleId === undefined) {
      await guard({});
    } else {
      const cycle = await this.#cycles.get(filter.cycleId);
      await guard({ entityId: cycle?.organiser });
      if (!cycle) throw new NotFoundError('cycle', filter.cycleId);
    }
    return this.#notices.list(filter, page);
  }
}

/** What became of a queued notice: gone, dealt with before, or just sent (or refused for good). */
export type PendingSendResult<T> =
  | { state: 'NOT_FOUND' }
  | { state: 'DEALT_WITH'; status: Notice['status'] }
  | { state: 'SENT'; outcome: T };

/**
 * Sends one outbox notice if it is still PENDING, and records what became of it. A notice no
 * longer PENDING is not sent again (a redelivered message, a second message for it). The outcome
 * is written only over PENDING, so a bounce recorded meanwhile stands. An error of `send` (one
 * worth retrying) propagates and leaves the notice PENDING.
 */
export async function sendPendingNotice<T extends { status: 'SENT' | 'FAILED' }>(
  notices: Pick<NoticeRepository, 'get' | 'setStatus'>,
  noticeId: string,
  send: (notice: Notice) => Promise<T>,
): Promise<PendingSendResult<T>> {
  const notice = await notices.get(noticeId);
  if (!notice) return { state: 'NOT_FOUND' };
  if (notice.status !== 'PENDING') return { state: 'DEALT_WITH', status: notice.status };
  const outcome = await send(notice);
  await notices.setStatus(notice, outcome.status, ['PENDING']);
  return { state: 'SENT', outcome };
}
