import { type Contact, type DeliveryProblem, sameAddress } from './contact.ts';
import { VersionConflictError } from './errors.ts';
import type { Notice } from './notice.ts';
import type { ContactRepository, NoticeRepository } from './ports.ts';

/** What the mail service reported about a notice after sending it. */
export interface DeliveryFeedback {
  noticeId: string;
  kind: DeliveryProblem['kind'];
  /** A bounce the mail service gave up on (hard); complaints are always permanent. */
  permanent: boolean;
  /** When the bounce or complaint happened. */
  at: string;
}

/**
 * What recording feedback did: RECORDED (the notice or a contact changed), UNCHANGED (recorded
 * before), TRANSIENT (a soft bounce: nothing to record), UNKNOWN_NOTICE (not one of ours).
 */
export type FeedbackOutcome = 'RECORDED' | 'UNCHANGED' | 'TRANSIENT' | 'UNKNOWN_NOTICE';

const STATUS_OF = { BOUNCE: 'BOUNCED', COMPLAINT: 'COMPLAINED' } as const;
/** Feedback can only follow a send; it never overrides FAILED, UNDELIVERABLE or earlier feedback. */
const OVERRIDABLE: ReadonlyArray<Notice['status']> = ['PENDING', 'SENT'];

/**
 * Records bounces and complaints on the notice and on the contacts it went to, so that the outbox
 * and the contact list show whose address is not working. Recording the same feedback again
 * changes nothing.
 */
export class FeedbackDesk {
  readonly #notices: NoticeRepository;
  readonly #contacts: ContactRepository;

  constructor(notices: NoticeRepository, contacts: ContactRepository) {
    this.#notices = notices;
    this.#contacts = contacts;
  }

  /** Marks the notice BOUNCED or COMPLAINED, and its recipient's contacts with the problem. */
  async recordFeedback(feedback: DeliveryFeedback): Promise<FeedbackOutcome> {
    if (feedback.kind === 'BOUNCE' && !feedback.permanent) return 'TRANSIENT';
    const notice = await this.#notices.get(feedback.noticeId);
    if (!notice) return 'UNKNOWN_NOTICE';
    const problem: DeliveryProblem = {
      kind: feedback.kind,
      at: feedback.at,
      noticeId: notice.id,
    };
    let changed = false;
    const address = notice.to;
    if (address !== null) {
      for (const entityId of notice.entityIds) {
        if (await this.#markContacts(entityId, address, problem)) changed = true;
      }
    }
    const status = STATUS_OF[feedback.kind];
    // Feedback's own statuses are not overridable: recording it again changes nothing.
    if (OVERRIDABLE.includes(notice.status)) {
      if (await this.#notices.setStatus(notice, status, OVERRIDABLE)) changed = true;
    }
    return changed ? 'RECORDED' : 'UNCHANGED';
  }

  /** Writes the problem on the entity's contacts with this address; retried once on a race. */
  async #markContacts(entityId: string, address: string, problem: DeliveryProblem) {
    for (let attempt = 1; ; attempt++) {
      const { items, version } = await this.#contacts.get(entityId);
      const marked = items.map((contact) => withProblem(contact, address, problem));
      if (marked.every((contact, index) => contact === items[index])) return false;
      try {
        await this.#contacts.replace(entityId, marked, version);
        return true;
      } catch (error) {
        // Someone saved the list meanwhile: read it again and mark that one.
        if (!(error instanceof VersionConflictError) || attempt === 2) throw error;
      }
    }
  }
}

/**
 * The contact with the problem, if the notice went to its address and it carries no problem as
 * recent; the very same object otherwise (so an unchanged list is not written again).
 */
function withProblem(contact: Contact, address: string, problem: DeliveryProblem): Contact {
  if (!sameAddress(contact.email, address)) return contact;
  const current = contact.deliveryProblem;
  if (current && (sameProblem(current, problem) || current.at > problem.at)) return contact;
  return { ...contact, deliveryProblem: problem };
}

function sameProblem(a: DeliveryProblem, b: DeliveryProblem): boolean {
  return a.kind === b.kind && a.noticeId === b.noticeId;
}
