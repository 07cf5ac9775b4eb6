import { z } from 'zod';
import { ENTITY_KINDS, type Entity, type EntityKind } from './entity.ts';
import { ConflictError, type InputIssue } from './errors.ts';
import { EntityId, FrameworkId } from './ids.ts';
import { LanguageMap } from './language-map.ts';
import { Region } from './regions.ts';

/**
 * Review cycles, the domain part: the schema of the wire format, the rules a cycle follows, its
 * status machine, and how a scope resolves into respondents. Storage and routes come with the
 * review-cycles issue.
 */

export const CYCLE_KINDS = ['CONSULTATION', 'REVIEW'] as const;
export const CYCLE_STATUSES = ['DRAFT', 'OPEN', 'CLOSED', 'PUBLISHED', 'CANCELLED'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

const Kinds = z.array(z.enum(ENTITY_KINDS)).min(1).max(ENTITY_KINDS.length);

/** Who is asked: a body's member states, a region's or the world's entities (states unless `kinds` says otherwise). */
export const CycleScope = z.union([
  z.strictObject({ memberOf: EntityId }),
  z.strictObject({ region: Region, kinds: Kinds.optional() }),
  z.strictObject({ global: z.literal(true), kinds: Kinds.optional() }),
]);
export type CycleScope = z.infer<typeof CycleScope>;

const Instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date and time, such as 2026-12-01T00:00:00Z',
});
const Days = z.array(z.number().int().min(1).max(180)).max(10);

export const CycleInput = z.object({
  id: EntityId,
  title: LanguageMap,
  kind: z.enum(CYCLE_KINDS),
  frameworkId: FrameworkId,
  organiser: EntityId,
  respondents: z.array(EntityId).max(500).nullable().default(null),
  scope: CycleScope.nullable().default(null),
  opensAt: Instant,
  dueAt: Instant,
  locksAt: Instant.nullable().default(null),
  reminders: z
    .object({ beforeDueDays: Days.default([30, 7, 1]), escalateAfterDays: Days.default([3, 10]) })
    .default({ beforeDueDays: [30, 7, 1], escalateAfterDays: [3, 10] }),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/))
    .min(1)
    .max(10)
    .default(['en', 'fr']),
  recurring: z
    .object({
      threshold: z.number().gt(0).lt(1).default(0.5),
      base: z.enum(['ASKED', 'RESPONDED']).default('ASKED'),
    })
    .default({ threshold: 0.5, base: 'ASKED' }),
  seriesId: EntityId.nullable().default(null),
  /** The cycle this one follows: a respondent missing in both is SILENT in the rollups. */
  previousCycleId: EntityId.nullable().default(null),
});
export type CycleInput = z.infer<typeof CycleInput>;

/** A cycle's span, from opening to its latest possible close, stays under this many days. */
export const MAX_SPAN_DAYS = 360;
const DAY_MS = 86_400_000;

/**
 * The latest moment a cycle can still close: the latest respondent due date plus the last
 * escalation offset plus one day, or the lock date when there is one.
 */
export function latestClose(
  cycle: Pick<CycleInput, 'locksAt' | 'reminders'>,
  dueDates: readonly string[],
): Date {
  if (cycle.locksAt) return new Date(cycle.locksAt);
  const latestDue = Math.max(...dueDates.map((due) => Date.parse(due)));
  const lastEscalation = Math.max(0, ...cycle.reminders.escalateAfterDays);
  return new Date(latestDue + (lastEscalation + 1) * DAY_MS);
}

/** The rules of a cycle beyond its shape; `dueDates` are the respondents' own, when some were extended. */
export function cycleIssues(
  cycle: CycleInput,
  dueDates: readonly string[] = [cycle.dueAt],
): InputIssue[] {
  const issues: InputIssue[] = [];
  if ((cycle.respondents === null) === (cycle.scope === null)) {
    issues.push({
      pointer: '/scope',
      message: 'give either respondents or a scope, not both and not neither',
    });
  }
  if (cycle.respondents && new Set(cycle.respondents).size !== cycle.respondents.length) {
    issues.push({ pointer: '/respondents', message: 'a respondent is listed twice' });
  }
  if (Date.parse(cycle.dueAt) <= Date.parse(cycle.opensAt)) {
    issues.push({ pointer: '/dueAt', message: 'must be after opensAt' });
  }
  if (
    cycle.locksAt &&
    Date.parse(cycle.locksAt) < Math.max(...dueDates.map((due) => Date.parse(due)))
  ) {
    issues.push({ pointer: '/locksAt', message: 'must not be before any due date' });
  }
  const spanDays = (latestClose(cycle, dueDates).getTime() - Date.parse(cycle.opensAt)) / DAY_MS;
  if (spanDays >= MAX_SPAN_DAYS) {
    issues.push({
      pointer: cycle.locksAt ? '/locksAt' : '/dueAt',
      message: `the cycle would span ${Math.ceil(spanDays)} days, from opening to its latest close; it must stay under ${MAX_SPAN_DAYS}`,
    });
  }
  if (new Set(cycle.languages).size !== cycle.languages.length) {
    issues.push({ pointer: '/languages', message: 'a language is listed twice' });
  }
  return issues;
}

export const CYCLE_ACTIONS = ['open', 'close', 'publish', 'cancel'] as const;
export type CycleAction = (typeof CYCLE_ACTIONS)[number];

const TRANSITIONS: Record<CycleAction, { from: readonly CycleStatus[]; to: CycleStatus }> = {
  open: { from: ['DRAFT'], to: 'OPEN' },
  close: { from: ['OPEN'], to: 'CLOSED' },
  publish: { from: ['CLOSED'], to: 'PUBLISHED' },
  cancel: { from: ['DRAFT', 'OPEN'], to: 'CANCELLED' },
};

/** The status an action leads to; ConflictError (409) when the cycle's status does not allow it. */
export function nextStatus(current: CycleStatus, action: CycleAction): CycleStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new ConflictError(
      `a ${current} cycle cannot ${action}; only a ${transition.from.join(' or ')} one can`,
    );
  }
  return transition.to;
}

/** What a cycle keeps of each respondent when it opens, so that later changes never move its figures. */
export interface RespondentSnapshot {
  entityId: string;
  kind: EntityKind;
  regions: Region[];
  /** The ISCMs and partners the respondent belonged to at opening. */
  memberOf: string[];
}

/**
 * The respondents a cycle asks, frozen at opening: its explicit list, or its scope resolved
 * against every entity there is. The organiser never answers its own cycle.
 */
export function resolveRespondents(
  cycle: Pick<CycleInput, 'respondents' | 'scope' | 'organiser'>,
  entities: readonly Entity[],
): string[] {
  let ids: string[];
  const scope = cycle.scope;
  if (cycle.respondents) ids = [...cycle.respondents];
  else if (scope && 'memberOf' in scope)
    ids = [...(entities.find((e) => e.id === scope.memberOf)?.members ?? [])];
  else if (scope) {
    const kinds: readonly EntityKind[] = scope.kinds ?? ['STATE'];
    ids = entities
      .filter((entity) => kinds.includes(entity.kind))
      .filter((entity) => !('region' in scope) || entity.regions.includes(scope.region))
      .map((entity) => entity.id);
  } else ids = [];
  return [...new Set(ids)].filter((id) => id !== cycle.organiser).sort();
}

/** Each respondent's regions and memberships as they stand now. */
export function snapshotRespondents(
  ids: readonly string[],
  entities: readonly Entity[],
): RespondentSnapshot[] {
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  return ids.flatMap((id) => {
    const entity = byId.get(id);
    if (!entity) return [];
    const memberOf = entities
      .filter((body) => body.members.includes(id))
      .map((body) => body.id)
      .sort();
    return [{ entityId: id, kind: entity.kind, regions: entity.regions, memberOf }];
  });
}

/** A respondent's effective due date: its own when extended, else the cycle's. */
export function dueDateOf(
  respondent: Pick<Respondent, 'dueAt'>,
  cycle: Pick<CycleInput, 'dueAt'>,
): string {
  return respondent.dueAt ?? cycle.dueAt;
}

/** The cycle's due date and every respondent's own: what its span and close are judged by. */
export function dueDatesOf(
  cycle: Pick<CycleInput, 'dueAt'>,
  respondents: readonly Pick<Respondent, 'dueAt'>[],
): string[] {
  return [cycle.dueAt, ...respondents.map((r) => dueDateOf(r, cycle))];
}

/** Closing counts from the respondents as they stand. */
export function closingCounts(
  respondents: readonly Respondent[],
  cycleDueAt: string,
): ClosingCounts {
  const responded = respondents.filter((r) => r.firstSubmittedAt !== null);
  const late = responded.filter(
    (r) => Date.parse(r.firstSubmittedAt ?? '') > Date.parse(dueDateOf(r, { dueAt: cycleDueAt })),
  ).length;
  return {
    asked: respondents.length,
    responded: responded.length,
    onTime: responded.length - late,
    late,
    missing: respondents.length - responded.length,
    returned: respondents.filter((r) => r.status === 'RETURNED').length,
    accepted: respondents.filter((r) => r.status === 'ACCEPTED').length,
  };
}

/** A respondent's timing flags: overdue while unsubmitted past its due date; late when first submitted after it. */
export function timingOf(
  respondent: { dueAt: string; firstSubmittedAt: string | null },
  now: Date,
): { overdue: boolean; late: boolean } {
  const due = Date.parse(respondent.dueAt);
  if (respondent.firstSubmittedAt === null) return { overdue: now.getTime() > due, late: false };
  return { overdue: false, late: Date.parse(respondent.firstSubmittedAt) > due };
}

/** What a cycle counted the moment it closed; the figures stay as they were then. */
export const ClosingCounts = z.object({
  asked: z.number().int(),
  responded: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
});
export type ClosingCounts = z.infer<typeof ClosingCounts>;

/** A cycle as stored and returned. */
export const Cycle = CycleInput.extend({
  status: z.enum(CYCLE_STATUSES),
  version: z.number().int().positive(),
  /** When it was opened and closed (by its organiser or by the review workflow). */
  openedAt: Instant.optional(),
  closedAt: Instant.optional(),
  closingCounts: ClosingCounts.optional(),
});
export type Cycle = z.infer<typeof Cycle>;

export const RESPONDENT_STATUSES = [
  'NOT_STARTED',
  'DRAFT',
  'SUBMITTED',
  'RETURNED',
  'ACCEPTED',
] as const;

/** A respondent of an open (or closed) cycle, as stored. */
export interface Respondent extends RespondentSnapshot {
  cycleId: string;
  status: (typeof RESPONDENT_STATUSES)[number];
  /** Its own due date when extended; null follows the cycle's. */
  dueAt: string | null;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  remindersSent: number;
  /** When the organiser last returned its submission; null once it is submitted again. */
  returnedAt?: string | null | undefined;
  /** When its draft was last written. */
  lastEditedAt?: string | null | undefined;
  /** When the review workflow found it unsubmitted at its due date. */
  overdueAt?: string | null | undefined;
  /** Set when the cycle closed without a submission from it. */
  missing?: boolean | undefined;
  /** When a late joiner was added; the review workflow skips its steps that fell before. */
  joinedAt?: string | undefined;
  /** The review workflow's steps (reminders, escalations) dealt with, by key. */
  stepsDone?: string[] | undefined;
  version: number;
}

/** A respondent as it starts: asked, nothing written yet. */
export function newRespondent(cycleId: string, snapshot: RespondentSnapshot): Respondent {
  return {
    ...snapshot,
    cycleId,
    status: 'NOT_STARTED',
    dueAt: null,
    firstSubmittedAt: null,
    submittedAt: null,
    remindersSent: 0,
    version: 1,
  };
}

/** Kinds that may organise a cycle: ISCMs, partners and IGOs, never a state. */
export const ORGANISER_KINDS: readonly EntityKind[] = [
  'RCP',
  'IRF',
  'GLOBAL_PROCESS',
  'REO',
  'UN_REGIONAL_COMMISSION',
  'IGO',
];

/** What a respondent looks like to its readers: effective due date and timing flags, at `now`. */
export function respondentView(
  respondent: Respondent,
  cycle: Pick<Cycle, 'dueAt' | 'status'>,
  now: Date,
) {
  const dueAt = dueDateOf(respondent, cycle);
  const timing = timingOf({ dueAt, firstSubmittedAt: respondent.firstSubmittedAt }, now);
  return {
    entityId: respondent.entityId,
    status: respondent.status,
    dueAt,
    overdue: timing.overdue,
    late: timing.late,
    missing:
      cycle.status !== 'OPEN' && cycle.status !== 'DRAFT' && respondent.firstSubmittedAt === null,
    submittedAt: respondent.submittedAt,
    remindersSent: respondent.remindersSent,
    kind: respondent.kind,
    regions: respondent.regions,
    memberOf: respondent.memberOf,
  };
}
export type RespondentView = ReturnType<typeof respondentView>;

/**
 * Reports (submissions, contributions) are written while the cycle is OPEN and not yet locked;
 * ConflictError otherwise, naming what is refused.
 */
export function assertAcceptsReports(cycle: Cycle, now: Date, what: string): void {
  if (cycle.status !== 'OPEN')
    throw new ConflictError(`the cycle is ${cycle.status}; ${what} are written while it is OPEN`);
  if (cycle.locksAt && now.getTime() > Date.parse(cycle.locksAt))
    throw new ConflictError(`the cycle is locked: ${what} are no longer accepted`);
}

/** What a cycle's references are checked against: the entities, cycles and frameworks known. */
export interface CycleReferences {
  entity(id: string): Pick<Entity, 'kind'> | undefined;
  cycleExists(id: string): boolean;
  frameworkExists(id: string): boolean;
}

/**
 * A cycle's references, checked: its organiser is a body that may organise, its respondents and
 * scope name entities, the cycle it follows and its framework exist.
 */
export function cycleReferenceIssues(
  input: Pick<
    CycleInput,
    'organiser' | 'respondents' | 'scope' | 'previousCycleId' | 'frameworkId'
  >,
  known: CycleReferences,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const organiser = known.entity(input.organiser);
  if (!organiser || !ORGANISER_KINDS.includes(organiser.kind))
    issues.push({
      pointer: '/organiser',
      message: `${input.organiser} is not an ISCM, partner or IGO`,
    });
  (input.respondents ?? []).forEach((id, index) => {
    if (!known.entity(id))
      issues.push({ pointer: `/respondents/${index}`, message: `there is no entity ${id}` });
  });
  if (input.scope && 'memberOf' in input.scope && !known.entity(input.scope.memberOf))
    issues.push({
      pointer: '/scope/memberOf',
      message: `there is no entity ${input.scope.memberOf}`,
    });
  if (input.previousCycleId !== null && !known.cycleExists(input.previousCycleId))
    issues.push({
      pointer: '/previousCycleId',
      message: `there is no cycle ${input.previousCycleId}`,
    });
  if (!known.frameworkExists(input.frameworkId))
    issues.push({ pointer: '/frameworkId', message: `there is no framework ${input.frameworkId}` });
  return issues;
}
