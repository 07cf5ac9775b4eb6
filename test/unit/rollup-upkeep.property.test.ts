import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CommitmentRepository,
  type Cycle,
  CycleInput,
  type CycleRepository,
  type FrameworkRepository,
  newRespondent,
  type Respondent,
  type Rollup,
  type RollupAccess,
  type RollupContribution,
  RollupDesk,
  type RollupRepository,
  SHIPPED_FRAMEWORKS,
  type SubmissionRepository,
  type SubmittedVersion,
} from '#core';

/**
 * Incremental upkeep (a refresh per changed respondent, as the stream drives it) and a full
 * recomputation give the same rollups, for random respondents, regions, memberships,
 * submissions, returns and resubmissions. The stores here are plain maps; the DynamoDB store is
 * tested against DynamoDB Local elsewhere.
 */
const framework = SHIPPED_FRAMEWORKS.find(
  (f) => f.id === 'nyd-2016',
) as (typeof SHIPPED_FRAMEWORKS)[number];
const TAGS = ['T1', 'T4', 'a', 'd', 'h', 'i', 'k', 'l'];
const REGIONS = ['AFRICA', 'AMERICAS', 'EUROPE', 'ASIA_PACIFIC_MIDDLE_EAST'] as const;
const NOW = new Date('2027-03-01T00:00:00Z');

/** The cycle, its respondents and their submitted versions, as plain maps. */
class World {
  cycle: Cycle;
  respondents = new Map<string, Respondent>();
  versions = new Map<string, SubmittedVersion[]>();
  constructor(respondents: Respondent[]) {
    this.cycle = {
      ...CycleInput.parse({
        id: 'PROP',
        title: { en: 'p' },
        kind: 'CONSULTATION',
        frameworkId: 'nyd-2016',
        organiser: 'IOM',
        respondents: respondents.map((r) => r.entityId),
        opensAt: '2027-01-01T00:00:00Z',
        dueAt: '2027-02-01T00:00:00Z',
      }),
      status: 'OPEN',
      version: 2,
    };
    for (const r of respondents) this.respondents.set(r.entityId, r);
  }
  cycles = {
    get: async () => this.cycle,
    respondent: async (_cycleId: string, entityId: string) => this.respondents.get(entityId),
    respondents: async () => [...this.respondents.values()],
  } as unknown as CycleRepository;
  submissions = {
    history: async (_cycleId: string, entityId: string) => this.versions.get(entityId) ?? [],
    latestVersions: async () =>
      new Map(
        [...this.versions].flatMap(([id, list]) => {
          const last = list.at(-1);
          return last ? [[id, last] as const] : [];
        }),
      ),
  } as unknown as SubmissionRepository;
  frameworks = { get: async () => framework } as unknown as FrameworkRepository;
  // A consultation: no commitment is ever looked up.
  commitments = { get: async () => undefined } as unknown as CommitmentRepository;
}

class MemoryRollups implements RollupRepository {
  contributionsById = new Map<string, RollupContribution>();
  // One refresh at a time here already.
  async lease<T>(_cycleId: string, work: () => Promise<T>) {
    return work();
  }
  scopes = new Map<string, Rollup>();
  async contributions() {
    return [...this.contributionsById.values()];
  }
  async write(
    _id: string,
    _access: RollupAccess,
    contributions: readonly RollupContribution[],
    rollups: readonly Rollup[],
  ) {
    for (const c of contributions) this.contributionsById.set(c.entityId, structuredClone(c));
    for (const r of rollups) this.scopes.set(r.scope, structuredClone(r));
  }
  async get() {
    return undefined;
  }
  async headlines() {
    return [];
  }
}

const respondentsArb = fc
  .record({
    states: fc.uniqueArray(fc.constantFrom(...'ABCDEFGHIJKL'.split('')), {
      minLength: 1,
      maxLength: 10,
    }),
    bodies: fc.array(
      fc.record({
        regions: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 }),
        members: fc.uniqueArray(fc.constantFrom(...'ABCDEFGHIJKL'.split('')), { maxLength: 6 }),
      }),
      { maxLength: 3 },
    ),
    stateRegions: fc.array(fc.constantFrom(...REGIONS), { minLength: 12, maxLength: 12 }),
  })
  .map(({ states, bodies, stateRegions }) => {
    const ids = states.map((s) => `S${s}`);
    const bodyIds = bodies.map((_, i) => `BODY-${i}`);
    return [
      ...ids.map((id) =>
        newRespondent('PROP', {
          entityId: id,
          kind: 'STATE',
          regions: [stateRegions['ABCDEFGHIJKL'.indexOf(id.slice(1))] ?? 'EUROPE'],
          memberOf: bodies.flatMap((b, i) =>
            b.members.includes(id.slice(1)) ? [bodyIds[i] as string] : [],
          ),
        }),
      ),
      ...bodies.map((b, i) =>
        newRespondent('PROP', {
          entityId: bodyIds[i] as string,
          kind: 'IRF',
          regions: b.regions,
          memberOf: [],
        }),
      ),
    ];
  });

const eventArb = fc.record({
  who: fc.nat(),
  what: fc.constantFrom('submit', 'return', 'accept'),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 }),
  late: fc.boolean(),
});

/** Applies one change to the world, as the API would; returns the respondent it touched. */
function apply(world: World, event: { who: number; what: string; tags: string[]; late: boolean }) {
  const ids = [...world.respondents.keys()];
  const id = ids[event.who % ids.length] as string;
  const r = world.respondents.get(id) as Respondent;
  if (
    event.what === 'submit' &&
    (r.status === 'NOT_STARTED' || r.status === 'DRAFT' || r.status === 'RETURNED')
  ) {
    const at = event.late ? '2027-02-10T00:00:00.000Z' : '2027-01-15T00:00:00.000Z';
    const list = world.versions.get(id) ?? [];
    list.push({
      cycleId: 'PROP',
      entityId: id,
      number: list.length + 1,
      submittedAt: at,
      submittedBy: 'x',
      late: false,
      content: {
        entries: [{ type: 'RECOMMENDATION', text: 'x', tags: event.tags }],
        visibility: 'AGGREGATE_ONLY',
      },
    });
    world.versions.set(id, list);
    world.respondents.set(id, {
      ...r,
      status: 'SUBMITTED',
      firstSubmittedAt: r.firstSubmittedAt ?? at,
      submittedAt: at,
    });
  } else if (event.what === 'return' && r.status === 'SUBMITTED') {
    world.respondents.set(id, { ...r, status: 'RETURNED', returnedAt: '2027-01-20T00:00:00.000Z' });
  } else if (event.what === 'accept' && r.status === 'SUBMITTED') {
    world.respondents.set(id, { ...r, status: 'ACCEPTED' });
  }
  return id;
}

describe('rollup upkeep', () => {
  it('incremental refreshes and a recomputation agree, whatever happened', async () => {
    await fc.assert(
      fc.asyncProperty(
        respondentsArb,
        fc.array(eventArb, { maxLength: 30 }),
        async (respondents, events) => {
          const world = new World(respondents);
          const clock = { now: () => NOW };
          const live = new MemoryRollups();
          const desk = new RollupDesk({ ...world, rollups: live, clock });
          // Opening writes every respondent: the stream refreshes each.
          await desk.refresh('PROP', [...world.respondents.keys()]);
          for (const event of events) await desk.refresh('PROP', [apply(world, event)]);

          const fresh = new MemoryRollups();
          await new RollupDesk({ ...world, rollups: fresh, clock }).recompute('PROP');
          expect([...live.scopes.keys()].sort()).toEqual([...fresh.scopes.keys()].sort());
          for (const [scope, rollup] of fresh.scopes)
            expect(live.scopes.get(scope)).toEqual(rollup);
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
