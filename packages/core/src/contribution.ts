import { z } from 'zod';
import { NotFoundError } from './errors.ts';
import { Entry, MAX_ENTRIES } from './submission.ts';

/**
 * Whole-of-government contributions: a state's focal point invites ministries and agencies (each
 * by `contributorId`) to contribute to its report in a cycle. A contributor writes only its own
 * contribution, in the submission's entry shapes, and marks it ready; the focal point merges
 * chosen entries into the submission, which it alone submits.
 */

export const ContributionInput = z.object({
  entries: z.array(Entry).max(MAX_ENTRIES).default([]),
  /** The contributor has finished; the workflow stops reminding it. */
  ready: z.boolean().default(false),
});
export type ContributionInput = z.infer<typeof ContributionInput>;

export interface Contribution {
  cycleId: string;
  /** The respondent (a state) the contribution is for. */
  entityId: string;
  contributorId: string;
  /** Entries with their ids; merged entries keep them, so a merge can be repeated. */
  entries: Array<Entry & { id: string }>;
  ready: boolean;
  readyAt?: string | undefined;
  /** When the focal point invited the contributor: reminders count from here. */
  invitedAt: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

/** What a contributor's entries may not say: they are not carried, nor merged from elsewhere. */
export function contributedEntries(entries: readonly Entry[]): Entry[] {
  return entries.map(({ carriedForward: _c, fromContribution: _f, ...entry }) => entry as Entry);
}

/** The 404 of a contribution that is not there (not invited, or not yet). */
export function contributionNotFound(
  cycleId: string,
  entityId: string,
  contributorId: string,
): NotFoundError {
  return new NotFoundError(`contribution of ${contributorId} to ${entityId}'s report in`, cycleId);
}
