import { type Guard, permits } from './access/guard.ts';
import type { Cycle } from './cycle.ts';
import { AuthenticationRequiredError, NotFoundError } from './errors.ts';
import {
  type ExportedVersion,
  type NameOf,
  rollupSheets,
  rollupTable,
  type Sheet,
  submissionTable,
  type Table,
} from './export-tables.ts';
import type { Framework } from './framework.ts';
import type {
  CycleRepository,
  EntityRepository,
  FrameworkRepository,
  SubmissionRepository,
} from './ports.ts';
import { parseScope, type Rollup } from './rollup.ts';
import type { RollupDesk } from './rollup-desk.ts';
import { isPublicVersion } from './submission.ts';
import { readersOf } from './submission-desk.ts';

export interface ExportDeskDeps {
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  entities: EntityRepository;
  frameworks: FrameworkRepository;
  rollups: RollupDesk;
}

/**
 * A cycle's rollups and submissions as tables for spreadsheets. Each export shows what the
 * caller could read through the API, by the same rules: the rollup scopes `RollupDesk.scopes`
 * lists for them; the submissions `SubmissionDesk.get` would give them, and once the cycle is
 * published those `SubmissionDesk.published` gives anyone. `guard` is undefined for an
 * anonymous caller.
 */
export class ExportDesk {
  readonly #deps: ExportDeskDeps;

  constructor(deps: ExportDeskDeps) {
    this.#deps = deps;
  }

  /** Every readable scope's figures, one row each, with the scope's kind in a column. */
  async rollupTable(cycleId: string, guard: Guard | undefined): Promise<Table> {
    const { framework, rollups, nameOf } = await this.#rollups(cycleId, guard);
    return rollupTable(framework, rollups, nameOf);
  }

  /** The same rows, a sheet per kind of scope. */
  async rollupSheets(cycleId: string, guard: Guard | undefined): Promise<Sheet[]> {
    const { framework, rollups, nameOf } = await this.#rollups(cycleId, guard);
    return rollupSheets(framework, rollups, nameOf);
  }

  /** One row per entry of each readable respondent's latest submitted version (never a draft). */
  async submissionTable(cycleId: string, guard: Guard | undefined): Promise<Table> {
    const cycle = await this.#deps.cycles.get(cycleId);
    if (!cycle) throw new NotFoundError('cycle', cycleId);
    const versions = await this.#readableVersions(cycle, guard);
    const nameOf = await this.#names(versions.map((v) => v.respondent.entityId));
    return submissionTable(cycleId, versions, nameOf);
  }

  /**
   * Before publication: those whose submissions the caller may read (401 anonymous, 403 for a
   * caller who may read none and is not the organiser's). Once published, also every
   * respondent whose last version anyone may read; an AGGREGATE_ONLY one never is.
   */
  async #readableVersions(cycle: Cycle, guard: Guard | undefined): Promise<ExportedVersion[]> {
    const published = cycle.status === 'PUBLISHED';
    if (!guard && !published) throw new AuthenticationRequiredError();
    const { cycles, submissions } = this.#deps;
    const [respondents, latest] = await Promise.all([
      cycles.respondents(cycle.id),
      submissions.latestVersions(cycle.id),
    ]);
    const entitled = new Set<string>();
    for (const respondent of respondents) {
      if (guard !== undefined && (await permits(guard, readersOf(cycle, respondent))))
        entitled.add(respondent.entityId);
    }
    // A cycle nobody has answered is still the organiser's to export, and no one else's.
    if (entitled.size === 0 && !published && guard)
      await guard({ secretariatsOf: [cycle.organiser] });
    const publicVersions = published ? await this.#publicVersions(cycle, latest, entitled) : [];
    return respondents.flatMap((respondent) => {
      const version = latest.get(respondent.entityId);
      const readable =
        version && (entitled.has(respondent.entityId) || publicVersions.includes(version));
      return readable ? [{ respondent, version }] : [];
    });
  }

  /** The latest versions, of respondents the caller is not entitled to, that anyone may read. */
  async #publicVersions(
    cycle: Cycle,
    latest: ReadonlyMap<string, ExportedVersion['version']>,
    entitled: ReadonlySet<string>,
  ): Promise<Array<ExportedVersion['version']>> {
    // The version must say PUBLIC_ON_PUBLISH before its submission is worth a read.
    const candidates = [...latest.values()].filter(
      (v) => !entitled.has(v.entityId) && v.content.visibility === 'PUBLIC_ON_PUBLISH',
    );
    const submissions = new Map(
      (
        await this.#deps.submissions.getMany(
          candidates.map((v) => ({ cycleId: cycle.id, entityId: v.entityId })),
        )
      ).map((s) => [s.entityId, s]),
    );
    return candidates.filter((v) => isPublicVersion(cycle.status, submissions.get(v.entityId), v));
  }

  async #rollups(
    cycleId: string,
    guard: Guard | undefined,
  ): Promise<{ framework: Framework; rollups: Rollup[]; nameOf: NameOf }> {
    // Who may read what is decided first, as the rollup API does (401, 403 before 404 of parts).
    const rollups = await this.#deps.rollups.readable(cycleId, guard);
    const cycle = await this.#deps.cycles.get(cycleId);
    if (!cycle) throw new NotFoundError('cycle', cycleId);
    const framework = await this.#deps.frameworks.get(cycle.frameworkId);
    if (!framework) throw new NotFoundError('framework', cycle.frameworkId);
    const subjects = rollups.flatMap((r) => {
      const parsed = parseScope(r.scope);
      return parsed?.id && parsed.kind !== 'region' ? [parsed.id] : [];
    });
    return { framework, rollups, nameOf: await this.#names(subjects) };
  }

  /** Entities' English names, read in one go. */
  async #names(entityIds: readonly string[]): Promise<NameOf> {
    const ids = [...new Set(entityIds)];
    const entities = ids.length > 0 ? await this.#deps.entities.getMany(ids) : [];
    const names = new Map(entities.map((entity) => [entity.id, entity.names.en]));
    return (id) => names.get(id);
  }
}
