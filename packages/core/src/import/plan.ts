import type { Commitment } from '../commitment.ts';
import type { Contact, Contacts } from '../contact.ts';
import type { Cycle, Respondent } from '../cycle.ts';
import type { Entity, EntityInput } from '../entity.ts';
import type { Framework } from '../framework.ts';
import type { Submission, SubmittedVersion } from '../submission.ts';
import { IMPORT_KINDS } from './bundle.ts';

/** What the table holds of everything an import names, read once before checking. */
export interface TableView {
  /** Every entity there is (a few hundred). */
  entities: ReadonlyMap<string, Entity>;
  frameworks: readonly Framework[];
  /** The commitments the import names, that exist. */
  commitments: ReadonlyMap<string, Commitment>;
  /** The cycles the import names (its own and those they follow), that exist. */
  cycles: ReadonlyMap<string, Cycle>;
  /** The contact lists of the entities the import gives contacts for. */
  contacts: ReadonlyMap<string, Contacts>;
  /** Respondent records of the import's cycles that exist, by cycle then entity. */
  respondents: ReadonlyMap<string, ReadonlyMap<string, Respondent>>;
  /** Submissions of the import's cycles that exist, by `cycleId|entityId`. */
  submissions: ReadonlyMap<string, Submission>;
  now: Date;
}

/** One write of the plan, and whether validation found it already made (then it is skipped). */
export interface Planned<T> {
  item: T;
  exists: boolean;
}

/** Member states to add to a body: all the import names (the writer adds those not yet members). */
export interface PlannedMemberships {
  body: string;
  listed: string[];
}

/** A respondent of a closed cycle as it stood at the close, with its report if it sent one. */
export interface ImportedRespondent {
  respondent: Respondent;
  /** It never reported: the close marks it missing. */
  missing: boolean;
  submission?: Submission | undefined;
  version?: SubmittedVersion | undefined;
}

/**
 * Everything an import writes, in the order it is written: each kind depends only on those
 * before it. Built from the file's order alone, so that an interrupted import, run again, meets
 * the same batches and resumes where its checkpoint says.
 */
export interface ImportPlan {
  entities: Array<Planned<EntityInput>>;
  memberships: PlannedMemberships[];
  contacts: Array<Planned<{ entityId: string; items: Contact[] }>>;
  commitments: Array<Planned<{ commitment: Commitment; searchTags: string[] }>>;
  cycles: Array<Planned<Cycle>>;
  /** Respondents of closed cycles that never reported. */
  respondents: Array<Planned<ImportedRespondent>>;
  /** Respondents of closed cycles that reported, each with its submission and submitted version. */
  submissions: Array<Planned<ImportedRespondent>>;
  /** Closed cycles whose rollups are recomputed once everything is written. */
  rollups: string[];
}

/** The phases of writing, in order; `rollups` comes last and counts no rows. */
export const IMPORT_PHASES = [...IMPORT_KINDS, 'rollups'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];
