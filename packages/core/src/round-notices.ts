import { shortHash } from './canonical.ts';
import type { Contact } from './contact.ts';
import type { ClosingCounts, Cycle } from './cycle.ts';
import { textIn } from './language-map.ts';
import { contributorsOf, languageFor, type Notice } from './notice.ts';
import { isReminder, type RoundStep } from './review-plan.ts';

/**
 * What the review workflow writes: one digest per recipient for the reminders and escalations due
 * in one go, the organiser's closing report, and the administrator's failure notice.
 */

const DAY_MS = 86_400_000;

/** A person (by email) or, when nobody can be written to, the entity that lacks a contact. */
export interface Recipient {
  key: string;
  contact: Contact | undefined;
}

/** Everything one recipient hears of in one go. */
export interface Digest {
  recipient: Recipient;
  steps: RoundStep[];
  /** The organiser's full overdue list, on escalations past the first rung. */
  overdue: string[];
}

/** The key a step has for one recipient: the recipient is the marker's partition, so respondent and step suffice. */
export function stepKey(step: RoundStep): string {
  return `${step.entityId}|${step.key}`;
}

const byRole = (contacts: readonly Contact[], role: Contact['role']) =>
  contacts.filter((c) => c.role === role);

/** Who is reminded: the focal points (states) or secretariats (others); the alternates when there are none. */
function reminded(contacts: readonly Contact[]): Contact[] {
  const first = [...byRole(contacts, 'FOCAL_POINT'), ...byRole(contacts, 'SECRETARIAT')];
  return first.length > 0 ? first : byRole(contacts, 'ALTERNATE_FOCAL_POINT');
}

function recipients(contacts: readonly Contact[], lacking: string): Recipient[] {
  if (contacts.length === 0) return [{ key: `none:${lacking}`, contact: undefined }];
  return contacts.map((contact) => ({ key: contact.email.toLowerCase(), contact }));
}

/**
 * Groups the due steps into one digest per recipient. Reminders go to the respondent's focal
 * points, and to the contributors whose contributions are not ready; the first escalation (and a returned submission left untouched) to its alternate focal
 * points and the organiser's secretariat; later escalations to the organiser's secretariat, with
 * the full overdue list. The due date itself sends nothing.
 */
export function composeDigests(
  cycle: Pick<Cycle, 'organiser'>,
  steps: readonly RoundStep[],
  contactsOf: (entityId: string) => readonly Contact[],
  overdue: readonly string[],
): Digest[] {
  const organiser = byRole(contactsOf(cycle.organiser), 'SECRETARIAT');
  const digests = new Map<string, Digest>();
  const add = (step: RoundStep, to: Recipient[], withOverdue: boolean) => {
    for (const recipient of to) {
      const digest = digests.get(recipient.key) ?? { recipient, steps: [], overdue: [] };
      digest.steps.push(step);
      if (withOverdue) digest.overdue = [...overdue];
      digests.set(recipient.key, digest);
    }
  };
  for (const step of steps) {
    const own = contactsOf(step.entityId);
    if (step.kind === 'REMINDER') add(step, recipients(reminded(own), step.entityId), false);
    else if (step.kind === 'CONTRIBUTION') {
      const contributor = step.contributorId ?? '';
      add(
        step,
        recipients(contributorsOf(own, contributor), `${step.entityId}/${contributor}`),
        false,
      );
    } else if (step.kind === 'RETURNED' || (step.kind === 'ESCALATION' && step.level === 1)) {
      const alternates = byRole(own, 'ALTERNATE_FOCAL_POINT');
      add(step, alternates.length > 0 ? recipients(alternates, step.entityId) : [], false);
      add(step, recipients(organiser, cycle.organiser), false);
    } else if (step.kind === 'ESCALATION') {
      add(step, recipients(organiser, cycle.organiser), true);
    }
  }
  return [...digests.values()];
}

type Lang = 'en' | 'fr';
const day = (instant: string) => instant.slice(0, 10);
const daysBetween = (from: number, to: number) => Math.max(0, Math.round((to - from) / DAY_MS));

const WORDS = {
  en: {
    remindOne: (t: string, e: string, d: string) =>
      `${t}: reminder, the report of ${e} is due ${d}`,
    remindMany: (t: string, n: number) => `${t}: reminder, ${n} reports are due`,
    contributeOne: (t: string, e: string, d: string) =>
      `${t}: reminder, your contribution to the report of ${e} is awaited before ${d}`,
    contribution: (c: string, e: string, d: string, n: number) =>
      `- ${c}, for ${e}: contribution not marked ready; the report is due ${d} (in ${n} day${n === 1 ? '' : 's'})`,
    escalate: (t: string, n: number) =>
      `${t}: ${n === 1 ? 'a report needs' : `${n} reports need`} attention`,
    reminder: (e: string, d: string, n: number) =>
      `- ${e}: report due ${d} (in ${n} day${n === 1 ? '' : 's'})`,
    late: (e: string, d: string, n: number) =>
      `- ${e}: report due ${d}, not submitted (${n} day${n === 1 ? '' : 's'} late)`,
    returned: (e: string, d: string) => `- ${e}: submission returned on ${d}, not resubmitted`,
    overdue: (ids: string[]) => `Overdue now (${ids.length}): ${ids.join(', ')}`,
    remindIntro: 'These reports are still expected:',
    escalateIntro: 'These reports are overdue or were returned and not resubmitted:',
    closedSubject: (t: string, c: ClosingCounts) =>
      `${t} closed: ${c.responded} of ${c.asked} reported`,
    closed: (c: ClosingCounts) =>
      [
        `Asked: ${c.asked}`,
        `Reported: ${c.responded} (on time ${c.onTime}, late ${c.late})`,
        `Missing: ${c.missing}`,
        `Returned: ${c.returned}`,
        `Accepted: ${c.accepted}`,
      ].join('\n'),
  },
  fr: {
    remindOne: (t: string, e: string, d: string) =>
      `${t} : rappel, le rapport de ${e} est attendu le ${d}`,
    remindMany: (t: string, n: number) => `${t} : rappel, ${n} rapports sont attendus`,
    contributeOne: (t: string, e: string, d: string) =>
      `${t} : rappel, votre contribution au rapport de ${e} est attendue avant le ${d}`,
    contribution: (c: string, e: string, d: string, n: number) =>
      `- ${c}, pour ${e} : contribution pas encore marquée comme prête ; le rapport est attendu le ${d} (dans ${n} jour${n === 1 ? '' : 's'})`,
    escalate: (t: string, n: number) =>
      `${t} : ${n === 1 ? 'un rapport demande' : `${n} rapports demandent`} votre attention`,
    reminder: (e: string, d: string, n: number) =>
      `- ${e} : rapport attendu le ${d} (dans ${n} jour${n === 1 ? '' : 's'})`,
    late: (e: string, d: string, n: number) =>
      `- ${e} : rapport attendu le ${d}, non remis (${n} jour${n === 1 ? '' : 's'} de retard)`,
    returned: (e: string, d: string) =>
      `- ${e} : contribution renvoyée le ${d}, non soumise à nouveau`,
    overdue: (ids: string[]) => `En retard à ce jour (${ids.length}) : ${ids.join(', ')}`,
    remindIntro: 'Ces rapports sont toujours attendus :',
    escalateIntro: 'Ces rapports sont en retard, ou ont été renvoyés et non soumis à nouveau :',
    closedSubject: (t: string, c: ClosingCounts) =>
      `${t} est clos : ${c.responded} rapports reçus sur ${c.asked}`,
    closed: (c: ClosingCounts) =>
      [
        `Entités interrogées : ${c.asked}`,
        `Rapports reçus : ${c.responded} (dans les délais ${c.onTime}, en retard ${c.late})`,
        `Manquants : ${c.missing}`,
        `Renvoyés : ${c.returned}`,
        `Acceptés : ${c.accepted}`,
      ].join('\n'),
  },
} satisfies Record<Lang, unknown>;

function wordsFor(cycle: Pick<Cycle, 'languages'>, contact: Contact | undefined) {
  const language = languageFor(cycle, contact);
  return { language, words: WORDS[language === 'fr' ? 'fr' : 'en'] };
}

function titleIn(cycle: Cycle, language: string): string {
  return textIn(cycle.title, language, cycle.id);
}

/**
 * The digest as a notice. Its id derives from the recipient and the steps it covers, so the
 * same digest is written once however often a task runs.
 */
export function renderDigest(cycle: Cycle, digest: Digest, now: Date): Notice {
  const { language, words } = wordsFor(cycle, digest.recipient.contact);
  const title = titleIn(cycle, language);
  const steps = [...digest.steps].sort((a, b) => a.entityId.localeCompare(b.entityId));
  const escalation = steps.some((step) => !isReminder(step));
  const toContributor = steps.every((step) => step.kind === 'CONTRIBUTION');
  const entityIds = [...new Set(steps.map((step) => step.entityId))];
  const lines = steps.map((step) => {
    if (step.kind === 'CONTRIBUTION')
      return words.contribution(
        step.contributorId ?? '',
        step.entityId,
        day(step.dueAt),
        daysBetween(now.getTime(), Date.parse(step.dueAt)),
      );
    if (step.kind === 'REMINDER')
      return words.reminder(
        step.entityId,
        day(step.dueAt),
        daysBetween(now.getTime(), Date.parse(step.dueAt)),
      );
    if (step.kind === 'RETURNED')
      return words.returned(step.entityId, day(step.returnedAt ?? step.dueAt));
    return words.late(
      step.entityId,
      day(step.dueAt),
      daysBetween(Date.parse(step.dueAt), now.getTime()),
    );
  });
  const [first] = steps;
  const subject = escalation
    ? words.escalate(title, entityIds.length)
    : toContributor && entityIds.length === 1 && first
      ? words.contributeOne(title, first.entityId, day(first.dueAt))
      : entityIds.length === 1 && first
        ? words.remindOne(title, first.entityId, day(first.dueAt))
        : words.remindMany(title, entityIds.length);
  const body = [
    escalation ? words.escalateIntro : words.remindIntro,
    ...lines,
    ...(digest.overdue.length > 0 ? ['', words.overdue(digest.overdue)] : []),
  ].join('\n');
  const keys = steps.map(stepKey).sort();
  return {
    id: `N-${cycle.id}-D-${shortHash(`${digest.recipient.key}\n${keys.join('\n')}`)}`,
    kind: escalation ? 'ESCALATION' : 'REMINDER',
    cycleId: cycle.id,
    entityIds,
    to: digest.recipient.contact?.email ?? null,
    language,
    subject,
    body,
    status: digest.recipient.contact ? 'PENDING' : 'UNDELIVERABLE',
    createdAt: now.toISOString(),
  };
}

/** The organiser's closing report, one per secretariat contact (or one UNDELIVERABLE). */
export function renderClosingReport(
  cycle: Cycle,
  counts: ClosingCounts,
  organiserContacts: readonly Contact[],
  now: Date,
): Notice[] {
  return recipients(byRole(organiserContacts, 'SECRETARIAT'), cycle.organiser).map(
    (recipient, index) => {
      const { language, words } = wordsFor(cycle, recipient.contact);
      return {
        id: `N-${cycle.id}-CLOSING-REPORT-${index}`,
        kind: 'CLOSING_REPORT',
        cycleId: cycle.id,
        entityIds: [cycle.organiser],
        to: recipient.contact?.email ?? null,
        language,
        subject: words.closedSubject(titleIn(cycle, language), counts),
        body: words.closed(counts),
        status: recipient.contact ? 'PENDING' : 'UNDELIVERABLE',
        createdAt: now.toISOString(),
      };
    },
  );
}

/** Tells the administrator that a workflow step failed; without an address it waits in the outbox. */
export function renderFailureNotice(
  cycleId: string,
  failure: { error: string; cause: string; count: number },
  adminEmail: string | undefined,
  now: Date,
): Notice {
  return {
    id: `N-${cycleId}-WORKFLOW-FAILED-${failure.count}`,
    kind: 'WORKFLOW_FAILED',
    cycleId,
    entityIds: [],
    to: adminEmail ?? null,
    language: 'en',
    subject: `${cycleId}: a step of the review workflow failed (${failure.error})`,
    body: `The review workflow of ${cycleId} failed a step and will try again.\n\n${failure.error}: ${failure.cause}`,
    status: adminEmail ? 'PENDING' : 'UNDELIVERABLE',
    createdAt: now.toISOString(),
  };
}
