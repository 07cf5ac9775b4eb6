import { type Guard, permits } from './access/guard.ts';
import type { Resource } from './access/policy.ts';
import {
  type Attachment,
  type AttachmentRef,
  type AttachmentRequest,
  type AttachmentTarget,
  attachmentFileKeys,
  attachmentRefs,
  hasSignatureOf,
  UNBOUND_ATTACHMENT_DAYS,
  unboundUntil,
} from './attachment.ts';
import type { Clock } from './clock.ts';
import type { Cycle } from './cycle.ts';
import {
  ConflictError,
  ForbiddenError,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
} from './errors.ts';
import type {
  AttachmentRepository,
  CycleRepository,
  FileStore,
  SubmissionRepository,
  UploadTarget,
} from './ports.ts';
import { publicVersionOf, readersOf } from './submission-desk.ts';

export interface AttachmentDeskDeps {
  attachments: AttachmentRepository;
  files: FileStore;
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  clock: Clock;
  newId: () => string;
}

/** Who is reading, with a guard bound to `submissions:read`; undefined for an anonymous caller. */
export type AttachmentReader = { sub: string; guard: Guard } | undefined;

/**
 * Attachments: declared, uploaded by the client straight to the file store, completed once the
 * bytes are checked, then attached to a submission or its entries by the write that names them.
 * Once attached, an attachment is read by whoever may read that submission.
 */
export class AttachmentDesk {
  readonly #deps: AttachmentDeskDeps;

  constructor(deps: AttachmentDeskDeps) {
    this.#deps = deps;
  }

  /**
   * Records a PENDING attachment and returns where to upload its bytes. `guard` is bound to
   * `attachments:create`: storage is spent only by those who write what files attach to.
   */
  async create(
    request: AttachmentRequest,
    uploadedBy: string,
    guard: Guard,
  ): Promise<{ attachment: Attachment; upload: UploadTarget }> {
    const { attachments, files, clock, newId } = this.#deps;
    await guard({});
    const attachment: Attachment = {
      id: newId(),
      ...request,
      status: 'PENDING',
      uploadedBy,
      createdAt: clock.now().toISOString(),
    };
    await attachments.create(attachment);
    const upload = await files.uploadTarget(
      attachmentFileKeys.upload(attachment.id),
      request.contentType,
      request.size,
    );
    return { attachment, upload };
  }

  /**
   * The uploader says the bytes are there: they must be, with the declared size and the content
   * type's first bytes. Completing a COMPLETE attachment changes nothing.
   */
  async complete(id: string, sub: string): Promise<Attachment> {
    const { attachments, files, clock } = this.#deps;
    const attachment = await this.#find(id);
    if (attachment.uploadedBy !== sub)
      throw new ForbiddenError('only the uploader completes an attachment');
    if (attachment.status === 'COMPLETE') return attachment;
    const stored = await files.head(attachmentFileKeys.upload(id));
    if (!stored) {
      throw new ConflictError(
        'nothing has been uploaded for this attachment yet: PUT the bytes to its uploadUrl first',
      );
    }
    const issues: InputIssue[] = [];
    if (stored.size !== attachment.size) {
      issues.push({
        pointer: '/size',
        message: `the uploaded file has ${stored.size} bytes, but ${attachment.size} were declared`,
      });
    }
    if (!hasSignatureOf(attachment.contentType, stored.firstBytes)) {
      issues.push({
        pointer: '/contentType',
        message: `the uploaded file does not begin as a ${attachment.contentType} file does`,
      });
    }
    if (issues.length > 0) throw new InvalidInputError(issues);
    await files.keep(attachmentFileKeys.upload(id), attachmentFileKeys.file(id), stored.revision);
    const completedAt = clock.now().toISOString();
    try {
      await attachments.complete(id, completedAt);
    } catch (error) {
      // A concurrent completion of the same upload got there first: the result is the same.
      const now = await attachments.get(id);
      if (error instanceof ConflictError && now?.status === 'COMPLETE') return now;
      throw error;
    }
    return { ...attachment, status: 'COMPLETE', completedAt };
  }

  /**
   * The attachment with a short-lived download URL. Unattached: its uploader and the admin.
   * Attached: whoever may read the submission; anyone once the cycle is published, if it is in
   * the respondent's last submitted version and that version is PUBLIC_ON_PUBLISH. Anything an
   * anonymous caller may not read does not exist for them (404).
   */
  async get(
    id: string,
    reader: AttachmentReader,
  ): Promise<{ attachment: Attachment; download: { url: string; expiresAt: string } }> {
    const attachment = await this.#find(id);
    await this.#authorise(attachment, reader);
    if (attachment.status !== 'COMPLETE')
      throw new ConflictError('the upload is not complete yet: POST .../complete first');
    const download = await this.#deps.files.downloadUrl(
      attachmentFileKeys.file(id),
      attachment.filename,
      attachment.contentType,
    );
    return { attachment, download };
  }

  /**
   * Attaches what a write refers to, before the write: each attachment must exist, be complete,
   * and be the caller's own upload still attachable, or attached to this very target already.
   * Throws one InvalidInputError naming every pointer that fails; binding again changes nothing.
   */
  async claim(
    refs: readonly AttachmentRef[],
    target: AttachmentTarget,
    sub: string,
  ): Promise<void> {
    if (refs.length === 0) return;
    const { attachments, files, clock } = this.#deps;
    const now = clock.now();
    const found = new Map(
      (await attachments.getMany([...new Set(refs.map((ref) => ref.id))])).map((a) => [a.id, a]),
    );
    const problemOf = (attachment: Attachment | undefined): string | undefined => {
      if (attachment?.attachedTo)
        return sameTarget(attachment.attachedTo, target) ? undefined : notYours;
      if (attachment?.uploadedBy !== sub) return notYours;
      if (attachment.status !== 'COMPLETE')
        return `complete its upload first (POST /v1/attachments/${attachment.id}/complete)`;
      if (attachment.completedAt && unboundUntil(attachment.completedAt) <= now)
        return `was completed over ${UNBOUND_ATTACHMENT_DAYS} days ago and never attached, so it is deleted: upload it again`;
      return undefined;
    };
    const issues: InputIssue[] = refs.flatMap((ref) => {
      const problem = problemOf(found.get(ref.id));
      return problem ? [{ pointer: ref.pointer, message: `${ref.id}: ${problem}` }] : [];
    });
    if (issues.length > 0) throw new InvalidInputError(issues);

    const unbound = [...found.values()].filter((a) => !a.attachedTo);
    for (const attachment of unbound) {
      try {
        // The file first: a record bound to a file still marked for deletion would lose it, and
        // a retry finds the record bound and never retains. A file retained and then not bound
        // merely outlives its record.
        await files.retain(attachmentFileKeys.file(attachment.id));
        await attachments.bind(attachment.id, target, now.toISOString());
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // Attached elsewhere by a concurrent write, between the read and now.
        for (const ref of refs.filter((r) => r.id === attachment.id))
          issues.push({ pointer: ref.pointer, message: `${ref.id}: ${notYours}` });
      }
    }
    if (issues.length > 0) throw new InvalidInputError(issues);
  }

  async #find(id: string): Promise<Attachment> {
    const attachment = await this.#deps.attachments.get(id);
    if (!attachment) throw new NotFoundError('attachment', id);
    return attachment;
  }

  async #authorise(attachment: Attachment, reader: AttachmentReader): Promise<void> {
    const target = attachment.attachedTo;
    if (reader && !target && attachment.uploadedBy === reader.sub) return;
    // Read once, for the readers' rule and for the public one.
    const cycle = target ? await this.#deps.cycles.get(target.cycleId) : undefined;
    if (!reader) {
      if (!(await this.#isPublic(attachment, cycle)))
        throw new NotFoundError('attachment', attachment.id);
      return;
    }
    // Unattached, the resource names no entity: only the admin passes the guard.
    const readers = await this.#readersOf(target, cycle);
    if ((await permits(reader.guard, readers)) || (await this.#isPublic(attachment, cycle))) return;
    // Neither a reader nor public: the guard says why.
    await reader.guard(readers);
  }

  /** Who may read what it is attached to: the submission's readers; unattached, the admin alone. */
  async #readersOf(
    target: AttachmentTarget | undefined,
    cycle: Cycle | undefined,
  ): Promise<Resource> {
    if (!target) return {};
    const respondent = await this.#deps.cycles.respondent(target.cycleId, target.entityId);
    if (!cycle || !respondent) return { entityId: target.entityId, secretariatsOf: [] };
    return readersOf(cycle, respondent);
  }

  /**
   * Public: attached to a submission whose public version (as SubmissionDesk.published reads
   * it) names it. An AGGREGATE_ONLY submission's never are.
   */
  async #isPublic(attachment: Attachment, cycle: Cycle | undefined): Promise<boolean> {
    const target = attachment.attachedTo;
    if (!target) return false;
    const version = await publicVersionOf(this.#deps.submissions, cycle, target);
    return (
      version !== undefined &&
      attachmentRefs(version.content).some((ref) => ref.id === attachment.id)
    );
  }
}

const notYours = 'is not an attachment you uploaded, nor one attached here already';

function sameTarget(a: AttachmentTarget, b: AttachmentTarget): boolean {
  return a.cycleId === b.cycleId && a.entityId === b.entityId;
}
