import type { ENTITY_ROLES, Grant } from './access/grants.ts';
import type { Attachment, AttachmentTarget } from './attachment.ts';
import type { Commitment, Level } from './commitment.ts';
import type { Contact, Contacts } from './contact.ts';
import type { Contribution } from './contribution.ts';
import type { Cycle, Respondent } from './cycle.ts';
import type { Entity, EntityInput, EntityKind } from './entity.ts';
import type { Framework } from './framework.ts';
import type { ImportedRespondent, ImportPhase } from './import/plan.ts';
import type { ImportCounts, ImportProgress } from './import/progress.ts';
import type { Notice, NoticeKind } from './notice.ts';
import type { Region } from './regions.ts';
import type { Rollup, RollupContribution } from './rollup.ts';
import type { Series } from './series.ts';
import type { Submission, SubmittedVersion } from './submission.ts';

/** A page of a list: the items and an opaque cursor for the next page, `null` on the last. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Filters of the entity list; they combine with AND. */
export interface EntityFilter {
  kind?: EntityKind | undefined;
  region?: Region | undefined;
  /** Member states of this ISCM or partner. */
  memberOf?: string | undefined;
}

/** Where entities live. Implementations raise the core's errors, never their own. */
export interface EntityRepository {
  get(id: string): Promise<Entity | undefined>;
  /** The entities with these ids that exist, in the order asked. */
  getMany(ids: string[]): Promise<Entity[]>;
  list(filter: EntityFilter, page: PageRequest): Promise<Page<Entity>>;
  /** Creates the entity at version 1; ConflictError when the id is taken. */
  create(entity: EntityInput, options?: { seeded?: boolean }): Promise<Entity>;
  /**
   * Replaces `current` (as just read) if it is still at `expectedVersion`; VersionConflictError
   * otherwise, ConcurrentWriteError when another write raced it.
   */
  replace(entity: EntityInput, current: Entity, expectedVersion: number): Promise<Entity>;
  /** Replaces the member list alone, in one conditional write on the entity's item. */
  replaceMembers(current: Entity, members: string[], expectedVersion: number): Promise<Entity>;
  /** Deletes `current` (as just read) if it is still at `expectedVersion`. */
  delete(current: Entity, expectedVersion: number): Promise<void>;
  /** Ids of the ISCMs and partners the state belongs to, sorted (reverse index, eventually consistent). */
  membershipsOf(stateId: string): Promise<string[]>;
}

/** Where frameworks live. */
export interface FrameworkRepository {
  list(): Promise<Framework[]>;
  get(id: string): Promise<Framework | undefined>;
  /** Writes the framework unless an identical one is stored; returns whether it wrote. */
  put(framework: Framework): Promise<boolean>;
}

/** A user's grant on an entity, as listed to those who manage the entity's users. */
export interface EntityUser {
  sub: string;
  email: string;
  role: (typeof ENTITY_ROLES)[number];
  contributorId?: string | undefined;
}

/** Where grants live: the table, never the token. */
export interface GrantRepository {
  grantsOf(sub: string): Promise<Grant[]>;
  /** Records the user's email and adds the grant; adding a grant held already changes nothing. */
  add(user: { sub: string; email: string }, grant: Grant): Promise<void>;
  usersOf(entityId: string): Promise<EntityUser[]>;
  /** Removes every grant the user holds on the entity; returns how many there were. */
  removeFromEntity(sub: string, entityId: string): Promise<number>;
}

/** The sign-in service: Cognito in AWS, the development provider locally. */
export interface IdentityDirectory {
  /** The user with this email, created (and told how to sign in) if new. */
  ensureUser(email: string): Promise<{ sub: string }>;
}

/** Filters of the commitment list; they combine with AND. */
export interface CommitmentFilter {
  /** Owner or co-owner. */
  owner?: string | undefined;
  level?: Level | undefined;
  /** `framework:id`, e.g. `nyd-2016:T4`. */
  tag?: string | undefined;
  sdgTarget?: string | undefined;
}

export interface CommitmentRepository {
  get(id: string): Promise<Commitment | undefined>;
  /** The commitments with these ids that exist, in no particular order (batched reads). */
  getMany(ids: readonly string[]): Promise<Commitment[]>;
  list(filter: CommitmentFilter, page: PageRequest): Promise<Page<Commitment>>;
  /** Creates at version 1; ConflictError when the id is taken. */
  create(commitment: Commitment, searchTags: string[]): Promise<Commitment>;
  replace(commitment: Commitment, current: Commitment, searchTags: string[]): Promise<Commitment>;
  delete(current: Commitment): Promise<void>;
}

export interface ContactRepository {
  /** The entity's contacts; `{ items: [], version: 0 }` when none were ever written. */
  get(entityId: string): Promise<Contacts>;
  /** The contact lists of these entities that were ever written, by entity id (batched reads). */
  getMany(entityIds: readonly string[]): Promise<Map<string, Contacts>>;
  /** Writes the list if the stored one is still at `expectedVersion` (0: none yet). */
  replace(entityId: string, items: Contact[], expectedVersion: number): Promise<Contacts>;
}

/** Filters of the cycle list. */
export interface CycleFilter {
  organiser?: string | undefined;
  /** Cycles this entity owes or owed. */
  respondent?: string | undefined;
}

export interface CycleRepository {
  get(id: string): Promise<Cycle | undefined>;
  /** Cycles by id; with `respondent`, each with that entity's respondent record. */
  list(
    filter: CycleFilter,
    page: PageRequest,
  ): Promise<Page<{ cycle: Cycle; respondent?: Respondent | undefined }>>;
  /**
   * Creates the cycle; in a series, moves the series' last cycle to it in the same transaction,
   * on condition that it was still `cycle.previousCycleId` (ConcurrentWriteError otherwise).
   */
  create(cycle: Cycle): Promise<Cycle>;
  /** Writes `cycle` over `current` if `current` is still the stored version. */
  replace(cycle: Cycle, current: Cycle): Promise<Cycle>;
  /**
   * Changes the cycle's status and records the event every respondent must hear of, in one
   * transaction: the fan-out that follows can always be finished from the event.
   */
  replaceWithEvent(cycle: Cycle, current: Cycle, event: NoticeKind): Promise<Cycle>;
  /** Events whose fan-out has not finished. */
  pendingEvents(cycleId: string): Promise<NoticeKind[]>;
  completeEvent(cycleId: string, event: NoticeKind): Promise<void>;
  respondents(cycleId: string): Promise<Respondent[]>;
  respondent(cycleId: string, entityId: string): Promise<Respondent | undefined>;
  /** Writes the respondents of a cycle about to open (no submission can exist yet). */
  putRespondents(respondents: Respondent[]): Promise<void>;
  /** Adds a late joiner; ConflictError when it is a respondent already. */
  addRespondent(respondent: Respondent): Promise<void>;
  /** Writes `respondent` over `current` if `current` is still the stored version. */
  replaceRespondent(respondent: Respondent, current: Respondent): Promise<void>;
  /**
   * Adds to what the review workflow recorded of a respondent, beside its record (whose
   * version it leaves alone, so it never races a submission). Recording the same again changes nothing.
   */
  recordRound(cycleId: string, entityId: string, change: RoundRecord): Promise<void>;
}

/** What the review workflow records of a respondent, by step key. */
export interface RoundRecord {
  /** Steps dealt with: sent or passed over. */
  steps: string[];
  /** Reminder steps sent (their count is the respondent's `remindersSent`). */
  reminders: string[];
  /** When it was first found unsubmitted at its due date. */
  overdueAt?: string | undefined;
  missing?: boolean | undefined;
}

/** One change to a submission, written at once: the submission, its respondent record and, on submit, a version. */
export interface SubmissionChange {
  submission: Submission;
  /** The stored submission this change replaces; undefined when it creates the first draft. */
  previous: Submission | undefined;
  respondent: Respondent;
  previousRespondent: Respondent;
  submitted?: SubmittedVersion | undefined;
  /** Notices to the respondent caused by this change, written with it or not at all. */
  notices?: Notice[] | undefined;
}

export interface SubmissionRepository {
  get(cycleId: string, entityId: string): Promise<Submission | undefined>;
  /** The submissions with these keys that exist, in no particular order (one batched read). */
  getMany(keys: ReadonlyArray<{ cycleId: string; entityId: string }>): Promise<Submission[]>;
  /** Writes the change in one transaction; VersionConflictError when anything moved meanwhile. */
  write(change: SubmissionChange): Promise<void>;
  history(cycleId: string, entityId: string): Promise<SubmittedVersion[]>;
  /** Each respondent's latest submitted version in the cycle, by entity id. */
  latestVersions(cycleId: string): Promise<Map<string, SubmittedVersion>>;
}

/** Series of cycles; a cycle created in a series moves the series' last cycle in one transaction. */
export interface SeriesRepository {
  get(id: string): Promise<Series | undefined>;
  list(page: PageRequest): Promise<Page<Series>>;
  /** Creates at version 1; ConflictError when the id is taken. */
  create(series: Series): Promise<Series>;
  /** Writes `series` over `current` if `current` is still the stored version. */
  replace(series: Series, current: Series): Promise<Series>;
}

/** Contributions beside their cycle, one item per (respondent, contributor). */
export interface ContributionRepository {
  get(cycleId: string, entityId: string, contributorId: string): Promise<Contribution | undefined>;
  /** The respondent's contributions, by contributor id. */
  listFor(cycleId: string, entityId: string): Promise<Contribution[]>;
  /** Every contribution of the cycle, for the review workflow's reminders. */
  listByCycle(cycleId: string): Promise<Contribution[]>;
  /**
   * Writes the contribution over `previous` (as read; undefined creates it) with its notices, in
   * one transaction; VersionConflictError when it moved meanwhile, ConflictError when it exists.
   */
  write(change: {
    contribution: Contribution;
    previous: Contribution | undefined;
    notices?: Notice[] | undefined;
  }): Promise<void>;
}

export interface NoticeFilter {
  cycleId?: string | undefined;
  entityId?: string | undefined;
}

/** The outbox: every notice, whatever became of it. */
export interface NoticeRepository {
  get(id: string): Promise<Notice | undefined>;
  /** Writes notices not written yet (by id); returns those it wrote. */
  add(notices: Notice[]): Promise<Notice[]>;
  list(filter: NoticeFilter, page: PageRequest): Promise<Page<Notice>>;
  /**
   * Sets the notice's status; with `from`, only if the stored status is one of those (so a late
   * SENT never overwrites a BOUNCED that raced it). Returns whether it wrote.
   */
  setStatus(
    notice: Notice,
    status: Notice['status'],
    from?: ReadonlyArray<Notice['status']>,
  ): Promise<boolean>;
}

/** Sends a notice: the console locally; in AWS a queue that Amazon SES is fed from. */
export interface NoticeDelivery {
  /** SENT, FAILED, or PENDING when delivery is left to a later step. */
  deliver(notice: Notice): Promise<Notice['status']>;
}

/** Attachment records; their bytes are in the FileStore. */
export interface AttachmentRepository {
  get(id: string): Promise<Attachment | undefined>;
  /** The attachments with these ids that exist, in no particular order. */
  getMany(ids: readonly string[]): Promise<Attachment[]>;
  /** Stores a new PENDING attachment; ConflictError when the id is taken. */
  create(attachment: Attachment): Promise<void>;
  /**
   * Marks it COMPLETE if it is still PENDING, to be deleted UNBOUND_ATTACHMENT_DAYS after
   * `completedAt` unless bound by then; ConflictError otherwise.
   */
  complete(id: string, completedAt: string): Promise<void>;
  /**
   * Attaches a COMPLETE attachment to `target` for good if it is attached to nothing yet and
   * still attachable at `now` (see unboundUntil), or attached to that very target already (so
   * binding again changes nothing); ConflictError otherwise.
   */
  bind(id: string, target: AttachmentTarget, now: string): Promise<void>;
}

/** A URL the client sends the bytes to, with the headers the request must carry. */
export interface UploadTarget {
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

/** Where attachments' bytes live: Amazon S3 in AWS, a folder locally. Clients move the bytes themselves. */
export interface FileStore {
  /** A short-lived URL that accepts exactly `size` bytes of `contentType` at `key`. */
  uploadTarget(key: string, contentType: string, size: number): Promise<UploadTarget>;
  /**
   * What is stored at `key`: its size, first bytes (at least SIGNATURE_BYTES, fewer only when
   * the file is shorter) and an opaque revision; undefined when nothing is.
   */
  head(
    key: string,
  ): Promise<{ size: number; firstBytes: Uint8Array; revision: string } | undefined>;
  /**
   * Copies the object at `from` to `to` if it is still at `revision` (ConflictError when it
   * changed meanwhile), so that what was checked is what is kept. The copy is marked unbound:
   * the store may delete it UNBOUND_ATTACHMENT_DAYS after, unless `retain` is called first.
   */
  keep(from: string, to: string, revision: string): Promise<void>;
  /** Keeps the file at `key` for good: it is attached to something. Doing it again changes nothing. */
  retain(key: string): Promise<void>;
  /** A short-lived URL that downloads `key` under `filename` as `contentType`. */
  downloadUrl(
    key: string,
    filename: string,
    contentType: string,
  ): Promise<{ url: string; expiresAt: string }>;
}

/** What a first request answered, kept to answer its replays byte for byte. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Idempotency keys: the record is written by the change it guards, the response after. */
export interface IdempotencyStore {
  /** Runs `work` with the key in scope: the first transaction it writes also writes the key. */
  run<T>(id: string, requestHash: string, work: () => Promise<T>): Promise<T>;
  get(
    id: string,
  ): Promise<{ requestHash: string; response?: StoredResponse | undefined } | undefined>;
  complete(id: string, requestHash: string, response: StoredResponse): Promise<void>;
}

/** Runs the review workflow of a cycle: AWS Step Functions, or the local engine in process. */
export interface WorkflowEngine {
  /**
   * Starts the cycle's execution of this generation; starting one that runs already changes
   * nothing, so a retried open cannot start two.
   */
  start(run: { cycleId: string; generation: number }): Promise<void>;
  /** Stops the execution, if one runs; the round's tasks are idempotent, so stopping is always safe. */
  stop(run: { cycleId: string; generation: number }): Promise<void>;
}

/** The review workflow's own records of a cycle. */
export interface RoundState {
  /** Numbers the executions of the cycle; a fresh execution after a failed one takes the next. */
  generation: number;
  failures: number;
  /** Failures since the last successful Act: the retry backs off with it. */
  streak: number;
  lastFailure?: { error: string; cause: string; at: string } | undefined;
}

/**
 * What the review workflow remembers between its tasks: the digests it wrote (so that none is
 * written twice) and its failures.
 */
export interface RoundRepository {
  state(cycleId: string): Promise<RoundState>;
  /** Ends a streak of failures, after a successful Act. */
  clearStreak(cycleId: string): Promise<void>;
  /** Moves to the next generation (a fresh execution after a failed one); returns it. */
  nextGeneration(cycleId: string): Promise<number>;
  /** Counts a failure and keeps the latest; returns the state after it. */
  recordFailure(
    cycleId: string,
    failure: { error: string; cause: string; at: string },
  ): Promise<RoundState>;
  /** The step keys already sent to this recipient in this cycle, and its digests not yet delivered. */
  sent(cycleId: string, recipient: string): Promise<{ keys: Set<string>; undelivered: string[] }>;
  /**
   * Writes the digest and the keys it covers in one transaction, if the cycle is still open;
   * false when this very digest was written before or the cycle has closed meanwhile.
   */
  recordDigest(
    cycleId: string,
    recipient: string,
    notice: Notice,
    keys: string[],
  ): Promise<boolean>;
  markDelivered(cycleId: string, recipient: string, noticeId: string): Promise<void>;
}

/** What a rollup read needs beside the figures: who may read it. */
export interface RollupAccess {
  organiser: string;
  published: boolean;
}

/** A scope's headline figures, for the list of scopes. */
export type ScopeHeadline = Pick<
  Rollup,
  | 'scope'
  | 'asked'
  | 'responded'
  | 'responseRate'
  | 'onTime'
  | 'late'
  | 'overdue'
  | 'missing'
  | 'returned'
  | 'accepted'
>;

/**
 * Rollups and the contributions they are made of, per cycle. A scope's rollup is a few items
 * under one key, written together and read with one Query.
 */
export interface RollupRepository {
  /**
   * Runs `work` holding the cycle's lease, so that two upkeeps of one cycle never interleave
   * (each reads every contribution and writes whole scopes). Waits while another holds it.
   */
  lease<T>(cycleId: string, work: () => Promise<T>): Promise<T>;
  contributions(cycleId: string): Promise<RollupContribution[]>;
  /** Writes contributions and scope rollups; each scope's items go in one request. */
  write(
    cycleId: string,
    access: RollupAccess,
    contributions: readonly RollupContribution[],
    rollups: readonly Rollup[],
  ): Promise<void>;
  get(cycleId: string, scope: string): Promise<(RollupAccess & { rollup: Rollup }) | undefined>;
  headlines(cycleId: string): Promise<Array<RollupAccess & { headline: ScopeHeadline }>>;
}

/** Bulk imports: their progress records, and the one write only an import makes. */
export interface ImportRepository {
  /** The import's progress record, if it ever started. */
  progress(importId: string): Promise<ImportProgress | undefined>;
  /** Records a run of the import, its first or a resumption; returns the progress so far. */
  begin(
    importId: string,
    run: { at: string; files: string[]; by: string },
  ): Promise<ImportProgress>;
  /** Records that the phase's first `batches` batches are written, with the counts so far. */
  checkpoint(
    importId: string,
    phase: ImportPhase,
    batches: number,
    counts: ImportCounts,
  ): Promise<void>;
  finish(importId: string, at: string): Promise<void>;
  /**
   * Writes a closed cycle's respondent as the close left it (its record, its round record if it
   * went missing, its submission and submitted version if it reported) in one transaction, each
   * item on condition that it is new; false when the respondent was there already.
   */
  writeRespondent(record: ImportedRespondent): Promise<boolean>;
}
