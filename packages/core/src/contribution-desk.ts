import { type Guard, permits } from './access/guard.ts';
import { attachmentRefs } from './attachment.ts';
import type { AttachmentDesk } from './attachment-desk.ts';
import type { Clock } from './clock.ts';
import {
  type Contribution,
  type ContributionInput,
  contributedEntries,
  contributionNotFound,
} from './contribution.ts';
import { assertAcceptsReports, dueDateOf } from './cycle.ts';
import type { EntryChecker } from './entry-checker.ts';
import { checkVersion, NotFoundError } from './errors.ts';
import type { NoticeDesk } from './notice-desk.ts';
import type { ContributionRepository, CycleRepository } from './ports.ts';
import { respondentContext } from './submission-desk.ts';

export interface ContributionDeskDeps {
  cycles: CycleRepository;
  contributions: ContributionRepository;
  entries: EntryChecker;
  notices: NoticeDesk;
  clock: Clock;
  /** Attaches the uploads a contribution names to the respondent's submission. */
  attachments: Pick<AttachmentDesk, 'claim'>;
}

/**
 * Contributions to a state's report. The focal points invite (the first write of a contribution
 * is theirs) and see every contribution; a contributor reads and writes its own alone.
 */
export class ContributionDesk {
  readonly #deps: ContributionDeskDeps;

  constructor(deps: ContributionDeskDeps) {
    this.#deps = deps;
  }

  /**
   * Writes a contribution: the first PUT, by a focal point, is the invitation (and tells the
   * contributor); later ones need the version read, like a submission's.
   */
  async put(
    cycleId: string,
    entityId: string,
    contributorId: string,
    input: ContributionInput,
    expectedVersion: number | undefined,
    by: string,
    guard: Guard,
  ): Promise<Contribution> {
    const { contributions, entries, notices, clock, attachments } = this.#deps;
    const current = await contributions.get(cycleId, entityId, contributorId);
    if (current) await guard({ entityId, contributorId });
    else await this.#assertMayInvite(guard, entityId, contributorId, cycleId);
    const { cycle, respondent } = await respondentContext(this.#deps.cycles, cycleId, entityId);
    assertAcceptsReports(cycle, clock.now(), 'contributions');
    // The invitation needs no version (or 0); every later write the version it read.
    checkVersion(current?.version ?? 0, expectedVersion, { required: current !== undefined });
    const known = new Set(current?.entries.map((entry) => entry.id));
    const checked = await entries.check(cycle, entityId, contributedEntries(input.entries), (id) =>
      known.has(id),
    );
    // Bound to the submission they may end up in: merging then needs nothing more.
    await attachments.claim(attachmentRefs(input), { cycleId, entityId }, by);
    const now = clock.now().toISOString();
    const next: Contribution = {
      cycleId,
      entityId,
      contributorId,
      entries: checked,
      ready: input.ready,
      ...(input.ready && { readyAt: current?.readyAt ?? now }),
      invitedAt: current?.invitedAt ?? now,
      updatedAt: now,
      updatedBy: by,
      version: (current?.version ?? 0) + 1,
    };
    const invitation = current
      ? []
      : await notices.render(
          'CONTRIBUTION_REQUESTED',
          cycle,
          { entityId, contributorId, dueAt: dueDateOf(respondent, cycle) },
          `N-${cycleId}-${entityId}-CONTRIBUTION-${contributorId}`,
        );
    await contributions.write({ contribution: next, previous: current, notices: invitation });
    await notices.deliver(invitation);
    return next;
  }

  async get(
    cycleId: string,
    entityId: string,
    contributorId: string,
    guard: Guard,
  ): Promise<Contribution> {
    await guard({ entityId, contributorId });
    const contribution = await this.#deps.contributions.get(cycleId, entityId, contributorId);
    if (!contribution) throw contributionNotFound(cycleId, entityId, contributorId);
    return contribution;
  }

  /** Every contribution to the focal points; to a contributor, its own. */
  async list(cycleId: string, entityId: string, guard: Guard): Promise<Contribution[]> {
    await respondentContext(this.#deps.cycles, cycleId, entityId);
    const all = await this.#deps.contributions.listFor(cycleId, entityId);
    if (await permits(guard, { entityId })) return all;
    const own: Contribution[] = [];
    for (const contribution of all) {
      if (await permits(guard, { entityId, contributorId: contribution.contributorId }))
        own.push(contribution);
    }
    if (own.length === 0) await guard({ entityId });
    return own;
  }

  /**
   * Only a focal point invites. A contributor writing before it was invited hears that it was
   * not invited, rather than a bare refusal.
   */
  async #assertMayInvite(guard: Guard, entityId: string, contributorId: string, cycleId: string) {
    if (await permits(guard, { entityId })) return;
    await guard({ entityId, contributorId });
    throw new NotFoundError(
      `invitation of ${contributorId} (the focal point invites first) to ${entityId}'s report in`,
      cycleId,
    );
  }
}
