import type { Guard } from './access/guard.ts';
import type { Clock } from './clock.ts';
import type { Cycle } from './cycle.ts';
import { AuthenticationRequiredError, ForbiddenError, NotFoundError } from './errors.ts';
import type { Framework } from './framework.ts';
import type {
  CommitmentRepository,
  CycleRepository,
  FrameworkRepository,
  RollupRepository,
  SubmissionRepository,
} from './ports.ts';
import {
  aggregate,
  type ContributionContext,
  contributionOf,
  parseScope,
  type Rollup,
  type RollupContribution,
} from './rollup.ts';
import type { SubmittedVersion } from './submission.ts';

/** How many scopes an export reads at once: enough to be quick, few enough to stay in capacity. */
const READ_CONCURRENCY = 10;

/** The subject of a scope, whose people may read it: `members:ID` and `entity:ID` have one. */
function subjectOf(scope: string): string | undefined {
  const parsed = parseScope(scope);
  return parsed?.kind === 'members' || parsed?.kind === 'entity' ? parsed.id : undefined;
}

export interface RollupDeskDeps {
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  frameworks: FrameworkRepository;
  commitments: CommitmentRepository;
  rollups: RollupRepository;
  clock: Clock;
}

/**
 * Keeps each cycle's rollups: refreshes the scopes of respondents that changed (from the table's
 * stream), recomputes a whole cycle (at close and publication, or by hand), and serves them.
 * Both read the current state, never a change's content, so a replayed, duplicated or late
 * change leaves the rollups as they were.
 */
export class RollupDesk {
  readonly #deps: RollupDeskDeps;

  constructor(deps: RollupDeskDeps) {
    this.#deps = deps;
  }

  /**
   * Recomputes every scope of the cycle from scratch; returns how many scopes it wrote. Like a
   * refresh, it holds the cycle's lease: upkeep of one cycle never interleaves, wherever it runs
   * (the stream, a close, a publication, the command line).
   */
  async recompute(cycleId: string): Promise<number> {
    return this.#deps.rollups.lease(cycleId, () => this.#recompute(cycleId));
  }

  /** Refreshes the contributions of these respondents and every scope they are or were in. */
  async refresh(cycleId: string, entityIds: readonly string[]): Promise<void> {
    await this.#deps.rollups.lease(cycleId, () => this.#refresh(cycleId, entityIds));
  }

  async #recompute(cycleId: string): Promise<number> {
    const { cycles, submissions, rollups, clock } = this.#deps;
    const context = await this.#context(cycleId);
    if (!context) return 0;
    const { cycle, framework } = context;
    const now = clock.now();
    const [respondents, latest, before] = await Promise.all([
      cycles.respondents(cycleId),
      submissions.latestVersions(cycleId),
      cycle.previousCycleId ? cycles.respondents(cycle.previousCycleId) : [],
    ]);
    const missingBefore = new Set(before.filter((r) => r.missing).map((r) => r.entityId));
    const indicatorRef = await this.#indicatorRefs(cycle, [...latest.values()]);
    const contributions = respondents.map((r) =>
      contributionOf(cycle, framework, r, latest.get(r.entityId), now, {
        missingBefore: missingBefore.has(r.entityId),
        indicatorRef,
      }),
    );
    const scopes = [...new Set(contributions.flatMap((c) => c.scopes))];
    await rollups.write(
      cycleId,
      accessOf(cycle),
      contributions,
      scopes.map((scope) => aggregate(cycle, framework, scope, contributions, now)),
    );
    return scopes.length;
  }

  async #refresh(cycleId: string, entityIds: readonly string[]): Promise<void> {
    const { cycles, submissions, rollups, clock } = this.#deps;
    const context = await this.#context(cycleId);
    if (!context) return;
    const { cycle, framework } = context;
    const now = clock.now();
    const stored = new Map((await rollups.contributions(cycleId)).map((c) => [c.entityId, c]));
    const changed: RollupContribution[] = [];
    const affected = new Set<string>();
    for (const entityId of new Set(entityIds)) {
      const respondent = await cycles.respondent(cycleId, entityId);
      if (!respondent) continue;
      const latest = (await submissions.history(cycleId, entityId)).at(-1);
      const before = cycle.previousCycleId
        ? await cycles.respondent(cycle.previousCycleId, entityId)
        : undefined;
      const context: ContributionContext = {
        missingBefore: before?.missing === true,
        indicatorRef: await this.#indicatorRefs(cycle, latest ? [latest] : []),
      };
      const contribution = contributionOf(cycle, framework, respondent, latest, now, context);
      for (const scope of [...(stored.get(entityId)?.scopes ?? []), ...contribution.scopes])
        affected.add(scope);
      stored.set(entityId, contribution);
      changed.push(contribution);
    }
    if (changed.length === 0) return;
    const all = [...stored.values()];
    await rollups.write(
      cycleId,
      accessOf(cycle),
      changed,
      [...affected].map((scope) => aggregate(cycle, framework, scope, all, now)),
    );
  }

  /**
   * A scope's rollup: anyone's once the cycle is published; before, the organiser's secretariat,
   * a body's secretariat for its members, a respondent for itself, and the admin. `guard` is
   * undefined for an anonymous caller.
   */
  async get(cycleId: string, scope: string, guard: Guard | undefined): Promise<Rollup> {
    const stored = await this.#deps.rollups.get(cycleId, scope);
    if (stored) {
      if (!stored.published && !(await this.#published(cycleId)))
        await this.#allow(stored.organiser, scope, guard);
      return stored.rollup;
    }
    // A scope nobody in the cycle falls in: its figures are zeros.
    const context = await this.#context(cycleId);
    if (!context) throw new NotFoundError('cycle', cycleId);
    if (context.cycle.status !== 'PUBLISHED')
      await this.#allow(context.cycle.organiser, scope, guard);
    return aggregate(context.cycle, context.framework, scope, [], this.#deps.clock.now());
  }

  /**
   * Several scopes' rollups, in order, each as `get` would return it, with the cycle read once
   * and each distinct check made once (all scopes but `members:` and `entity:` ones share one).
   */
  async getMany(
    cycleId: string,
    scopes: readonly string[],
    guard: Guard | undefined,
  ): Promise<Rollup[]> {
    const found = (await this.#stored(cycleId, scopes)).filter((f) => f !== undefined);
    // A scope nobody falls in has no stored figures: rare enough to read each as `get` does.
    if (found.length < scopes.length)
      return Promise.all(scopes.map((scope) => this.get(cycleId, scope, guard)));
    const unpublished = found.filter((f) => !f.published);
    if (unpublished.length > 0 && !(await this.#published(cycleId))) {
      const checks = new Map(unpublished.map((f) => [`${f.organiser} ${subjectOf(f.scope)}`, f]));
      for (const f of checks.values()) await this.#allow(f.organiser, f.scope, guard);
    }
    return found.map((f) => f.rollup);
  }

  /** The scopes of a cycle with their headline figures, as far as the caller may read them. */
  async scopes(cycleId: string, guard: Guard | undefined) {
    const heads = await this.#deps.rollups.headlines(cycleId);
    const [first] = heads;
    if (!first) {
      const context = await this.#context(cycleId);
      if (!context) throw new NotFoundError('cycle', cycleId);
      if (context.cycle.status !== 'PUBLISHED')
        await this.#allow(context.cycle.organiser, 'global', guard);
      return [];
    }
    if (first.published || (await this.#published(cycleId))) return heads.map((h) => h.headline);
    const readable = [];
    for (const head of heads) {
      if (await this.#may(head.organiser, head.headline.scope, guard)) readable.push(head.headline);
    }
    if (readable.length === 0) await this.#allow(first.organiser, 'global', guard);
    return readable;
  }

  /**
   * Every scope's rollup the caller may read: the scopes `scopes` lists for them, read a few at
   * a time (a global cycle has a scope per respondent).
   */
  async readable(cycleId: string, guard: Guard | undefined): Promise<Rollup[]> {
    const scopes = (await this.scopes(cycleId, guard)).map((head) => head.scope);
    return (await this.#stored(cycleId, scopes)).flatMap((stored) =>
      stored ? [stored.rollup] : [],
    );
  }

  /** The stored rollups of these scopes, in order, read a few at a time. */
  async #stored(cycleId: string, scopes: readonly string[]) {
    const stored = [];
    for (let start = 0; start < scopes.length; start += READ_CONCURRENCY) {
      const batch = scopes.slice(start, start + READ_CONCURRENCY);
      stored.push(
        ...(await Promise.all(
          batch.map(async (scope) => {
            const found = await this.#deps.rollups.get(cycleId, scope);
            return found && { ...found, scope };
          }),
        )),
      );
    }
    return stored;
  }

  /**
   * What the indicators of the commitments these versions report on cite in the catalogue:
   * REVIEW cycles only, one batched read.
   */
  async #indicatorRefs(
    cycle: Cycle,
    versions: readonly SubmittedVersion[],
  ): Promise<ContributionContext['indicatorRef']> {
    if (cycle.kind !== 'REVIEW') return undefined;
    const ids = new Set(
      versions.flatMap((v) =>
        v.content.entries.flatMap((e) =>
          e.type === 'COMMITMENT_PROGRESS' ? [e.commitmentId] : [],
        ),
      ),
    );
    const commitments = ids.size > 0 ? await this.#deps.commitments.getMany([...ids]) : [];
    const refs = new Map<string, string>();
    for (const commitment of commitments) {
      for (const indicator of commitment.indicators) {
        if (indicator.indicatorRef)
          refs.set(`${commitment.id}|${indicator.id}`, indicator.indicatorRef);
      }
    }
    return (commitmentId, indicatorId) => refs.get(`${commitmentId}|${indicatorId}`);
  }

  /**
   * Whether the cycle itself says published: heads are rewritten on publication, but a head
   * never makes a published cycle private (a read of the cycle settles it).
   */
  async #published(cycleId: string): Promise<boolean> {
    return (await this.#deps.cycles.get(cycleId))?.status === 'PUBLISHED';
  }

  async #allow(organiser: string, scope: string, guard: Guard | undefined): Promise<void> {
    if (!guard) throw new AuthenticationRequiredError();
    await guard({ entityId: subjectOf(scope), secretariatsOf: [organiser] });
  }

  async #may(organiser: string, scope: string, guard: Guard | undefined): Promise<boolean> {
    try {
      await this.#allow(organiser, scope, guard);
      return true;
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof AuthenticationRequiredError)
        return false;
      throw error;
    }
  }

  async #context(cycleId: string): Promise<{ cycle: Cycle; framework: Framework } | undefined> {
    const cycle = await this.#deps.cycles.get(cycleId);
    if (!cycle) return undefined;
    const framework = await this.#deps.frameworks.get(cycle.frameworkId);
    if (!framework)
      throw new Error(`cycle ${cycleId} names a framework that is gone: ${cycle.frameworkId}`);
    return { cycle, framework };
  }
}

function accessOf(cycle: Cycle) {
  return { organiser: cycle.organiser, published: cycle.status === 'PUBLISHED' };
}
