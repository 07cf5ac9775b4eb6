import { z } from 'zod';
import { AttachmentId, MAX_ATTACHMENTS_PER_ITEM } from './attachment.ts';
import { Level } from './commitment.ts';
import { EntityId } from './ids.ts';

/**
 * What respondents send in a cycle: entries of four types, each tagged with the cycle's framework,
 * and a few submission-level fields. Every text and list is bounded, and the request body is
 * capped, so that a submission and each of its versions fit one DynamoDB item.
 */

const Text = z.string().trim().min(1).max(4_000);
const ShortText = z.string().trim().min(1).max(300);
const Link = z.url().max(2_000);
const Tags = z.array(z.string().max(16)).max(50).default([]);
/** Completed uploads, by id. Not defaulted: the continuity diff compares entries field by field. */
const Attachments = z.array(AttachmentId).max(MAX_ATTACHMENTS_PER_ITEM).optional();
export const EntryId = z
  .string()
  .regex(/^E-[0-9A-F]{10}$/, 'is not an entry id this submission gave out');

export const GOOD_PRACTICE_CATEGORIES = [
  'LAWS_AND_POLICIES',
  'PROJECTS',
  'CAPACITY_BUILDING',
  'MANUALS_GUIDANCE_PUBLICATIONS',
  'STRUCTURES',
  'RESEARCH_DATA_ANALYSIS',
  'INTERSTATE_DIALOGUE_COOPERATION',
] as const;
export const GOOD_PRACTICE_CRITERIA = [
  'EFFECTIVE',
  'SUSTAINABLE',
  'GENDER_SENSITIVE',
  'TECHNICALLY_FEASIBLE',
  'PARTICIPATORY',
  'REPLICABLE_ADAPTABLE',
  'REDUCES_CRISIS_RISK',
] as const;
export const PROGRESS_STATUSES = [
  'NOT_STARTED',
  'IN_PROGRESS',
  'PARTIALLY_ACHIEVED',
  'ACHIEVED',
  'DISCONTINUED',
] as const;

const base = {
  id: EntryId.optional(),
  tags: Tags,
  /**
   * Carried from the respondent's previous cycle and not yet confirmed; sending `false` (or
   * editing the entry) confirms it. Only the server sets it to true.
   */
  carriedForward: z.boolean().optional(),
  /** The contributor (ministry or agency) whose contribution the entry was merged from. */
  fromContribution: EntityId.optional(),
  attachments: Attachments,
};

export const Entry = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('RECOMMENDATION'), text: Text, link: Link.optional() }),
  z.object({
    ...base,
    type: z.literal('GOOD_PRACTICE'),
    title: ShortText,
    description: Text.optional(),
    category: z.enum(GOOD_PRACTICE_CATEGORIES),
    /** Countries (ids) or regions where it was piloted. */
    piloted: z.array(z.string().max(40)).max(50).default([]),
    criteria: z
      .array(z.enum(GOOD_PRACTICE_CRITERIA))
      .max(GOOD_PRACTICE_CRITERIA.length)
      .default([]),
    innovative: z.boolean().default(false),
    link: Link.optional(),
  }),
  z.object({ ...base, type: z.literal('PRINCIPLE'), text: Text, link: Link.optional() }),
  z.object({
    ...base,
    type: z.literal('COMMITMENT_PROGRESS'),
    commitmentId: EntityId,
    status: z.enum(PROGRESS_STATUSES),
    narrative: Text.optional(),
    indicatorValues: z
      .array(
        z.object({
          indicatorId: z.string().max(40),
          value: z.number(),
          sex: z.enum(['FEMALE', 'MALE', 'OTHER', 'UNKNOWN']).optional(),
          ageGroup: z.string().max(10).optional(),
        }),
      )
      .max(100)
      .default([]),
    challenges: Text.optional(),
    supportNeeded: Text.optional(),
    partnersInvolved: z.array(EntityId).max(50).default([]),
    evidence: z.array(Link).max(20).default([]),
    /** Left empty, the commitment's own tags in the cycle's framework apply. */
    tags: z.array(z.string().max(16)).max(50).optional(),
    level: Level.optional(),
  }),
]);
export type Entry = z.infer<typeof Entry>;

/** The most entries a submission (or a contribution) holds, merged ones included. */
export const MAX_ENTRIES = 100;

export const SubmissionInput = z.object({
  entries: z.array(Entry).max(MAX_ENTRIES).default([]),
  challenges: Text.optional(),
  supportNeeded: Text.optional(),
  visibility: z.enum(['PUBLIC_ON_PUBLISH', 'AGGREGATE_ONLY']).default('AGGREGATE_ONLY'),
  /** Documents of the submission as a whole (the national report itself, its annexes). */
  attachments: Attachments,
});
export type SubmissionInput = z.infer<typeof SubmissionInput>;

export const SUBMISSION_STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'ACCEPTED'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface Review {
  /** The entity the reviewer acted for: the organiser, or an ISCM the respondent belongs to. */
  asEntityId: string;
  decision: 'ACCEPT' | 'RETURN';
  comment?: string | undefined;
  by: string;
  at: string;
}

/** A respondent's submission in a cycle, as stored and returned; entries always carry their ids. */
export interface Submission extends Omit<SubmissionInput, 'entries'> {
  cycleId: string;
  entityId: string;
  entries: Array<Entry & { id: string }>;
  status: SubmissionStatus;
  /** Reviews by ISCM secretariats other than the organiser: recorded, they change nothing else. */
  reviews: Review[];
  /** The organiser's latest decision. */
  review?: Review | undefined;
  /** How many versions were submitted; each is kept, immutable, in the history. */
  submittedVersions: number;
  version: number;
}

/** One submitted version, kept as it was, with who submitted it and when. */
export interface SubmittedVersion {
  cycleId: string;
  entityId: string;
  number: number;
  submittedAt: string;
  submittedBy: string;
  late: boolean;
  content: SubmissionInput;
}

/**
 * Whether anyone may read a respondent's last submitted version: the cycle is published and
 * the respondent chose PUBLIC_ON_PUBLISH in that version and in its submission as it stands (a
 * returned submission switched to AGGREGATE_ONLY withdraws the version it had submitted).
 */
export function isPublicVersion(
  cycleStatus: string | undefined,
  submission: Pick<Submission, 'visibility'> | undefined,
  last: SubmittedVersion | undefined,
): last is SubmittedVersion {
  return (
    cycleStatus === 'PUBLISHED' &&
    submission?.visibility === 'PUBLIC_ON_PUBLISH' &&
    last?.content.visibility === 'PUBLIC_ON_PUBLISH'
  );
}
