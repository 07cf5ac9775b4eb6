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
export type Contact = z.infer<typeof Contact>;

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
