import type { Guard } from './access/guard.ts';
import type { Clock } from './clock.ts';
import { tagIssues } from './commitment.ts';
import type { Cycle, Respondent } from './cycle.ts';
import {
  ConflictError,
  checkVersion,
  ForbiddenError,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
  VersionConflictError,
} from './errors.ts';
import type { NoticeDesk } from './notice-desk.ts';
import type {
  CommitmentRepository,
  CycleRepository,
  FrameworkRepository,
  SubmissionRepository,
} from './ports.ts';
import type { Entry, Review, Submission, SubmissionInput, SubmittedVersion } from './submission.ts';

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
  readonly #commitments: CommitmentRepository;
  readonly #frameworks: FrameworkRepository;
  readonly #clock: Clock;
  readonly #newEntryId: () => string;
  readonly #notices: NoticeDesk;

  constructor(
    cycles: CycleRepository,
    submissions: SubmissionRepository,
    commitments: CommitmentRepository,
    frameworks: FrameworkRepository,
    clock: Clock,
    newEntryId: () => string,
    notices: NoticeDesk,
  ) {
    this.#notices = notices;
    this.#cycles = cycles;
    this.#submissions = submissions;
    this.#commitments = commitments;
    this.#frameworks = frameworks;
    this.#clock = clock;
    this.#newEntryId = newEntryId;
  }

  /** The submission, for the respondent's users, the organiser, eligible reviewers and the admin. */
  async get(cycleId: string, entityId: string, guard: Guard): Promise<Submission> {
    const { cycle, respondent, submission } = await this.#context(cycleId, entityId);
    await guard({ entityId, secretariatsOf: [cycle.organiser, ...reviewersOf(cycle, respondent)] });
    if (!submission) throw new NotFoundError(`submission of ${entityId} to`, cycleId);
    return submission;
  }

  /**
   * What anyone may read once a cycle is published: the last submitted version of a submission
   * whose respondent chose PUBLIC_ON_PUBLISH. Anything else reads as not found.
   */
  async published(cycleId: string, entityId: string): Promise<SubmittedVersion> {
    const cycle = await this.#cycles.get(cycleId);
    const submission =
      cycle?.status === 'PUBLISHED' ? await this.#submissions.get(cycleId, entityId) : undefined;
    const versions =
      submission?.visibility === 'PUBLIC_ON_PUBLISH'
        ? await this.#submissions.history(cycleId, entityId)
        : [];
    const last = versions.at(-1);
    if (last?.content.visibility !== 'PUBLIC_ON_PUBLISH')
      throw new NotFoundError(`published submission of ${entityId} to`, cycleId);
    return last;
  }

  async history(cycleId: string, entityId: string, guard: Guard): Promise<SubmittedVersion[]> {
    const { cycle, respondent } = await this.#context(cycleId, entityId);
    await guard({ entityId, secretariatsOf: [cycle.organiser, ...reviewersOf(cycle, respondent)] });
    return this.#submissions.history(cycleId, entityId);
  }

  /** Creates the draft (no If-Match) or overwrites it (If-Match); a returned one stays RETURNED. */
  async put(
    cycleId: string,
    entityId: string,
    input: SubmissionInput,
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Submission> {
    await guard({ entityId });
    const { cycle, respondent, submission } = await this.#context(cycleId, entityId);
    this.#assertWritable(cycle);
    if (submission && (submission.status === 'SUBMITTED' || submission.status === 'ACCEPTED')) {
      throw new ConflictError(
        `a ${submission.status} submission is not edited; it can be returned by the organiser`,
      );
    }
    if (submission) checkVersion(submission.version, expectedVersion, { required: true });
    else if (expectedVersion !== undefined && expectedVersion !== 0)
      throw new VersionConflictError(expectedVersion);
    const entries = await this.#entries(cycle, entityId, input.entries, submission);
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
    const status = respondent.status === 'NOT_STARTED' ? 'DRAFT' : respondent.status;
    const lastEditedAt = this.#clock.now().toISOString();
    await this.#submissions.write({
      submission: next,
      previous: submission,
      respondent: { ...respondent, status, lastEditedAt, version: respondent.version + 1 },
      previousRespondent: respondent,
    });
    return next;
  }

  /** Submits the draft (or the returned submission): a new immutable version, first submission decides lateness. */
  async submit(
    cycleId: string,
    entityId: string,
    expectedVersion: number | undefined,
    by: string,
    guard: Guard,
  ): Promise<Submission> {
    await guard({ entityId });
    const { cycle, respondent, submission } = await this.#context(cycleId, entityId);
    this.#assertWritable(cycle);
    if (!submission) throw new ConflictError('there is no draft to submit; PUT one first');
    if (submission.status !== 'DRAFT' && submission.status !== 'RETURNED') {
      throw new ConflictError(`a ${submission.status} submission cannot be submitted again`);
    }
    checkVersion(submission.version, expectedVersion, { required: false });
    const now = this.#clock.now().toISOString();
    const dueAt = respondent.dueAt ?? cycle.dueAt;
    const number = submission.submittedVersions + 1;
    const next: Submission = {
      ...submission,
      status: 'SUBMITTED',
      submittedVersions: number,
      version: submission.version + 1,
    };
    const { entries, challenges, supportNeeded, visibility } = submission;
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
        content: { entries, challenges, supportNeeded, visibility },
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

  async #context(cycleId: string, entityId: string): Promise<Context> {
    const cycle = await this.#cycles.get(cycleId);
    if (!cycle) throw new NotFoundError('cycle', cycleId);
    const respondent = await this.#cycles.respondent(cycleId, entityId);
    if (!respondent) throw new NotFoundError(`respondent of ${cycleId}`, entityId);
    return { cycle, respondent, submission: await this.#submissions.get(cycleId, entityId) };
  }

  #assertWritable(cycle: Cycle): void {
    if (cycle.status !== 'OPEN')
      throw new ConflictError(
        `the cycle is ${cycle.status}; submissions are written while it is OPEN`,
      );
    if (cycle.locksAt && this.#clock.now().getTime() > Date.parse(cycle.locksAt)) {
      throw new ConflictError('the cycle is locked: submissions are no longer accepted');
    }
  }

  /** Gives new entries their ids, keeps the ids sent back, checks tags and commitments. */
  async #entries(
    cycle: Cycle,
    entityId: string,
    entries: Entry[],
    current: Submission | undefined,
  ) {
    const known = new Set(current?.entries.map((entry) => entry.id));
    const framework = await this.#frameworks.get(cycle.frameworkId);
    const issues: InputIssue[] = [];
    const result: Array<Entry & { id: string }> = [];
    for (const [index, entry] of entries.entries()) {
      if (entry.id !== undefined && !known.has(entry.id)) {
        issues.push({
          pointer: `/entries/${index}/id`,
          message: `${entry.id} is not an entry of this submission`,
        });
      }
      let tags = entry.tags ?? [];
      if (entry.type === 'COMMITMENT_PROGRESS') {
        const commitment = await this.#commitments.get(entry.commitmentId);
        if (
          !commitment ||
          (commitment.owner !== entityId && !commitment.coOwners.includes(entityId))
        ) {
          issues.push({
            pointer: `/entries/${index}/commitmentId`,
            message: `${entityId} owns no commitment ${entry.commitmentId}`,
          });
        } else if (tags.length === 0) {
          tags = commitment.tags[cycle.frameworkId] ?? [];
        }
      }
      for (const issue of tagIssues({ [cycle.frameworkId]: tags }, framework ? [framework] : [])) {
        issues.push({
          pointer: `/entries/${index}/tags${issue.pointer.slice(`/tags/${cycle.frameworkId}`.length)}`,
          message: issue.message,
        });
      }
      result.push({ ...entry, tags, id: entry.id ?? this.#newEntryId() } as Entry & { id: string });
    }
    if (issues.length > 0) throw new InvalidInputError(issues);
    return result;
  }
}

/** ISCM secretariats that may review: those the respondent belonged to, in a regional or global cycle. */
function reviewersOf(cycle: Cycle, respondent: Respondent): string[] {
  const wide = cycle.scope !== null && !('memberOf' in cycle.scope);
  return wide ? respondent.memberOf.filter((id) => id !== cycle.organiser) : [];
}
