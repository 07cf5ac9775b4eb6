import { type Commitment, tagIssues } from './commitment.ts';
import type { Cycle } from './cycle.ts';
import { type InputIssue, InvalidInputError } from './errors.ts';
import type { Framework } from './framework.ts';
import type { CommitmentRepository, FrameworkRepository } from './ports.ts';
import type { Entry } from './submission.ts';

export type EntryWithId = Entry & { id: string };

/**
 * Checks entries as a respondent or a contributor writes them: ids sent back must be known,
 * tags must belong to the cycle's framework, a commitment's progress must be the respondent's
 * own commitment (whose tags apply when none are given). New entries get their ids here.
 */
export class EntryChecker {
  readonly #commitments: CommitmentRepository;
  readonly #frameworks: FrameworkRepository;
  readonly #newEntryId: () => string;

  constructor(
    commitments: CommitmentRepository,
    frameworks: FrameworkRepository,
    newEntryId: () => string,
  ) {
    this.#commitments = commitments;
    this.#frameworks = frameworks;
    this.#newEntryId = newEntryId;
  }

  /**
   * The entries with their ids and tags; `knownId(id, entry)` says whether an id sent back
   * names an entry the writer may keep. Every problem is reported at once, under `/entries/i`.
   */
  async check(
    cycle: Cycle,
    entityId: string,
    entries: readonly Entry[],
    knownId: (id: string, entry: Entry) => boolean,
  ): Promise<EntryWithId[]> {
    const framework = await this.#frameworks.get(cycle.frameworkId);
    const progressIds = entries.flatMap((e) =>
      e.type === 'COMMITMENT_PROGRESS' ? [e.commitmentId] : [],
    );
    // One batched read for every commitment the entries report on.
    const commitments = new Map(
      progressIds.length > 0
        ? (await this.#commitments.getMany([...new Set(progressIds)])).map((c) => [c.id, c])
        : [],
    );
    const issues: InputIssue[] = [];
    const result: EntryWithId[] = [];
    const seen = new Set<string>();
    for (const [index, entry] of entries.entries()) {
      if (entry.id !== undefined && !knownId(entry.id, entry)) {
        issues.push({
          pointer: `/entries/${index}/id`,
          message: `${entry.id} is not an entry of this submission`,
        });
      } else if (entry.id !== undefined && seen.has(entry.id)) {
        // Diffs, confirmations and rollups go by id: an id names one entry.
        issues.push({ pointer: `/entries/${index}/id`, message: `${entry.id} is listed twice` });
      }
      if (entry.id !== undefined) seen.add(entry.id);
      const checked = entryRules(entry, index, entityId, framework, commitments);
      issues.push(...checked.issues);
      result.push({
        ...entry,
        tags: checked.tags,
        id: entry.id ?? this.#newEntryId(),
      } as EntryWithId);
    }
    if (issues.length > 0) throw new InvalidInputError(issues);
    return result;
  }
}

/**
 * An entry's content rules, the same wherever entries come from (a write, a contribution, an
 * import): a progress entry reports on the respondent's own commitment, whose tags in the
 * framework apply when it gives none; tags belong to the cycle's framework. The tags it ends
 * with, and the issues under `/entries/{index}`.
 */
export function entryRules(
  entry: Entry,
  index: number,
  entityId: string,
  framework: Framework | undefined,
  commitments: ReadonlyMap<string, Commitment>,
): { tags: string[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  let tags = entry.tags ?? [];
  if (entry.type === 'COMMITMENT_PROGRESS') {
    const commitment = commitments.get(entry.commitmentId);
    if (!commitment || (commitment.owner !== entityId && !commitment.coOwners.includes(entityId)))
      issues.push({
        pointer: `/entries/${index}/commitmentId`,
        message: `${entityId} owns no commitment ${entry.commitmentId}`,
      });
    else if (tags.length === 0 && framework) tags = commitment.tags[framework.id] ?? [];
  }
  if (framework) {
    for (const issue of tagIssues({ [framework.id]: tags }, [framework]))
      issues.push({
        pointer: `/entries/${index}/tags${issue.pointer.slice(`/tags/${framework.id}`.length)}`,
        message: issue.message,
      });
  }
  return { tags, issues };
}
