import { z } from 'zod';
import { ContributorId, STATE_ROLES } from './access/grants.ts';
import type { EntityKind } from './entity.ts';
import type { InputIssue } from './errors.ts';

export const CONTACT_ROLES = [
  'FOCAL_POINT',
  'ALTERNATE_FOCAL_POINT',
  'SECRETARIAT',
  'CONTRIBUTOR',
] as const;

/** A person who receives notices for an entity. Emails are personal data: never logged. */
export const Contact = z
  .object({
    role: z.enum(CONTACT_ROLES),
    contributorId: ContributorId.optional(),
    name: z.string().trim().min(1).max(200),
    email: z.email(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "fr"'),
  })
  .superRefine((contact, ctx) => {
    if ((contact.role === 'CONTRIBUTOR') !== (contact.contributorId !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['contributorId'],
        message: 'a contributorId goes with the CONTRIBUTOR role, and only with it',
      });
    }
  });
/**
 * Why notices to a contact's address stopped arriving: a permanent bounce, or the recipient marked
 * one as spam. Set by the server from the mail service's feedback, never by a client.
 */
export const DeliveryProblem = z.object({
  kind: z.enum(['BOUNCE', 'COMPLAINT']),
  at: z.iso.datetime(),
  noticeId: z.string(),
});
export type DeliveryProblem = z.infer<typeof DeliveryProblem>;

/**
 * A contact as stored and read back: what a client wrote (the `Contact` schema strips anything
 * else, `deliveryProblem` included) plus the server's delivery problem, if any.
 */
export type Contact = z.infer<typeof StoredContact>;

/** A contact as the API returns it. */
export const StoredContact = Contact.safeExtend({ deliveryProblem: DeliveryProblem.optional() });

/** Whether two addresses are the same mailbox, as far as notices go (case aside). */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * A replaced list keeps the delivery problems of the addresses it keeps: a problem belongs to an
 * address, so it stays with a contact whose email is unchanged and goes when the email changes.
 * Whatever problem the new items carry themselves is dropped: only the server sets one.
 */
export function keepDeliveryProblems(
  items: readonly Contact[],
  current: readonly Contact[],
): Contact[] {
  return items.map(({ deliveryProblem: _fromClient, ...item }) => {
    const kept = current.find(
      (old) => old.deliveryProblem && sameAddress(old.email, item.email),
    )?.deliveryProblem;
    return kept ? { ...item, deliveryProblem: kept } : item;
  });
}

export const ContactList = z.object({ items: z.array(Contact).max(100) });

/** An entity's contacts as stored: a versioned list; version 0 means none were ever written. */
export interface Contacts {
  items: Contact[];
  version: number;
}

/** Contacts must fit the entity: focal points and contributors for states, secretariats for the others. */
export function contactIssues(items: readonly Contact[], kind: EntityKind): InputIssue[] {
  const issues: InputIssue[] = [];
  items.forEach((contact, index) => {
    const forStates = STATE_ROLES.includes(contact.role);
    if (forStates !== (kind === 'STATE')) {
      issues.push({
        pointer: `/items/${index}/role`,
        message: `a ${kind} has no ${contact.role} contact`,
      });
    }
  });
  return issues;
}
