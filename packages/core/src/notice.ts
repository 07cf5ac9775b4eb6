import type { Contact } from './contact.ts';
import type { Cycle } from './cycle.ts';
import { textIn } from './language-map.ts';

/**
 * Notices: one record per recipient, rendered here from per-language templates. A notice with no
 * suitable contact is kept as UNDELIVERABLE, for the organiser to see, never dropped.
 */

export const NOTICE_KINDS = [
  'OPENED',
  'CLOSED',
  'RETURNED',
  'ACCEPTED',
  'REVIEWED',
  'REMINDER',
  'ESCALATION',
  'CLOSING_REPORT',
  'WORKFLOW_FAILED',
  'CONTRIBUTION_REQUESTED',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/**
 * PENDING until delivered; SENT once handed to the mail service; UNDELIVERABLE without a contact;
 * FAILED when the mail service refused it for good; BOUNCED (permanently) or COMPLAINED (marked
 * as spam) when the mail service reported so afterwards.
 */
export const NOTICE_STATUSES = [
  'PENDING',
  'SENT',
  'UNDELIVERABLE',
  'FAILED',
  'BOUNCED',
  'COMPLAINED',
] as const;

export interface Notice {
  id: string;
  kind: NoticeKind;
  cycleId: string;
  entityIds: string[];
  to: string | null;
  language: string;
  subject: string;
  body: string;
  status: (typeof NOTICE_STATUSES)[number];
  createdAt: string;
}

/** What a notice says, beyond the cycle: whose submission, and the reviewer's words. */
export interface NoticeFacts {
  entityId: string;
  dueAt?: string | undefined;
  comment?: string | undefined;
  reviewer?: string | undefined;
  /** For a notice to a contributor (ministry or agency) of the respondent: which one. */
  contributorId?: string | undefined;
}

type Template = (
  cycle: Cycle,
  title: string,
  facts: NoticeFacts,
) => { subject: string; body: string };
const quote = (comment: string | undefined) => (comment ? `\n\n"${comment}"` : '');

const TEMPLATES: Record<'en' | 'fr', Partial<Record<NoticeKind, Template>>> = {
  en: {
    OPENED: (c, t, f) => ({
      subject: `${t}: your report is due ${day(f.dueAt ?? c.dueAt)}`,
      body: `${t} is open. ${f.entityId} is asked to report by ${day(f.dueAt ?? c.dueAt)}.`,
    }),
    CLOSED: (_c, t, f) => ({
      subject: `${t} is closed`,
      body: `${t} closed. Thank you, ${f.entityId}.`,
    }),
    RETURNED: (_c, t, f) => ({
      subject: `${t}: your submission was returned`,
      body: `The organiser returned the submission of ${f.entityId} with this comment:${quote(f.comment)}`,
    }),
    ACCEPTED: (_c, t, f) => ({
      subject: `${t}: your submission was accepted`,
      body: `The organiser accepted the submission of ${f.entityId}.${quote(f.comment)}`,
    }),
    REVIEWED: (_c, t, f) => ({
      subject: `${t}: ${f.reviewer} reviewed your submission`,
      body: `${f.reviewer} reviewed the submission of ${f.entityId}.${quote(f.comment)}`,
    }),
    CONTRIBUTION_REQUESTED: (c, t, f) => ({
      subject: `${t}: ${f.entityId} asks for your contribution`,
      body: `The focal point of ${f.entityId} invites ${f.contributorId} to contribute to its report for ${t}, due ${day(f.dueAt ?? c.dueAt)}. Sign in to write your contribution and mark it ready.`,
    }),
  },
  fr: {
    OPENED: (c, t, f) => ({
      subject: `${t} : votre rapport est attendu le ${day(f.dueAt ?? c.dueAt)}`,
      body: `${t} est ouvert. ${f.entityId} est invité à rendre compte d'ici le ${day(f.dueAt ?? c.dueAt)}.`,
    }),
    CLOSED: (_c, t, f) => ({
      subject: `${t} est clos`,
      body: `${t} est clos. Merci, ${f.entityId}.`,
    }),
    RETURNED: (_c, t, f) => ({
      subject: `${t} : votre contribution vous est renvoyée`,
      body: `L'organisateur a renvoyé la contribution de ${f.entityId} avec ce commentaire :${quote(f.comment)}`,
    }),
    ACCEPTED: (_c, t, f) => ({
      subject: `${t} : votre contribution est acceptée`,
      body: `L'organisateur a accepté la contribution de ${f.entityId}.${quote(f.comment)}`,
    }),
    REVIEWED: (_c, t, f) => ({
      subject: `${t} : ${f.reviewer} a examiné votre contribution`,
      body: `${f.reviewer} a examiné la contribution de ${f.entityId}.${quote(f.comment)}`,
    }),
    CONTRIBUTION_REQUESTED: (c, t, f) => ({
      subject: `${t} : ${f.entityId} sollicite votre contribution`,
      body: `Le point focal de ${f.entityId} invite ${f.contributorId} à contribuer à son rapport pour ${t}, attendu le ${day(f.dueAt ?? c.dueAt)}. Connectez-vous pour rédiger votre contribution et la marquer comme prête.`,
    }),
  },
};

function day(instant: string): string {
  return instant.slice(0, 10);
}

/** A contributor's own contacts (a ministry's or an agency's people). */
export function contributorsOf(contacts: readonly Contact[], contributorId: string): Contact[] {
  return contacts.filter((c) => c.role === 'CONTRIBUTOR' && c.contributorId === contributorId);
}

/** The contacts a notice about a respondent goes to: its focal points, or its secretariat. */
export function recipientsOf(contacts: readonly Contact[]): Contact[] {
  return contacts.filter(
    (c) =>
      c.role === 'FOCAL_POINT' || c.role === 'ALTERNATE_FOCAL_POINT' || c.role === 'SECRETARIAT',
  );
}

/** The language a contact is written to: theirs where the cycle offers it, else the cycle's first. */
export function languageFor(
  cycle: Pick<Cycle, 'languages'>,
  contact: Pick<Contact, 'language'> | undefined,
): string {
  const wanted = contact?.language;
  return wanted && cycle.languages.includes(wanted) ? wanted : (cycle.languages[0] ?? 'en');
}

/**
 * One notice per recipient contact, or a single UNDELIVERABLE one when the respondent has none.
 * Ids derive from `key`, so writing the same notices twice writes them once.
 */
export function renderNotices(
  kind: NoticeKind,
  cycle: Cycle,
  facts: NoticeFacts,
  contacts: readonly Contact[],
  key: string,
  createdAt: string,
): Notice[] {
  const recipients: Array<Contact | undefined> = facts.contributorId
    ? contributorsOf(contacts, facts.contributorId)
    : recipientsOf(contacts);
  if (recipients.length === 0) recipients.push(undefined);
  return recipients.map((contact, index) => {
    const language = languageFor(cycle, contact);
    const templates = TEMPLATES[language === 'fr' ? 'fr' : 'en'];
    const title = textIn(cycle.title, language, cycle.id);
    const template = templates[kind] ?? TEMPLATES.en[kind];
    const { subject, body } = template
      ? template(cycle, title, facts)
      : { subject: `${title}: ${kind}`, body: kind };
    return {
      id: `${key}-${index}`,
      kind,
      cycleId: cycle.id,
      entityIds: [facts.entityId],
      to: contact?.email ?? null,
      language,
      subject,
      body,
      status: contact ? 'PENDING' : 'UNDELIVERABLE',
      createdAt,
    };
  });
}

/** Emails are personal data and never reach the logs: `marie@example.org` becomes `m***@example.org`. */
export function maskEmails(text: string): string {
  return text.replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)/g, '$1***@$2');
}
