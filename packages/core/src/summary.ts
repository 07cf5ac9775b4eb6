import type { Cycle, Respondent } from './cycle.ts';
import type { Entity, EntityKind } from './entity.ts';
import type { Framework } from './framework.ts';
import type { LanguageMap } from './language-map.ts';
import { REGIONS, type Region } from './regions.ts';
import type { Rollup } from './rollup.ts';
import { GOOD_PRACTICE_CATEGORIES } from './submission.ts';

/**
 * A cycle's summary report, in the shape of the 2017 survey's Annex 9: the context, then each
 * region (who was asked and who answered, by kind; recommendations by theme with what recurs;
 * good practices and innovative solutions; implementation for reviews), then across regions.
 * Every number is read from the rollups; the words come later, from per-language templates.
 */

/** The order kinds are listed in, as the seed's tables do: processes first, then partners. */
const SUMMARY_KIND_ORDER: readonly EntityKind[] = [
  'RCP',
  'IRF',
  'GLOBAL_PROCESS',
  'REO',
  'UN_REGIONAL_COMMISSION',
  'IGO',
  'STATE',
  'NON_STATE',
];

/** A theme (or, in a framework of one group, an objective) the report counts by. */
export interface Heading {
  id: string;
  labels: LanguageMap;
  /** The items (elements) under it, whose recurrence the report names. */
  items: Array<{ id: string; labels: LanguageMap }>;
}

export interface HeadingFigures {
  id: string;
  /** Entities that made recommendations on it (an element counts for its theme). */
  entities: string[];
  /** Its items recommended by more than the cycle's threshold, most shared first. */
  recurring: Array<{ id: string; count: number; denominator: number; share: number }>;
}

export interface SectionSummary {
  /** The region, or null for the cross-regional section. */
  region: Region | null;
  asked: number;
  responded: number;
  responseRate: number | null;
  /** Who was asked and who answered, by kind, in SUMMARY_KIND_ORDER; kinds with nobody left out. */
  byKind: Array<{ kind: EntityKind; asked: string[]; answered: string[] }>;
  notAnswered: string[];
  /** Entities of several regions (interregional forums) counted here as in each region they span. */
  spanning: string[];
  /** Entities that made recommendations on at least one heading. */
  recommenders: string[];
  headings: HeadingFigures[];
  /** Entities that made recommendations on every heading. */
  coveredAll: string[];
  /** Headings nobody made a recommendation on. */
  unaddressed: string[];
  goodPractices: Array<{ category: string; count: number; entities: number; titles: string[] }>;
  innovative: Array<{ entityId: string; title: string }>;
  /** REVIEW cycles: progress entries by status, per heading and per commitment level. */
  implementation?: {
    byHeading: Array<{ id: string; statuses: Record<string, number> }>;
    byLevel: Array<{ level: string; statuses: Record<string, number> }>;
  };
}

export interface CycleSummary {
  cycle: Pick<
    Cycle,
    | 'id'
    | 'title'
    | 'kind'
    | 'status'
    | 'organiser'
    | 'opensAt'
    | 'dueAt'
    | 'frameworkId'
    | 'recurring'
  > & { closedAt: string | null };
  organiserNames: LanguageMap;
  framework: { id: string; labels: LanguageMap };
  /** Themes when the framework has several groups; otherwise the items of its one group. */
  headingKind: 'THEME' | 'OBJECTIVE';
  headings: Heading[];
  /** Every entity the report names, with its names, for the renderers. */
  names: Record<string, LanguageMap>;
  regions: SectionSummary[];
  crossRegional: SectionSummary;
  computedAt: string;
}

export interface SummaryInput {
  cycle: Cycle;
  framework: Framework;
  respondents: readonly Respondent[];
  entities: readonly Entity[];
  global: Rollup;
  regions: ReadonlyMap<Region, Rollup>;
}

/** The summary's figures, from the cycle's rollups: global, and one per region it has respondents in. */
export function buildSummary(input: SummaryInput): CycleSummary {
  const { cycle, framework, respondents, entities, global } = input;
  const byGroups = framework.groups.length > 1;
  const headings: Heading[] = byGroups
    ? framework.groups.map((g) => ({ id: g.id, labels: g.labels, items: g.items }))
    : framework.groups.flatMap((g) => g.items.map((i) => ({ ...i, items: [i] })));
  const names = Object.fromEntries(entities.map((e) => [e.id, e.names]));
  const respondentOf = new Map(respondents.map((r) => [r.entityId, r]));
  const section = (region: Region | null, rollup: Rollup) =>
    sectionOf(region, rollup, respondentOf, headings, byGroups);
  return {
    cycle: {
      id: cycle.id,
      title: cycle.title,
      kind: cycle.kind,
      status: cycle.status,
      organiser: cycle.organiser,
      opensAt: cycle.opensAt,
      dueAt: cycle.dueAt,
      frameworkId: cycle.frameworkId,
      recurring: cycle.recurring,
      closedAt: cycle.closedAt ?? null,
    },
    organiserNames: names[cycle.organiser] ?? { en: cycle.organiser },
    framework: { id: framework.id, labels: framework.labels },
    headingKind: byGroups ? 'THEME' : 'OBJECTIVE',
    headings,
    names,
    regions: REGIONS.flatMap((region) => {
      const rollup = input.regions.get(region);
      return rollup && rollup.asked > 0 ? [section(region, rollup)] : [];
    }),
    crossRegional: section(null, global),
    computedAt: global.computedAt,
  };
}

function sectionOf(
  region: Region | null,
  rollup: Rollup,
  respondentOf: ReadonlyMap<string, Respondent>,
  headings: readonly Heading[],
  byGroups: boolean,
): SectionSummary {
  const asked = Object.keys(rollup.lights).sort();
  const answered = new Set(asked.filter((id) => rollup.lights[id]?.reporting === 'REPORTED'));
  const implementation = rollup.implementation; // REVIEW cycles' rollups alone have it
  const figures = headings.map((heading): HeadingFigures => {
    const counts = byGroups ? rollup.groups[heading.id] : rollup.items[heading.id];
    const itemIds = new Set(heading.items.map((i) => i.id));
    return {
      id: heading.id,
      entities: counts?.RECOMMENDATION.entities ?? [],
      recurring: rollup.recurring
        .filter((r) => r.type === 'RECOMMENDATION' && r.level === 'ITEM' && itemIds.has(r.id))
        .sort((a, b) => b.share - a.share || a.id.localeCompare(b.id))
        .map(({ id, count, denominator, share }) => ({ id, count, denominator, share })),
    };
  });
  const recommenders = [...new Set(figures.flatMap((f) => f.entities))].sort();
  return {
    region,
    asked: rollup.asked,
    responded: rollup.responded,
    responseRate: rollup.responseRate,
    byKind: SUMMARY_KIND_ORDER.flatMap((kind) => {
      const ofKind = asked.filter((id) => respondentOf.get(id)?.kind === kind);
      return ofKind.length > 0
        ? [{ kind, asked: ofKind, answered: ofKind.filter((id) => answered.has(id)) }]
        : [];
    }),
    notAnswered: asked.filter((id) => !answered.has(id)),
    spanning:
      region === null ? [] : asked.filter((id) => (respondentOf.get(id)?.regions.length ?? 0) > 1),
    recommenders,
    headings: figures,
    coveredAll: recommenders.filter((id) => figures.every((f) => f.entities.includes(id))),
    unaddressed: figures.filter((f) => f.entities.length === 0).map((f) => f.id),
    goodPractices: GOOD_PRACTICE_CATEGORIES.flatMap((category) => {
      const practices = rollup.goodPractices[category];
      return practices && practices.count > 0 ? [{ category, ...practices }] : [];
    }),
    innovative: rollup.innovative,
    ...(implementation && {
      implementation: {
        byHeading: headings.map((h) => ({
          id: h.id,
          statuses: (byGroups ? implementation.byGroup : implementation.byItem)[h.id] ?? {},
        })),
        byLevel: Object.entries(implementation.byLevel).map(([level, statuses]) => ({
          level,
          statuses,
        })),
      },
    }),
  };
}
