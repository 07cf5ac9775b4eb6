import type { Guard } from './access/guard.ts';
import type { Resource } from './access/policy.ts';
import { attachmentRefs } from './attachment.ts';
import type { AttachmentDesk } from './attachment-desk.ts';
import { canonical, differingFields } from './canonical.ts';
import type { Clock } from './clock.ts';
import { type Contribution, contributionNotFound } from './contribution.ts';
import { assertAcceptsReports, type Cycle, dueDateOf, type Respondent } from './cycle.ts';
import type { EntryChecker, EntryWithId } from './entry-checker.ts';
import {
  ConflictError,
  checkVersion,
  ForbiddenError,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
} from './errors.ts';
import type { NoticeDesk } from './notice-desk.ts';
import type {
  ContributionRepository,
  CycleRepository,
  FrameworkRepository,
  SubmissionRepository,
} from './ports.ts';
import {
  type Entry,
  isPublicVersion,
  MAX_ENTRIES,
  type Review,
  type Submission,
  type SubmissionInput,
  type SubmittedVersion,
} from './submission.ts';

export interface SubmissionDeskDeps {
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  contributions: ContributionRepository;
  frameworks: FrameworkRepository;
  entries: EntryChecker;
  clock: Clock;
  notices: NoticeDesk;
  /** Attaches the uploads a write names to the submission, before the write. */
  attachments: Pick<AttachmentDesk, 'claim'>;
}

/** Where a submission stands for its readers and writers: the cycle, the respondent, the submission. */
interface Context {
  cycle: Cycle;
  respondent: Respondent;
  submission: Submission | undefined;
}

/** Respondents draft and submit; the organiser returns or accepts; ISCM secretariats may add their reviews. */
export class SubmissionDesk {
  readonly #cycles: CycleRepository;
  readonly #submissions: SubmissionRepository;
  readonly #contributions: ContributionRepository;
  readonly #frameworks: FrameworkRepository;
  readonly #entries: EntryChecker;
  readonly #clock: Clock;
  readonly #notices: NoticeDesk;
  readonly #attachments: Pick<AttachmentDesk, 'claim'>;

  constructor(deps: SubmissionDeskDeps) {
    this.#attachments = deps.attachments;
    this.#cycles = deps.cycles;
    this.#submissions = deps.submissions;
    this.#contributions = deps.contributions;
    this.#frameworks = deps.frameworks;
    this.#entries = deps.entries;
    this.#clock = deps.clock;
    this.#notices = deps.notices;
  }

  /** The submission, for the respondent's users, the organiser, eligible reviewers and the admin. */
  async get(cycleId: string, entityId: string, guard: Guard): Promise<Submission> {
    const { cycle, respondent, submission } = await this.#context(cycleId, entityId);
    await guard(readersOf(cycle, respondent));
    if (!submission) throw new NotFoundError(`submission of ${entityId} to`, cycleId);
    return submission;
  }

  /**
   * What anyone may read once a cycle is published: the last submitted version of a submission
   * whose respondent chose PUBLIC_ON_PUBLISH. Anything else reads as not found.
   */
  async published(cycleId: string, entityId: string): Promise<SubmittedVersion> {
    const cycle = await this.#cycles.get(cycleId);
    const version = await publicVersionOf(this.#submissions, cycle, { cycleId, entityId });
    if (!version) throw new NotFoundError(`published submission of ${entityId} to`, cycleId);
    return version;
  }

  async history(cycleId: string, entityId: string, guard: Guard): Promise<SubmittedVersion[]> {
    const { cycle, respondent } = await this.#context(cycleId, entityId);
    await guard(readersOf(cycle, respondent));
    return this.#submissions.history(cycleId, entityId);
  }

  /** Creates the draft (no If-Match) or overwrites it (If-Match); a returned one stays RETURNED. */
  async put(
    cycleId: string,
    entityId: string,
    input: SubmissionInput,
    expectedVersion: number | undefined,
    by: string,
    guard: Guard,
  ): Promise<Submission> {
    const { cycle, respondent, submission } = await this.#writable(cycleId, entityId, guard);
    assertEditable(submission);
    // The first write needs no version (or 0); every later one the version it read.
    checkVersion(submission?.version ?? 0, expectedVersion, { required: submission !== undefined });
    const entries = await this.#checkEntries(cycle, entityId, input.entries, submission);
    await this.#attachments.claim(attachmentRefs(input), { cycleId, entityId }, by);
    const next: Submission = {
      ...input,
      cycleId,
      entityId,
      entries,
      status: submission?.status ?? 'DRAFT',
      reviews: submission?.reviews ?? [],
      review: submission?.review,
      submittedVersions: submission?.submittedVersions ?? 0,
      version: (submission?.version ?? 0) + 1,
    };
    return this.#writeDraft(next, submission, respondent);
  }

  /** Submits the draft (or the returned submission): a new immutable version, first submission decides lateness. */
  async submit(
    cycleId: string,
    entityId: string,
    expectedVersion: number | undefined,
    by: string,
    guard: Guard,
  ): Promise<Submission> {
    const { cycle, respondent, submission } = await this.#writable(cycleId, entityId, guard);
    if (!submission) throw new ConflictError('there is no draft to submit; PUT one first');
    if (submission.status !== 'DRAFT' && submission.status !== 'RETURNED') {
      throw new ConflictError(`a ${submission.status} submission cannot be submitted again`);
    }
    const carried = submission.entries.filter((e) => e.carriedForward).map((e) => e.id);
    if (carried.length > 0) {
      throw new ConflictError(
        `confirm or edit the entries carried from the previous cycle first: ${carried.join(', ')}`,
      );
    }
    checkVersion(submission.version, expectedVersion, { required: false });
    const now = this.#clock.now().toISOString();
    const dueAt = dueDateOf(respondent, cycle);
    const number = submission.submittedVersions + 1;
    const next: Submission = {
      ...submission,
      status: 'SUBMITTED',
      submittedVersions: number,
      version: submission.version + 1,
    };
    const { entries, challenges, supportNeeded, visibility, attachments } = submission;
    await this.#submissions.write({
      submission: next,
      previous: submission,
      respondent: {
        ...respondent,
        status: 'SUBMITTED',
        submittedAt: now,
        firstSubmittedAt: respondent.firstSubmittedAt ?? now,
        returnedAt: null,
        version: respondent.version + 1,
      },
      previousRespondent: respondent,
      submitted: {
        cycleId,
        entityId,
        number,
        submittedAt: now,
        submittedBy: by,
        late: Date.parse(respondent.firstSubmittedAt ?? now) > Date.parse(dueAt),
        content: { entries, challenges, supportNeeded, visibility, attachments },
      },
    });
    return next;
  }

  /**
   * The organiser's review decides: RETURN (with a comment) or ACCEPT. A secretariat of an ISCM
   * the respondent belongs to may review a regional or global cycle too; that review is recorded
   * and changes nothing else.
   */
  async review(
    cycleId: string,
    entityId: string,
    decision: {
      decision: 'ACCEPT' | 'RETURN';
      comment?: string | undefined;
      asEntityId?: string | undefined;
    },
    by: { sub: string; secretariatOf: readonly string[] },
    guard: Guard,
  ): Promise<Submission> {
    const { cycle, respondent, submission } = await this.#context(cycleId, entityId);
    const eligible = [cycle.organiser, ...reviewersOf(cycle, respondent)];
    const asEntityId =
      decision.asEntityId ??
      eligible.find((id) => by.secretariatOf.includes(id)) ??
      cycle.organiser;
    await guard({ entityId: asEntityId });
    if (!eligible.includes(asEntityId))
      throw new ForbiddenError(`${asEntityId} does not review ${entityId} in ${cycleId}`);
    if (decision.decision === 'RETURN' && !decision.comment) {
      throw new InvalidInputError([
        { pointer: '/comment', message: 'a RETURN says why, in a comment' },
      ]);
    }
    if (!submission || submission.status === 'DRAFT')
      throw new ConflictError('there is nothing submitted to review');
    const review: Review = {
      asEntityId,
      decision: decision.decision,
      comment: decision.comment,
      by: by.sub,
      at: this.#clock.now().toISOString(),
    };
    const byOrganiser = asEntityId === cycle.organiser;
    if (byOrganiser && submission.status !== 'SUBMITTED') {
      throw new ConflictError(`a ${submission.status} submission awaits no decision`);
    }
    const status = byOrganiser
      ? decision.decision === 'ACCEPT'
        ? 'ACCEPTED'
        : 'RETURNED'
      : submission.status;
    const next: Submission = byOrganiser
      ? { ...submission, status, review, version: submission.version + 1 }
      : {
          ...submission,
          reviews: [...submission.reviews.filter((r) => r.asEntityId !== asEntityId), review],
          version: submission.version + 1,
        };
    // The respondent hears of it in the same transaction: a failed change leaves no notice.
    const kind = byOrganiser
      ? decision.decision === 'ACCEPT'
        ? 'ACCEPTED'
        : 'RETURNED'
      : 'REVIEWED';
    const notices = await this.#notices.render(
      kind,
      cycle,
      { entityId, comment: decision.comment, reviewer: asEntityId },
      `N-${cycleId}-${entityId}-${kind}-${next.version}`,
    );
    await this.#submissions.write({
      submission: next,
      previous: submission,
      respondent: {
        ...respondent,
        status,
        // The workflow escalates a returned submission left untouched; it counts from here.
        ...(status === 'RETURNED' && byOrganiser && { returnedAt: review.at }),
        version: respondent.version + 1,
      },
      previousRespondent: respondent,
      notices,
    });
    await this.#notices.deliver(notices);
    return next;
  }

  /**
   * Merges a contribution's entries (all, or those chosen) into the draft, creating it if need
   * be. Merged entries keep their ids and say which contribution they came from; merging again
   * brings the contributor's later edits over the same entries.
   */
  async merge(
    cycleId: string,
    entityId: string,
    request: { contributorId: string; entryIds?: readonly string[] | undefined },
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Submission> {
    const { respondent, submission } = await this.#writable(cycleId, entityId, guard);
    assertEditable(submission);
    if (submission) checkVersion(submission.version, expectedVersion, { required: false });
    const { contributorId, entryIds } = request;
    const contribution = await this.#contributions.get(cycleId, entityId, contributorId);
    if (!contribution) throw contributionNotFound(cycleId, entityId, contributorId);
    const chosen = chosenEntries(contribution, entryIds).map((entry) => ({
      ...entry,
      fromContribution: contributorId,
    }));
    const byId = new Map(chosen.map((entry) => [entry.id, entry]));
    const kept = (submission?.entries ?? []).map((entry) => byId.get(entry.id) ?? entry);
    const keptIds = new Set(kept.map((entry) => entry.id));
    const entries = [...kept, ...chosen.filter((entry) => !keptIds.has(entry.id))];
    if (entries.length > MAX_ENTRIES)
      throw new ConflictError(
        `the submission would hold ${entries.length} entries; it holds at most ${MAX_ENTRIES}`,
      );
    assertFits(entries);
    const next: Submission = submission
      ? { ...submission, entries, version: submission.version + 1 }
      : firstDraft(cycleId, entityId, { entries, visibility: 'AGGREGATE_ONLY' });
    return this.#writeDraft(next, submission, respondent);
  }

  /**
   * Starts the draft from the respondent's last submitted version in the previous cycle of the
   * series: its entries keep their ids and are marked carried forward until confirmed or edited.
   */
  async prefill(cycleId: string, entityId: string, guard: Guard): Promise<Submission> {
    const { cycle, respondent, submission } = await this.#writable(cycleId, entityId, guard);
    if (submission) throw new ConflictError('the draft exists already; pre-fill starts one');
    const previous = await this.#previous(cycle, entityId);
    const framework = await this.#frameworks.get(cycle.frameworkId);
    const known = new Set(
      framework?.groups.flatMap((g) => [g.id, ...g.items.map((i) => i.id)]) ?? [],
    );
    const next = firstDraft(cycleId, entityId, {
      ...previous.content,
      // Attachments stay with the cycle they were attached in (its readers are theirs).
      attachments: undefined,
      // Tags of another framework do not carry, nor where an entry was merged from (that
      // cycle's contributions); the rest is as it was submitted.
      entries: previous.content.entries.map(({ fromContribution: _from, ...entry }) => ({
        ...entry,
        attachments: undefined,
        tags: (entry.tags ?? []).filter((tag) => known.has(tag)),
        carriedForward: true,
      })) as Submission['entries'],
    });
    return this.#writeDraft(next, undefined, respondent);
  }

  /** Confirms carried entries as they are. */
  async confirm(
    cycleId: string,
    entityId: string,
    entryIds: readonly string[],
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Submission> {
    const { respondent, submission } = await this.#writable(cycleId, entityId, guard);
    if (!submission) throw new NotFoundError(`submission of ${entityId} to`, cycleId);
    checkVersion(submission.version, expectedVersion, { required: false });
    const carried = new Set(submission.entries.filter((e) => e.carriedForward).map((e) => e.id));
    const issues = entryIds.flatMap((id, index) =>
      carried.has(id)
        ? []
        : [
            {
              pointer: `/entryIds/${index}`,
              message: `${id} is not a carried entry of this draft`,
            },
          ],
    );
    if (issues.length > 0) throw new InvalidInputError(issues);
    const next: Submission = {
      ...submission,
      entries: submission.entries.map(({ carriedForward, ...entry }) =>
        carriedForward && !entryIds.includes(entry.id) ? { ...entry, carriedForward } : entry,
      ) as Submission['entries'],
      version: submission.version + 1,
    };
    await this.#submissions.write({
      submission: next,
      previous: submission,
      respondent: { ...respondent, version: respondent.version + 1 },
      previousRespondent: respondent,
    });
    return next;
  }

  /**
   * How the submission differs from the respondent's last submitted version in the previous
   * cycle, entry by entry id: added, removed, changed (with the fields, and status moves).
   */
  async diff(cycleId: string, entityId: string, guard: Guard) {
    const { cycle, respondent, submission } = await this.#context(cycleId, entityId);
    await guard(readersOf(cycle, respondent));
    if (!submission) throw new NotFoundError(`submission of ${entityId} to`, cycleId);
    const previous = await this.#previous(cycle, entityId);
    return {
      previousCycleId: previous.cycleId,
      ...diffEntries(previous.content.entries, submission.entries),
    };
  }

  async #previous(cycle: Cycle, entityId: string): Promise<SubmittedVersion> {
    if (!cycle.previousCycleId)
      throw new ConflictError(
        `${cycle.id} follows no cycle: there is nothing to carry forward or compare`,
      );
    const last = (await this.#submissions.history(cycle.previousCycleId, entityId)).at(-1);
    if (!last) throw new ConflictError(`${entityId} submitted nothing in ${cycle.previousCycleId}`);
    return last;
  }

  /** The respondent's own writes: allowed, and on an open, unlocked cycle. */
  async #writable(cycleId: string, entityId: string, guard: Guard): Promise<Context> {
    await guard({ entityId });
    const context = await this.#context(cycleId, entityId);
    assertAcceptsReports(context.cycle, this.#clock.now(), 'submissions');
    return context;
  }

  /** Writes the draft over `previous`, with its respondent now drafting and edited. */
  async #writeDraft(
    next: Submission,
    previous: Submission | undefined,
    respondent: Respondent,
  ): Promise<Submission> {
    await this.#submissions.write({
      submission: next,
      previous,
      respondent: this.#drafted(respondent),
      previousRespondent: respondent,
    });
    return next;
  }

  /** The respondent once its draft is written: drafting, and edited now. */
  #drafted(respondent: Respondent): Respondent {
    return {
      ...respondent,
      status: respondent.status === 'NOT_STARTED' ? 'DRAFT' : respondent.status,
      lastEditedAt: this.#clock.now().toISOString(),
      version: respondent.version + 1,
    };
  }

  async #context(cycleId: string, entityId: string): Promise<Context> {
    const { cycle, respondent } = await respondentContext(this.#cycles, cycleId, entityId);
    return { cycle, respondent, submission: await this.#submissions.get(cycleId, entityId) };
  }

  /**
   * The draft's entries, checked: ids sent back must be the draft's own or, for an entry merged
   * by hand (`fromContribution`), that contribution's; carried entries stay carried until
   * confirmed or edited.
   */
  async #checkEntries(
    cycle: Cycle,
    entityId: string,
    entries: Entry[],
    current: Submission | undefined,
  ): Promise<EntryWithId[]> {
    const own = new Set(current?.entries.map((entry) => entry.id));
    const contributions = new Map<string, Contribution>();
    if (entries.some((e) => e.fromContribution)) {
      for (const contribution of await this.#contributions.listFor(cycle.id, entityId))
        contributions.set(contribution.contributorId, contribution);
    }
    const issues: InputIssue[] = [];
    entries.forEach((entry, index) => {
      if (entry.fromContribution && !contributions.has(entry.fromContribution))
        issues.push({
          pointer: `/entries/${index}/fromContribution`,
          message: `${entry.fromContribution} has no contribution to ${entityId}'s report`,
        });
    });
    if (issues.length > 0) throw new InvalidInputError(issues);
    const checked = await this.#entries.check(cycle, entityId, entries, (id, entry) => {
      const source = entry.fromContribution && contributions.get(entry.fromContribution);
      return own.has(id) || (!!source && source.entries.some((e) => e.id === id));
    });
    return checked.map(({ carriedForward: _c, ...entry }, index) => {
      const sent = entries[index] as Entry;
      return (
        stillCarried(sent, current) ? { ...entry, carriedForward: true } : entry
      ) as EntryWithId;
    });
  }
}

/**
 * A submission is one item, under DynamoDB's 400 KB: a merge of long entries could outgrow it,
 * so the entries' size is checked (with room for the rest) before anything is written.
 */
const MAX_ENTRIES_BYTES = 300 * 1024;
function assertFits(entries: readonly Entry[]): void {
  const bytes = new TextEncoder().encode(JSON.stringify(entries)).length;
  if (bytes > MAX_ENTRIES_BYTES)
    throw new ConflictError(
      `the submission's entries would take ${Math.ceil(bytes / 1024)} KB; a submission holds at most ${MAX_ENTRIES_BYTES / 1024} KB: merge fewer entries, or move long texts into attachments`,
    );
}

/** A respondent's first draft in a cycle. */
function firstDraft(
  cycleId: string,
  entityId: string,
  content: Omit<SubmissionInput, 'entries'> & { entries: Submission['entries'] },
): Submission {
  return {
    ...content,
    cycleId,
    entityId,
    status: 'DRAFT',
    reviews: [],
    submittedVersions: 0,
    version: 1,
  };
}

/** A SUBMITTED or ACCEPTED submission is not edited until the organiser returns it. */
function assertEditable(submission: Submission | undefined): void {
  if (submission && (submission.status === 'SUBMITTED' || submission.status === 'ACCEPTED')) {
    throw new ConflictError(
      `a ${submission.status} submission is not edited; it can be returned by the organiser`,
    );
  }
}

/** The contribution's entries the focal point chose (all when it chose none); unknown ids are a 400. */
function chosenEntries(
  contribution: Contribution,
  entryIds: readonly string[] | undefined,
): EntryWithId[] {
  if (entryIds === undefined) return contribution.entries;
  const byId = new Map(contribution.entries.map((entry) => [entry.id, entry]));
  const issues = entryIds.flatMap((id, index) =>
    !byId.has(id)
      ? [
          {
            pointer: `/entryIds/${index}`,
            message: `${id} is not an entry of ${contribution.contributorId}'s contribution`,
          },
        ]
      : entryIds.indexOf(id) < index
        ? [{ pointer: `/entryIds/${index}`, message: `${id} is listed twice` }]
        : [],
  );
  if (issues.length > 0) throw new InvalidInputError(issues);
  return entryIds.flatMap((id) => byId.get(id) ?? []);
}

/** A cycle and one of its respondents, or the 404 of whichever is not there. */
export async function respondentContext(
  cycles: CycleRepository,
  cycleId: string,
  entityId: string,
): Promise<{ cycle: Cycle; respondent: Respondent }> {
  const cycle = await cycles.get(cycleId);
  if (!cycle) throw new NotFoundError('cycle', cycleId);
  const respondent = await cycles.respondent(cycleId, entityId);
  if (!respondent) throw new NotFoundError(`respondent of ${cycleId}`, entityId);
  return { cycle, respondent };
}

/**
 * What anyone may read of a respondent's submission: its last submitted version, when the cycle
 * is published and both the submission and that version say PUBLIC_ON_PUBLISH. Reads nothing
 * more than it needs to say no.
 */
export async function publicVersionOf(
  submissions: SubmissionRepository,
  cycle: Pick<Cycle, 'status'> | undefined,
  { cycleId, entityId }: { cycleId: string; entityId: string },
): Promise<SubmittedVersion | undefined> {
  if (cycle?.status !== 'PUBLISHED') return undefined;
  const submission = await submissions.get(cycleId, entityId);
  if (submission?.visibility !== 'PUBLIC_ON_PUBLISH') return undefined;
  const last = (await submissions.history(cycleId, entityId)).at(-1);
  return isPublicVersion(cycle.status, submission, last) ? last : undefined;
}

/**
 * Who may read a respondent's submission (and what is attached to it): its own people, the
 * organiser's secretariat, and the secretariats that may review it.
 */
export function readersOf(cycle: Cycle, respondent: Respondent): Resource {
  return {
    entityId: respondent.entityId,
    secretariatsOf: [cycle.organiser, ...reviewersOf(cycle, respondent)],
  };
}

/** ISCM secretariats that may review: those the respondent belonged to, in a regional or global cycle. */
function reviewersOf(cycle: Cycle, respondent: Respondent): string[] {
  const wide = cycle.scope !== null && !('memberOf' in cycle.scope);
  return wide ? respondent.memberOf.filter((id) => id !== cycle.organiser) : [];
}

/**
 * Whether an entry stays carried forward: only one the server carried, sent back unchanged and
 * not confirmed (`carriedForward: false`).
 */
function stillCarried(entry: Entry, current: Submission | undefined): boolean {
  const stored = entry.id ? current?.entries.find((e) => e.id === entry.id) : undefined;
  if (!stored?.carriedForward || entry.carriedForward === false) return false;
  return sameContent(stored, entry);
}

function sameContent(a: Entry, b: Entry): boolean {
  const { carriedForward: _a, ...left } = a;
  const { carriedForward: _b, ...right } = b;
  return canonical(left) === canonical(right);
}

/** Entries compared by id: what was added, removed, changed (which fields, status moves). */
export function diffEntries(before: readonly Entry[], after: readonly Entry[]) {
  const old = new Map(before.flatMap((e) => (e.id ? [[e.id, e] as const] : [])));
  const now = new Map(after.flatMap((e) => (e.id ? [[e.id, e] as const] : [])));
  const changed = [...now].flatMap(([id, entry]) => {
    const was = old.get(id);
    if (!was) return [];
    const fields = differingFields(was, entry, ['carriedForward']);
    if (fields.length === 0) return [];
    const status =
      was.type === 'COMMITMENT_PROGRESS' &&
      entry.type === 'COMMITMENT_PROGRESS' &&
      was.status !== entry.status
        ? { from: was.status, to: entry.status }
        : undefined;
    return [{ id, fields, ...(status && { status }) }];
  });
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed,
    unchanged: [...now.keys()].filter((id) => old.has(id) && !changed.some((c) => c.id === id))
      .length,
  };
}
