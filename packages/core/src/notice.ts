import type { Contact } from './contact.ts';
import type { Cycle } from './cycle.ts';

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
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_STATUSES = ['PENDING', 'SENT', 'UNDELIVERABLE', 'FAILED'] as const;

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
  },
};

function day(instant: string): string {
  return instant.slice(0, 10);
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
  const recipients: Array<Contact | undefined> = recipientsOf(contacts);
  if (recipients.length === 0) recipients.push(undefined);
  return recipients.map((contact, index) => {
    const language = languageFor(cycle, contact);
    const templates = TEMPLATES[language === 'fr' ? 'fr' : 'en'];
    const title = cycle.title[language] ?? cycle.title.en ?? cycle.id;
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
