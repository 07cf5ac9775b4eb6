import type { Guard } from './access/guard.ts';
import type { Clock } from './clock.ts';
import { type Cycle, CycleInput } from './cycle.ts';
import type { CycleRegister } from './cycle-register.ts';
import {
  ConflictError,
  checkVersion,
  NotFoundError,
  parseInput,
  VersionConflictError,
} from './errors.ts';
import { applyMergePatch } from './merge-patch.ts';
import type { PageRequest, SeriesRepository } from './ports.ts';
import { cyclesDue, type DueCycle, type Series, SeriesInput } from './series.ts';

/** The tick acts for no user: the series' organiser set it up, and the rule decides. */
const RULE: Guard = async () => {};

/** What one tick did. */
export interface TickReport {
  created: string[];
  opened: string[];
  /** Period ids taken by a cycle outside the series: left alone, for the organiser to sort out. */
  blocked: string[];
  /** Series the tick could not bring up to date; the others were. */
  failed: Array<{ seriesId: string; error: string }>;
}

/**
 * Series of cycles: the organiser's secretariat sets one up with a template and, if it recurs, a
 * rule; the daily tick creates and opens the cycles the rule calls for.
 */
export class SeriesDesk {
  readonly #series: SeriesRepository;
  readonly #cycles: CycleRegister;
  readonly #clock: Clock;

  constructor(series: SeriesRepository, cycles: CycleRegister, clock: Clock) {
    this.#series = series;
    this.#cycles = cycles;
    this.#clock = clock;
  }

  async get(id: string): Promise<Series> {
    const series = await this.#series.get(id);
    if (!series) throw new NotFoundError('series', id);
    return series;
  }

  list(page: PageRequest) {
    return this.#series.list(page);
  }

  /** Creates a series; its template must make a valid cycle, as its cycles will be made from it. */
  async create(input: SeriesInput, guard: Guard): Promise<Series> {
    await guard({ entityId: input.template.organiser });
    await this.#cycles.checkSeries(input);
    return this.#series.create({
      ...input,
      lastCycleId: null,
      createdAt: this.#clock.now().toISOString(),
      version: 1,
    });
  }

  /** A JSON merge patch of the template and the rule; the cycles made already stay as they are. */
  async patch(
    id: string,
    patch: Record<string, unknown>,
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Series> {
    const current = await this.get(id);
    await guard({ entityId: current.template.organiser });
    const { lastCycleId, createdAt, version, ...editable } = current;
    const next = parseInput(SeriesInput, applyMergePatch(editable, patch));
    if (next.id !== id) throw new ConflictError('a series keeps its id');
    // Moving a series to another organiser needs that organiser's consent too.
    if (next.template.organiser !== current.template.organiser)
      await guard({ entityId: next.template.organiser });
    await this.#cycles.checkSeries(next);
    checkVersion(version, expectedVersion, { required: true });
    return this.#series.replace({ ...next, lastCycleId, createdAt, version: version + 1 }, current);
  }

  /**
   * Creates and opens the cycles every recurring series calls for now. Safe to run twice, or on
   * two machines at once: a period's cycle has the period's id, so it is created once, and a
   * cycle left DRAFT by an interrupted tick is opened by the next.
   */
  async tick(): Promise<TickReport> {
    const report: TickReport = { created: [], opened: [], blocked: [], failed: [] };
    const now = this.#clock.now();
    let cursor: string | undefined;
    do {
      const page = await this.#series.list({ limit: 100, cursor });
      for (const series of page.items) {
        // One series that cannot be brought about never holds up the others.
        try {
          await this.#bringAboutDue(series, now, report);
        } catch (error) {
          report.failed.push({ seriesId: series.id, error: String(error) });
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return report;
  }

  /**
   * The periods to bring about: those the rule calls for, but none opening before the series'
   * last cycle (a rule changed from yearly to half-yearly must not make the current year again).
   */
  async #bringAboutDue(series: Series, now: Date, report: TickReport): Promise<void> {
    const due = cyclesDue(series, now);
    if (due.length === 0) return;
    const last = series.lastCycleId ? await this.#cycles.find(series.lastCycleId) : undefined;
    for (const period of due) {
      if (period.id === last?.id) await this.#bringAbout(series, period, last, report);
      else if (!last || Date.parse(period.opensAt) > Date.parse(last.opensAt))
        await this.#bringAbout(series, period, undefined, report);
    }
  }

  /** Creates the period's cycle unless it exists (`known`, when already read), then opens it. */
  async #bringAbout(
    series: Series,
    due: DueCycle,
    known: Cycle | undefined,
    report: TickReport,
  ): Promise<void> {
    let cycle = known ?? (await this.#cycles.find(due.id));
    if (!cycle) {
      const input = CycleInput.parse({ ...series.template, ...due, seriesId: series.id });
      try {
        cycle = await this.#cycles.create(input, RULE);
        report.created.push(cycle.id);
      } catch (error) {
        // Another tick created it meanwhile (or its transaction beat this one): carry on from there.
        const made = error instanceof ConflictError ? await this.#cycles.find(due.id) : undefined;
        if (!made) throw error;
        cycle = made;
      }
    }
    if (cycle.seriesId !== series.id) {
      report.blocked.push(cycle.id);
      return;
    }
    if (cycle.status !== 'DRAFT') return;
    try {
      await this.#cycles.act(cycle.id, 'open', undefined, RULE);
      report.opened.push(cycle.id);
    } catch (error) {
      // Another tick opened it meanwhile: that one reports it.
      const opened = (await this.#cycles.get(cycle.id)).status !== 'DRAFT';
      if (!opened || !(error instanceof VersionConflictError || error instanceof ConflictError))
        throw error;
    }
  }
}
