import { z } from 'zod';
import { CommitmentInput } from '../commitment.ts';
import { Contact } from '../contact.ts';
import { CYCLE_STATUSES, CycleInput } from '../cycle.ts';
import { EntityInput } from '../entity.ts';
import { EntityId } from '../ids.ts';
import { SUBMISSION_STATUSES, SubmissionInput } from '../submission.ts';

/**
 * What an import carries, element by element, each in the API's own wire format with the few
 * fields an import needs beside it (a cycle's status and closing date, a submission's status and
 * submission date). JSON bundles and CSV files both end up as these.
 */

/** The kinds an import counts, in the order they are written. */
export const IMPORT_KINDS = [
  'entities',
  'memberships',
  'contacts',
  'commitments',
  'cycles',
  'respondents',
  'submissions',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const Instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date and time, such as 2017-06-26T00:00:00Z',
});

export const ImportedEntity = EntityInput;
export type ImportedEntity = z.infer<typeof ImportedEntity>;

/** Member states added to a body (an ISCM or partner, shipped or in the import). */
export const ImportedMemberships = z.object({ body: EntityId, states: z.array(EntityId) });
export type ImportedMemberships = z.infer<typeof ImportedMemberships>;

/** An entity's contact list, whole. */
export const ImportedContacts = z.object({ entityId: EntityId, items: z.array(Contact).max(100) });
export type ImportedContacts = z.infer<typeof ImportedContacts>;

/** A commitment, with its id (the rules require it: imported again, it must be found again). */
export const ImportedCommitment = CommitmentInput;
export type ImportedCommitment = z.infer<typeof CommitmentInput> & { id: string };

/** A cycle: DRAFT, or CLOSED (or PUBLISHED) with its history; OPEN ones are refused by the rules. */
export const ImportedCycle = CycleInput.extend({
  status: z.enum(CYCLE_STATUSES),
  /** When a closed cycle closed; by default its lock date, else its latest due or submission date. */
  closedAt: Instant.optional(),
  /** Respondents' own due dates (extensions), by entity id. */
  extensions: z.record(EntityId, Instant).default({}),
});
export type ImportedCycle = z.infer<typeof ImportedCycle>;

/** A respondent's report to a closed cycle, as it was last submitted. */
export const ImportedSubmission = SubmissionInput.extend({
  cycleId: EntityId,
  entityId: EntityId,
  status: z.enum(SUBMISSION_STATUSES).default('SUBMITTED'),
  submittedAt: Instant,
});
export type ImportedSubmission = z.infer<typeof ImportedSubmission>;

/** Top-level keys of a JSON bundle; `about` is free text, ignored. */
export const BUNDLE_KEYS = [
  'about',
  'entities',
  'memberships',
  'contacts',
  'commitments',
  'cycles',
  'submissions',
] as const;
