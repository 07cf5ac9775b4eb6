import type { Guard } from './access/guard.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { CycleRepository, EntityRepository, FrameworkRepository } from './ports.ts';
import type { Region } from './regions.ts';
import type { Rollup } from './rollup.ts';
import type { RollupDesk } from './rollup-desk.ts';
import { buildSummary, type CycleSummary } from './summary.ts';
import { type SummaryDocument, summaryDocument } from './summary-document.ts';
import { renderHtml, renderMarkdown } from './summary-render.ts';
import type { SummaryLanguage } from './summary-words.ts';

export const SUMMARY_FORMATS = ['md', 'html', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/**
 * The cycle summary report, read from the rollups: whoever may read a cycle's global rollup may
 * read its summary (the organiser's secretariat and the admin; everyone once it is published).
 */
export class SummaryDesk {
  readonly #cycles: CycleRepository;
  readonly #entities: EntityRepository;
  readonly #frameworks: FrameworkRepository;
  readonly #rollups: RollupDesk;

  constructor(deps: {
    cycles: CycleRepository;
    entities: EntityRepository;
    frameworks: FrameworkRepository;
    rollups: RollupDesk;
  }) {
    this.#cycles = deps.cycles;
    this.#entities = deps.entities;
    this.#frameworks = deps.frameworks;
    this.#rollups = deps.rollups;
  }

  /** The figures of the summary, with the names it uses. */
  async figures(cycleId: string, guard: Guard | undefined): Promise<CycleSummary> {
    const cycle = await this.#cycles.get(cycleId);
    if (!cycle) throw new NotFoundError('cycle', cycleId);
    // The global rollup decides who may read, before anything else is read.
    const global = await this.#rollups.get(cycleId, 'global', guard);
    if (cycle.status === 'DRAFT')
      throw new ConflictError('a DRAFT cycle has asked nobody yet: there is nothing to summarise');
    const respondents = await this.#cycles.respondents(cycleId);
    const regions = [...new Set(respondents.flatMap((r) => r.regions))];
    const [regional, framework, entities] = await Promise.all([
      this.#rollups.getMany(
        cycleId,
        regions.map((region) => `region:${region}`),
        guard,
      ),
      this.#frameworks.get(cycle.frameworkId),
      this.#entities.getMany([
        ...new Set([cycle.organiser, ...respondents.map((r) => r.entityId)]),
      ]),
    ]);
    if (!framework) throw new NotFoundError('framework', cycle.frameworkId);
    return buildSummary({
      cycle,
      framework,
      respondents,
      entities,
      global,
      regions: new Map(
        regions.map((region, i): [Region, Rollup] => [region, regional[i] as Rollup]),
      ),
    });
  }

  /** The report in one language and format: Markdown, self-contained HTML, or the figures as JSON. */
  async report(
    cycleId: string,
    language: SummaryLanguage,
    format: SummaryFormat,
    guard: Guard | undefined,
  ): Promise<string | CycleSummary> {
    const figures = await this.figures(cycleId, guard);
    if (format === 'json') return figures;
    const document: SummaryDocument = summaryDocument(figures, language);
    return format === 'html' ? renderHtml(document) : renderMarkdown(document);
  }
}
