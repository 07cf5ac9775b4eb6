import { LEVELS, REFERENCE_INDICATORS } from './commitment.ts';
import { type Cycle, dueDateOf, type Respondent } from './cycle.ts';
import type { EntityKind } from './entity.ts';
import type { Framework } from './framework.ts';
import { EntityId } from './ids.ts';
import { REGIONS, type Region } from './regions.ts';
import {
  type Entry,
  GOOD_PRACTICE_CATEGORIES,
  PROGRESS_STATUSES,
  type SubmittedVersion,
} from './submission.ts';

/**
 * Rollups: what a cycle's respondents reported, counted per scope (one respondent, a body with
 * its members, a region, everyone). Two steps, both pure: each respondent's contribution, from
 * its record and its latest submitted version; then a scope's figures, from the contributions of
 * the respondents in it. Aggregating never depends on order, so upkeep can recompute a scope from
 * the stored contributions whatever order changes arrive in.
 */

export const ENTRY_TYPES = [
  'RECOMMENDATION',
  'GOOD_PRACTICE',
  'PRINCIPLE',
  'COMMITMENT_PROGRESS',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** Kinds whose secretariats look at their members together (`members:` scopes). */
const BODY_KINDS: readonly EntityKind[] = ['RCP', 'IRF', 'GLOBAL_PROCESS', 'REO'];

export const SCOPE_KINDS = ['global', 'region', 'members', 'entity'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** A scope's parts: `global`, `region:{REGION}`, `members:{ID}` or `entity:{ID}`; undefined for anything else. */
export function parseScope(scope: string): { kind: ScopeKind; id?: string } | undefined {
  if (scope === 'global') return { kind: 'global' };
  const [kind, id = ''] = scope.split(/:(.*)/s);
  if (kind === 'region') return REGIONS.includes(id as Region) ? { kind, id } : undefined;
  if (kind === 'members' || kind === 'entity')
    return EntityId.safeParse(id).success ? { kind, id } : undefined;
  return undefined;
}

/** The scopes a respondent counts in, from the cycle's snapshot of it: each once. */
export function scopesOf(
  respondent: Pick<Respondent, 'entityId' | 'kind' | 'regions' | 'memberOf'>,
) {
  return [
    'global',
    `entity:${respondent.entityId}`,
    ...respondent.regions.map((region) => `region:${region}`),
    ...respondent.memberOf.map((body) => `members:${body}`),
    ...(BODY_KINDS.includes(respondent.kind) ? [`members:${respondent.entityId}`] : []),
  ].filter((scope, index, all) => all.indexOf(scope) === index);
}

/** What one respondent brings to every scope it counts in. */
export interface RollupContribution {
  entityId: string;
  scopes: string[];
  responded: boolean;
  onTime: boolean;
  late: boolean;
  overdue: boolean;
  missing: boolean;
  returned: boolean;
  accepted: boolean;
  /** Per entry type, the groups and items its latest submitted version addressed. */
  tags: Record<EntryType, { groups: string[]; items: string[] }>;
  goodPractices: Array<{ category: string; title: string; innovative: boolean }>;
  /** REVIEW cycles: the status each commitment progress entry reports, with where it applies. */
  progress: Array<{ status: string; level: string | null; groups: string[]; items: string[] }>;
  /** REVIEW cycles: values of indicators citing the catalogue, by its reference. */
  indicators: IndicatorValue[];
  /** It was missing in the series' previous cycle too. */
  missingBefore: boolean;
}

export interface IndicatorValue {
  ref: string;
  value: number;
  sex: string | null;
  ageGroup: string | null;
}

/** What a contribution needs beyond the respondent: its past, and what its commitments' indicators cite. */
export interface ContributionContext {
  missingBefore?: boolean | undefined;
  /** The catalogue reference of a commitment's indicator, if it cites one. */
  indicatorRef?: ((commitmentId: string, indicatorId: string) => string | undefined) | undefined;
}

/** The groups and items a tag list names: an item also counts for its group, a group for itself only. */
function resolveTags(framework: Framework, tags: readonly string[]) {
  const groups = new Set<string>();
  const items = new Set<string>();
  for (const group of framework.groups) {
    if (tags.includes(group.id)) groups.add(group.id);
    for (const item of group.items) {
      if (tags.includes(item.id)) {
        items.add(item.id);
        groups.add(group.id);
      }
    }
  }
  return { groups: [...groups].sort(), items: [...items].sort() };
}

/** A respondent's contribution: its status at `now`, and what its latest submitted version says. */
export function contributionOf(
  cycle: Pick<Cycle, 'dueAt' | 'status'>,
  framework: Framework,
  respondent: Respondent,
  latest: SubmittedVersion | undefined,
  now: Date,
  context: ContributionContext = {},
): RollupContribution {
  const responded = respondent.firstSubmittedAt !== null;
  const due = Date.parse(dueDateOf(respondent, cycle));
  const late = responded && Date.parse(respondent.firstSubmittedAt ?? '') > due;
  const open = cycle.status === 'OPEN' || cycle.status === 'DRAFT';
  const entries: Entry[] = responded ? (latest?.content.entries ?? []) : [];
  const tags = Object.fromEntries(
    ENTRY_TYPES.map((type) => {
      const groups = new Set<string>();
      const items = new Set<string>();
      for (const entry of entries.filter((e) => e.type === type)) {
        const resolved = resolveTags(framework, entry.tags ?? []);
        for (const id of resolved.groups) groups.add(id);
        for (const id of resolved.items) items.add(id);
      }
      return [type, { groups: [...groups].sort(), items: [...items].sort() }];
    }),
  ) as RollupContribution['tags'];
  return {
    entityId: respondent.entityId,
    scopes: scopesOf(respondent),
    responded,
    onTime: responded && !late,
    late,
    overdue: !responded && open && now.getTime() > due,
    missing: !responded && !open,
    returned: respondent.status === 'RETURNED',
    accepted: respondent.status === 'ACCEPTED',
    tags,
    goodPractices: entries.flatMap((e) =>
      e.type === 'GOOD_PRACTICE'
        ? [{ category: e.category, title: e.title, innovative: e.innovative }]
        : [],
    ),
    progress: entries.flatMap((e) =>
      e.type === 'COMMITMENT_PROGRESS'
        ? [{ status: e.status, level: e.level ?? null, ...resolveTags(framework, e.tags ?? []) }]
        : [],
    ),
    indicators: entries.flatMap((e) =>
      e.type === 'COMMITMENT_PROGRESS'
        ? e.indicatorValues.flatMap((v) => {
            const ref = context.indicatorRef?.(e.commitmentId, v.indicatorId);
            return ref
              ? [{ ref, value: v.value, sex: v.sex ?? null, ageGroup: v.ageGroup ?? null }]
              : [];
          })
        : [],
    ),
    missingBefore: context.missingBefore === true,
  };
}

/** An indicator's values across a scope, combined by the catalogue's rule, disaggregation kept. */
export interface IndicatorRollup {
  unit: string;
  aggregation: string;
  entities: string[];
  /** The combined value of the values reported without disaggregation; null when NONE or none. */
  value: number | null;
  count: number;
  disaggregated: Array<{
    sex: string | null;
    ageGroup: string | null;
    value: number | null;
    count: number;
  }>;
}

function combine(aggregation: string, values: number[]): number | null {
  if (values.length === 0 || aggregation === 'NONE') return null;
  const sum = values.reduce((a, b) => a + b, 0);
  return aggregation === 'SUM' ? sum : sum / values.length;
}

/** Values of the same catalogue indicator only, each by its own rule. */
function indicatorRollups(inScope: readonly RollupContribution[]): Record<string, IndicatorRollup> {
  const result: Record<string, IndicatorRollup> = {};
  const refs = [...new Set(inScope.flatMap((c) => c.indicators.map((i) => i.ref)))].sort();
  for (const ref of refs) {
    const reference = REFERENCE_INDICATORS.find((r) => r.ref === ref);
    if (!reference) continue;
    const reported = inScope.flatMap((c) =>
      c.indicators.filter((i) => i.ref === ref).map((i) => ({ ...i, entityId: c.entityId })),
    );
    const totals = reported.filter((i) => i.sex === null && i.ageGroup === null);
    const keys = [
      ...new Set(
        reported
          .filter((i) => i.sex !== null || i.ageGroup !== null)
          .map((i) => JSON.stringify([i.sex, i.ageGroup])),
      ),
    ].sort();
    result[ref] = {
      unit: reference.unit,
      aggregation: reference.aggregation,
      entities: [...new Set(reported.map((i) => i.entityId))].sort(),
      value: combine(
        reference.aggregation,
        totals.map((i) => i.value),
      ),
      count: totals.length,
      disaggregated: keys.map((key) => {
        const [sex, ageGroup] = JSON.parse(key) as [string | null, string | null];
        const values = reported
          .filter((i) => i.sex === sex && i.ageGroup === ageGroup)
          .map((i) => i.value);
        return {
          sex,
          ageGroup,
          value: combine(reference.aggregation, values),
          count: values.length,
        };
      }),
    };
  }
  return result;
}

/** Distinct entities per entry type, for one group or item. */
export type TypeCounts = Record<EntryType, { count: number; entities: string[] }>;

export interface Recurring {
  level: 'GROUP' | 'ITEM';
  id: string;
  type: EntryType;
  count: number;
  denominator: number;
  share: number;
}

/** A scope's figures, in the rollup API's wire format. */
export interface Rollup {
  cycleId: string;
  scope: string;
  asked: number;
  responded: number;
  responseRate: number | null;
  onTime: number;
  late: number;
  overdue: number;
  missing: number;
  returned: number;
  accepted: number;
  groups: Record<string, TypeCounts>;
  items: Record<string, TypeCounts>;
  allGroupsCovered: string[];
  gaps: { groups: string[]; items: string[] };
  recurring: Recurring[];
  /** Per category: how many practices, from how many entities, and their titles. */
  goodPractices: Record<string, { count: number; entities: number; titles: string[] }>;
  innovative: Array<{ entityId: string; title: string }>;
  /** REVIEW cycles: progress entries by status, per group, item and commitment level. */
  implementation?: {
    byGroup: Record<string, Record<string, number>>;
    byItem: Record<string, Record<string, number>>;
    byLevel: Record<string, Record<string, number>>;
  };
  /** REVIEW cycles: catalogue indicators, by reference. */
  indicators?: Record<string, IndicatorRollup>;
  /** Per respondent: has it reported, and how its commitments stand. */
  lights: Record<string, { reporting: ReportingLight; implementation: ImplementationLight }>;
  computedAt: string;
}

export type ReportingLight = 'REPORTED' | 'DUE' | 'OVERDUE' | 'SILENT';
export type ImplementationLight = 'NONE' | 'ON_TRACK' | 'AT_RISK' | 'STALLED';

/**
 * How a respondent's commitments stand, from the statuses its latest version reports: STALLED
 * if any was discontinued, AT_RISK if any has not started, ON_TRACK otherwise; NONE without any.
 */
function implementationLight(contribution: RollupContribution): ImplementationLight {
  const statuses = contribution.progress.map((p) => p.status);
  if (statuses.length === 0) return 'NONE';
  if (statuses.includes('DISCONTINUED')) return 'STALLED';
  if (statuses.includes('NOT_STARTED')) return 'AT_RISK';
  return 'ON_TRACK';
}

/** Whether it has reported; SILENT when it is missing now and was in the series' previous cycle. */
function reportingLight(contribution: RollupContribution): ReportingLight {
  if (contribution.responded) return 'REPORTED';
  const late = contribution.overdue || contribution.missing;
  if (late && contribution.missingBefore) return 'SILENT';
  return late ? 'OVERDUE' : 'DUE';
}

const emptyCounts = (): TypeCounts =>
  Object.fromEntries(
    ENTRY_TYPES.map((t) => [t, { count: 0, entities: [] }]),
  ) as unknown as TypeCounts;

const zeroStatuses = () => Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0]));

function bump(counts: Record<string, number> | undefined, status: string): void {
  if (counts) counts[status] = (counts[status] ?? 0) + 1;
}

/**
 * A scope's figures from the contributions of the respondents in it: counts of distinct entities,
 * entity ids sorted, every group and item of the framework present, with zeros.
 */
export function aggregate(
  cycle: Pick<Cycle, 'id' | 'kind' | 'recurring'>,
  framework: Framework,
  scope: string,
  all: readonly RollupContribution[],
  computedAt: Date,
): Rollup {
  const inScope = all
    .filter((c) => c.scopes.includes(scope))
    .sort((a, b) => a.entityId.localeCompare(b.entityId));
  const count = (flag: keyof RollupContribution) => inScope.filter((c) => c[flag] === true).length;
  const asked = inScope.length;
  const responded = count('responded');

  const groups: Record<string, TypeCounts> = {};
  const items: Record<string, TypeCounts> = {};
  for (const group of framework.groups) {
    groups[group.id] = emptyCounts();
    for (const item of group.items) items[item.id] = emptyCounts();
  }
  for (const c of inScope) {
    for (const type of ENTRY_TYPES) {
      for (const id of c.tags[type].groups) groups[id]?.[type].entities.push(c.entityId);
      for (const id of c.tags[type].items) items[id]?.[type].entities.push(c.entityId);
    }
  }
  for (const counts of [...Object.values(groups), ...Object.values(items)]) {
    for (const type of ENTRY_TYPES) counts[type].count = counts[type].entities.length;
  }

  const addressed = (counts: TypeCounts) => ENTRY_TYPES.some((type) => counts[type].count > 0);
  const denominator = cycle.recurring.base === 'ASKED' ? asked : responded;
  const recurring: Recurring[] = [];
  for (const [level, parts] of [
    ['GROUP', groups],
    ['ITEM', items],
  ] as const) {
    for (const [id, counts] of Object.entries(parts)) {
      for (const type of ENTRY_TYPES) {
        const share = denominator === 0 ? 0 : counts[type].count / denominator;
        if (denominator > 0 && share > cycle.recurring.threshold)
          recurring.push({ level, id, type, count: counts[type].count, denominator, share });
      }
    }
  }

  const goodPractices = Object.fromEntries(
    GOOD_PRACTICE_CATEGORIES.map((category) => {
      const by = inScope.filter((c) => c.goodPractices.some((g) => g.category === category));
      const titles = by.flatMap((c) =>
        c.goodPractices.filter((g) => g.category === category).map((g) => g.title),
      );
      return [category, { count: titles.length, entities: by.length, titles }];
    }),
  );

  const rollup: Rollup = {
    cycleId: cycle.id,
    scope,
    asked,
    responded,
    responseRate: asked === 0 ? null : responded / asked,
    onTime: count('onTime'),
    late: count('late'),
    overdue: count('overdue'),
    missing: count('missing'),
    returned: count('returned'),
    accepted: count('accepted'),
    groups,
    items,
    allGroupsCovered: inScope
      .filter((c) => framework.groups.every((g) => c.tags.RECOMMENDATION.groups.includes(g.id)))
      .map((c) => c.entityId),
    gaps: {
      groups: Object.keys(groups).filter((id) => !addressed(groups[id] as TypeCounts)),
      items: Object.keys(items).filter((id) => !addressed(items[id] as TypeCounts)),
    },
    recurring,
    goodPractices,
    innovative: inScope.flatMap((c) =>
      c.goodPractices
        .filter((g) => g.innovative)
        .map((g) => ({ entityId: c.entityId, title: g.title })),
    ),
    lights: Object.fromEntries(
      inScope.map((c) => [
        c.entityId,
        {
          reporting: reportingLight(c),
          implementation: implementationLight(c),
        },
      ]),
    ),
    computedAt: computedAt.toISOString(),
  };
  if (cycle.kind === 'REVIEW') {
    const byGroup: Record<string, Record<string, number>> = {};
    const byItem: Record<string, Record<string, number>> = {};
    const byLevel: Record<string, Record<string, number>> = {};
    for (const id of Object.keys(groups)) byGroup[id] = zeroStatuses();
    for (const id of Object.keys(items)) byItem[id] = zeroStatuses();
    for (const level of LEVELS) byLevel[level] = zeroStatuses();
    for (const c of inScope) {
      for (const p of c.progress) {
        for (const id of p.groups) bump(byGroup[id], p.status);
        for (const id of p.items) bump(byItem[id], p.status);
        if (p.level) bump(byLevel[p.level], p.status);
      }
    }
    rollup.implementation = { byGroup, byItem, byLevel };
    rollup.indicators = indicatorRollups(inScope);
  }
  return rollup;
}
