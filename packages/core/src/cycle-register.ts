import type { Guard } from './access/guard.ts';
import type { Clock } from './clock.ts';
import {
  type Cycle,
  type CycleAction,
  CycleInput,
  cycleIssues,
  cycleReferenceIssues,
  dueDateOf,
  dueDatesOf,
  newRespondent,
  nextStatus,
  type RespondentView,
  resolveRespondents,
  respondentView,
  snapshotRespondents,
} from './cycle.ts';
import {
  assertNoIssues,
  ConflictError,
  checkVersion,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
  parseInput,
} from './errors.ts';
import { applyMergePatch } from './merge-patch.ts';
import { everyEntity, pageAfter } from './paging.ts';
import type {
  CycleFilter,
  CycleRepository,
  EntityRepository,
  FrameworkRepository,
  Page,
  PageRequest,
  RoundRepository,
  SeriesRepository,
  WorkflowEngine,
} from './ports.ts';
import type { ReviewRound } from './review-round.ts';
import type { RollupDesk } from './rollup-desk.ts';
import { firstPeriod, type SeriesInput } from './series.ts';

/** What an open cycle still lets its organiser change. */
const OPEN_EDITABLE = new Set(['title', 'dueAt', 'locksAt']);

/** Review cycles: set up by an organiser, opened to a frozen list of respondents, closed, published. */
export class CycleRegister {
  readonly #cycles: CycleRepository;
  readonly #entities: EntityRepository;
  readonly #frameworks: FrameworkRepository;
  readonly #series: SeriesRepository;
  readonly #clock: Clock;

  readonly #round: ReviewRound;
  readonly #rounds: RoundRepository;
  readonly #workflows: WorkflowEngine;
  readonly #rollups: RollupDesk;

  constructor(
    cycles: CycleRepository,
    entities: EntityRepository,
    frameworks: FrameworkRepository,
    series: SeriesRepository,
    clock: Clock,
    review: {
      round: ReviewRound;
      rounds: RoundRepository;
      workflows: WorkflowEngine;
      rollups: RollupDesk;
    },
  ) {
    this.#rollups = review.rollups;
    this.#round = review.round;
    this.#rounds = review.rounds;
    this.#workflows = review.workflows;
    this.#cycles = cycles;
    this.#entities = entities;
    this.#frameworks = frameworks;
    this.#series = series;
    this.#clock = clock;
  }

  /**
   * Checks that a series makes valid cycles, as each of them will be checked: the cycle rules on
   * the first period's dates, then the organiser, respondents, scope and framework.
   */
  async checkSeries(series: SeriesInput): Promise<void> {
    // The first period's dates, or (made by hand) a day's round: any cycle of the series must pass.
    const dates = series.rule
      ? firstPeriod(series, series.rule)
      : {
          opensAt: this.#clock.now().toISOString(),
          dueAt: new Date(this.#clock.now().getTime() + 86_400_000).toISOString(),
        };
    const cycle = CycleInput.parse({ ...series.template, ...dates, id: series.id });
    const dated = series.rule ? '/rule/dueAfterDays' : '/template/reminders';
    assertNoIssues(
      cycleIssues(cycle).map((issue) => ({
        ...issue,
        pointer: /^\/(opensAt|dueAt|locksAt)/.test(issue.pointer)
          ? dated
          : `/template${issue.pointer}`,
      })),
    );
    const references = await this.#referenceIssues({ ...series.template, previousCycleId: null });
    assertNoIssues(references.map((issue) => ({ ...issue, pointer: `/template${issue.pointer}` })));
  }

  /** The cycle, or undefined. */
  find(id: string): Promise<Cycle | undefined> {
    return this.#cycles.get(id);
  }

  async get(id: string): Promise<Cycle> {
    const cycle = await this.#cycles.get(id);
    if (!cycle) throw new NotFoundError('cycle', id);
    return cycle;
  }

  /** Cycles by id; with `respondent`, each carries that entity's status and due date ("what do I owe"). */
  async list(filter: CycleFilter, page: PageRequest) {
    const { items, nextCursor } = await this.#cycles.list(filter, page);
    const now = this.#clock.now();
    return {
      items: items.map(({ cycle, respondent }) => ({
        ...cycle,
        ...(respondent && { respondent: respondentView(respondent, cycle, now) }),
      })),
      nextCursor,
    };
  }

  /**
   * Creates a DRAFT cycle for its organiser. In a series, the cycle follows the series' last
   * one: its previousCycleId is set here, whatever the request said.
   */
  async create(input: CycleInput, guard: Guard): Promise<Cycle> {
    assertNoIssues(cycleIssues(input));
    await guard({ entityId: input.organiser });
    let previousCycleId = input.previousCycleId;
    if (input.seriesId !== null) {
      const series = await this.#series.get(input.seriesId);
      if (!series)
        throw new InvalidInputError([
          { pointer: '/seriesId', message: `there is no series ${input.seriesId}` },
        ]);
      // Joining a series is its organiser's to allow: another body's cycle would come between its rounds.
      await guard({ entityId: series.template.organiser });
      previousCycleId = series.lastCycleId;
    }
    const cycle = { ...input, previousCycleId };
    assertNoIssues(await this.#referenceIssues(cycle));
    return this.#cycles.create({ ...cycle, status: 'DRAFT', version: 1 });
  }

  /**
   * A JSON merge patch. A draft changes freely; an open cycle only its titles and, later, its
   * due and lock dates; a closed one not at all.
   */
  async patch(
    id: string,
    patch: Record<string, unknown>,
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Cycle> {
    const current = await this.get(id);
    await guard({ entityId: current.organiser });
    const { status, version, ...editable } = current;
    const next = parseInput(CycleInput, applyMergePatch(editable, patch));
    if (next.id !== id)
      throw new InvalidInputError([{ pointer: '/id', message: 'an id never changes' }]);
    // A series keeps its order: a cycle joins one when created, and follows what it followed.
    if (
      next.seriesId !== current.seriesId ||
      (current.seriesId !== null && next.previousCycleId !== current.previousCycleId)
    )
      throw new ConflictError('a cycle joins its series, after its previous cycle, when created');
    const respondents = status === 'DRAFT' ? [] : await this.#cycles.respondents(id);
    assertNoIssues(cycleIssues(next, dueDatesOf(next, respondents)));
    if (status === 'OPEN') {
      const changed = Object.keys(patch).filter((key) => !OPEN_EDITABLE.has(key));
      if (changed.length > 0)
        throw new ConflictError(`an open cycle keeps its ${changed.join(', ')}`);
      if (
        Date.parse(next.dueAt) < Date.parse(current.dueAt) ||
        earlier(next.locksAt, current.locksAt)
      ) {
        throw new ConflictError('an open cycle moves its due and lock dates later, never earlier');
      }
    } else if (status !== 'DRAFT') {
      throw new ConflictError(`a ${status} cycle cannot change`);
    } else {
      assertNoIssues(await this.#referenceIssues(next));
    }
    checkVersion(current.version, expectedVersion, { required: true });
    const changed = await this.#cycles.replace(
      { ...current, ...next, status, version: version + 1 },
      current,
    );
    // Lateness follows the due date: an open cycle's rollups are recomputed when it moves.
    if (status === 'OPEN' && next.dueAt !== current.dueAt) await this.#rollups.recompute(id);
    return changed;
  }

  /**
   * open, close, publish or cancel, at once. Opening freezes the respondents and their
   * memberships and starts the review workflow; closing stops it and finishes the close at once.
   */
  async act(
    id: string,
    action: CycleAction,
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Cycle> {
    const current = await this.get(id);
    await guard({ entityId: current.organiser });
    // A retried open or close whose first attempt stopped after writing the status: finish it.
    if (action === 'open' && current.status === 'OPEN' && (await this.#unfinished(id, 'OPENED')))
      return this.#startRound(current);
    if (action === 'close' && current.status === 'CLOSED' && (await this.#unfinished(id, 'CLOSED')))
      return this.#finishClose(current);
    // Publishing again finishes a publication whose rollups were not all rewritten.
    if (action === 'publish' && current.status === 'PUBLISHED') {
      await this.#rollups.recompute(id);
      return current;
    }
    const status = nextStatus(current.status, action);
    checkVersion(current.version, expectedVersion, { required: false });
    const next = { ...current, status, version: current.version + 1 };
    if (action === 'open') {
      const entities = await everyEntity(this.#entities);
      const ids = resolveRespondents(current, entities);
      await this.#cycles.putRespondents(
        snapshotRespondents(ids, entities).map((snapshot) => newRespondent(id, snapshot)),
      );
      // The OPENED event lands with the status; the notices to every respondent follow. Both the
      // fan-out and the workflow's start are idempotent, and the workflow finishes an interrupted one.
      const opened = { ...next, openedAt: this.#clock.now().toISOString() };
      return this.#startRound(await this.#cycles.replaceWithEvent(opened, current, 'OPENED'));
    }
    if (action === 'close') return this.#finishClose(await this.#round.recordClose(current));
    const changed = await this.#cycles.replace(next, current);
    if (action === 'cancel') await this.#workflows.stop(await this.#execution(id));
    // Published rollups are public: their heads say so, for a read to decide in one request.
    if (action === 'publish') await this.#rollups.recompute(id);
    return changed;
  }

  /** The cycle's execution: its id and the generation the workflow runs under. */
  async #execution(cycleId: string) {
    const { generation } = await this.#rounds.state(cycleId);
    return { cycleId, generation };
  }

  async #unfinished(id: string, event: 'OPENED' | 'CLOSED'): Promise<boolean> {
    return (await this.#cycles.pendingEvents(id)).includes(event);
  }

  /**
   * Finishes a recorded close at once, then stops the execution. Until the close is finished the
   * execution lives on, so if this request is cut short, the workflow finishes it.
   */
  async #finishClose(closed: Cycle): Promise<Cycle> {
    await this.#round.finishEvents(closed);
    await this.#workflows.stop(await this.#execution(closed.id));
    return closed;
  }

  async #startRound(cycle: Cycle): Promise<Cycle> {
    await this.#workflows.start(await this.#execution(cycle.id));
    await this.#round.finishEvents(cycle);
    return cycle;
  }

  async respondents(id: string, page: PageRequest): Promise<Page<RespondentView>> {
    const cycle = await this.get(id);
    const now = this.#clock.now();
    const views = (await this.#cycles.respondents(id)).map((respondent) =>
      respondentView(respondent, cycle, now),
    );
    return pageAfter(views, (view) => view.entityId, page);
  }

  /** Adds a late joiner to an open cycle, with the cycle's due date or its own. */
  async addRespondent(
    id: string,
    entityId: string,
    dueAt: string | undefined,
    guard: Guard,
  ): Promise<RespondentView> {
    const cycle = await this.get(id);
    await guard({ entityId: cycle.organiser });
    if (cycle.status !== 'OPEN')
      throw new ConflictError(`respondents join an OPEN cycle; this one is ${cycle.status}`);
    // One read of every entity gives both the joiner and the bodies it belongs to.
    const [snapshot] = snapshotRespondents([entityId], await everyEntity(this.#entities));
    if (!snapshot)
      throw new InvalidInputError([
        { pointer: '/entityId', message: `there is no entity ${entityId}` },
      ]);
    const respondents = await this.#cycles.respondents(id);
    assertNoIssues(cycleIssues(cycle, [...dueDatesOf(cycle, respondents), dueAt ?? cycle.dueAt]));
    const respondent = {
      ...newRespondent(id, snapshot),
      dueAt: dueAt ?? null,
      joinedAt: this.#clock.now().toISOString(),
    };
    await this.#cycles.addRespondent(respondent);
    return respondentView(respondent, cycle, this.#clock.now());
  }

  /** Grants a respondent an extension: its due date moves later, within the cycle's span. */
  async extend(id: string, entityId: string, dueAt: string, guard: Guard): Promise<RespondentView> {
    const cycle = await this.get(id);
    await guard({ entityId: cycle.organiser });
    const respondents = await this.#cycles.respondents(id);
    const current = respondents.find((r) => r.entityId === entityId);
    if (!current) throw new NotFoundError(`respondent of ${id}`, entityId);
    if (cycle.status !== 'OPEN')
      throw new ConflictError(
        `extensions are granted in an OPEN cycle; this one is ${cycle.status}`,
      );
    if (Date.parse(dueAt) <= Date.parse(dueDateOf(current, cycle))) {
      throw new InvalidInputError([
        { pointer: '/dueAt', message: 'an extension moves the due date later' },
      ]);
    }
    const others = respondents.filter((r) => r.entityId !== entityId);
    assertNoIssues(cycleIssues(cycle, [...dueDatesOf(cycle, others), dueAt]));
    const respondent = { ...current, dueAt, version: current.version + 1 };
    await this.#cycles.replaceRespondent(respondent, current);
    return respondentView(respondent, cycle, this.#clock.now());
  }

  /** What the cycle names that is not there, or is not what it should be. */
  async #referenceIssues(
    input: Pick<
      CycleInput,
      'organiser' | 'respondents' | 'scope' | 'previousCycleId' | 'frameworkId'
    >,
  ): Promise<InputIssue[]> {
    const ids = [
      input.organiser,
      ...(input.respondents ?? []),
      ...(input.scope && 'memberOf' in input.scope ? [input.scope.memberOf] : []),
    ];
    const found = new Map(
      (await this.#entities.getMany([...new Set(ids)])).map((entity) => [entity.id, entity]),
    );
    const previous =
      input.previousCycleId === null ? undefined : await this.#cycles.get(input.previousCycleId);
    const framework = await this.#frameworks.get(input.frameworkId);
    return cycleReferenceIssues(input, {
      entity: (id) => found.get(id),
      cycleExists: () => previous !== undefined,
      frameworkExists: () => framework !== undefined,
    });
  }
}

function earlier(next: string | null, current: string | null): boolean {
  return current !== null && (next === null || Date.parse(next) < Date.parse(current));
}
