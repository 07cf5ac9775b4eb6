import { z } from 'zod';
import type { Entity, EntityKind } from './entity.ts';
import type { InputIssue } from './errors.ts';
import type { Framework } from './framework.ts';
import { EntityId, FrameworkId } from './ids.ts';
import { LanguageMap } from './language-map.ts';
import catalogue from './reference/indicators.json' with { type: 'json' };

export const LEVELS = ['NATIONAL', 'RCP', 'IRF', 'GLOBAL', 'PARTNER'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

/** A commitment's level follows from its owner's kind. */
export function levelOf(kind: EntityKind): Level {
  switch (kind) {
    case 'STATE':
      return 'NATIONAL';
    case 'RCP':
      return 'RCP';
    case 'IRF':
      return 'IRF';
    case 'GLOBAL_PROCESS':
      return 'GLOBAL';
    default:
      return 'PARTNER';
  }
}

export const AGGREGATIONS = ['SUM', 'MEAN', 'NONE'] as const;

/** A reference indicator: only indicators that cite one are ever aggregated across entities. */
export interface ReferenceIndicator {
  ref: string;
  unit: string;
  aggregation: (typeof AGGREGATIONS)[number];
  labels: { en: string; fr: string };
}

export const REFERENCE_INDICATORS = catalogue.indicators as ReferenceIndicator[];
export const AGE_GROUPS = catalogue.ageGroups;
export const SEXES = ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'] as const;

export const SdgTarget = z
  .string()
  .regex(
    /^(1[0-7]|[1-9])\.(\d{1,2}|[a-z])$/,
    'must be an SDG target such as "10.7" or "10.c" (goals 1 to 17)',
  );
const IsoDate = z.iso.date('must be a date, YYYY-MM-DD');
const IndicatorId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be 1 to 40 letters, digits, dots, dashes');

export const Indicator = z.object({
  id: IndicatorId,
  name: LanguageMap,
  /** Free text, except for an indicator citing the catalogue, whose unit is the catalogue's code. */
  unit: z.string().trim().min(1).max(40).optional(),
  baseline: z.number().nullable().default(null),
  target: z.number().nullable().default(null),
  indicatorRef: z.string().optional(),
  disaggregation: z
    .object({
      sex: z.array(z.enum(SEXES)).optional(),
      ageGroups: z
        .array(z.enum(AGE_GROUPS.map((group) => group.code) as [string, ...string[]]))
        .optional(),
    })
    .optional(),
});
export type Indicator = z.infer<typeof Indicator>;

/**
 * At most 48 co-owners: a change writes the commitment and one marker per owner and co-owner,
 * old and new, in one transaction of at most 100 items.
 */
export const MAX_CO_OWNERS = 48;

/** The fields of a commitment a client writes, with no defaults (shared by input and patch). */
const fields = {
  id: EntityId,
  owner: EntityId,
  coOwners: z.array(EntityId).max(MAX_CO_OWNERS),
  title: LanguageMap,
  description: LanguageMap,
  /** Per framework id, the group and item ids the commitment is tagged with, as the client chose them. */
  tags: z.record(FrameworkId, z.array(z.string().max(16)).max(100)),
  sdgTargets: z.array(SdgTarget).max(50),
  partners: z.array(EntityId).max(250),
  startDate: IsoDate,
  targetDate: IsoDate,
  indicators: z.array(Indicator).max(50),
};

/** What a client sends to create (or, whole, to replace) a commitment. */
export const CommitmentInput = z.object({
  ...fields,
  id: fields.id.optional(),
  coOwners: fields.coOwners.default([]),
  description: fields.description.optional(),
  tags: fields.tags.default({}),
  sdgTargets: fields.sdgTargets.default([]),
  partners: fields.partners.default([]),
  startDate: fields.startDate.optional(),
  targetDate: fields.targetDate.optional(),
  indicators: fields.indicators.default([]),
});
export type CommitmentInput = z.infer<typeof CommitmentInput>;

/** A JSON merge patch of a commitment: any field; `null` removes an optional one. */
export const CommitmentPatch = z
  .object({
    ...fields,
    description: fields.description.nullable(),
    startDate: fields.startDate.nullable(),
    targetDate: fields.targetDate.nullable(),
  })
  .partial();

export const Commitment = CommitmentInput.extend({
  id: EntityId,
  level: Level,
  version: z.number().int().positive(),
});
export type Commitment = z.infer<typeof Commitment>;

/** Rules of a commitment that need no lookup: dates in order, indicator ids unique, catalogue units. */
export function commitmentIssues(input: CommitmentInput): InputIssue[] {
  const issues: InputIssue[] = [];
  if (input.startDate && input.targetDate && input.startDate > input.targetDate) {
    issues.push({ pointer: '/targetDate', message: 'must not be before startDate' });
  }
  if (input.coOwners.includes(input.owner)) {
    issues.push({ pointer: '/coOwners', message: 'the owner is not also a co-owner' });
  }
  issues.push(...repeated(input.coOwners, '/coOwners'), ...repeated(input.partners, '/partners'));
  issues.push(...repeated(input.sdgTargets, '/sdgTargets'));
  for (const [frameworkId, ids] of Object.entries(input.tags))
    issues.push(...repeated(ids, `/tags/${frameworkId}`));
  const seen = new Set<string>();
  input.indicators.forEach((indicator, index) => {
    const at = `/indicators/${index}`;
    if (seen.has(indicator.id))
      issues.push({ pointer: `${at}/id`, message: `${indicator.id} is used twice` });
    seen.add(indicator.id);
    if (indicator.indicatorRef === undefined) {
      if (indicator.unit === undefined)
        issues.push({ pointer: `${at}/unit`, message: 'is required without an indicatorRef' });
      return;
    }
    const reference = REFERENCE_INDICATORS.find((r) => r.ref === indicator.indicatorRef);
    if (!reference) {
      issues.push({
        pointer: `${at}/indicatorRef`,
        message: `${indicator.indicatorRef} is not in the indicator catalogue`,
      });
    } else if (indicator.unit !== undefined && indicator.unit !== reference.unit) {
      issues.push({
        pointer: `${at}/unit`,
        message: `${reference.ref} is measured in ${reference.unit}`,
      });
    }
  });
  return issues;
}

/** Problems with tags against the frameworks that exist: unknown frameworks, unknown groups or items. */
export function tagIssues(
  tags: Record<string, string[]>,
  frameworks: readonly Framework[],
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [frameworkId, ids] of Object.entries(tags)) {
    const framework = frameworks.find((f) => f.id === frameworkId);
    if (!framework) {
      issues.push({
        pointer: `/tags/${frameworkId}`,
        message: `there is no framework ${frameworkId}`,
      });
      continue;
    }
    const known = new Set(
      framework.groups.flatMap((group) => [group.id, ...group.items.map((item) => item.id)]),
    );
    ids.forEach((id, index) => {
      if (!known.has(id))
        issues.push({
          pointer: `/tags/${frameworkId}/${index}`,
          message: `${frameworkId} has no group or item ${id}`,
        });
    });
  }
  return issues;
}

/**
 * Every tag a commitment answers to, as `framework:id`: the ids it was tagged with and the group
 * of every item, so that a search for a theme finds commitments tagged with its elements.
 */
export function searchTags(
  tags: Record<string, string[]>,
  frameworks: readonly Framework[],
): string[] {
  const keys = new Set<string>();
  for (const [frameworkId, ids] of Object.entries(tags)) {
    const framework = frameworks.find((f) => f.id === frameworkId);
    for (const id of ids) {
      keys.add(`${frameworkId}:${id}`);
      const group = framework?.groups.find((g) => g.items.some((item) => item.id === id));
      if (group) keys.add(`${frameworkId}:${group.id}`);
    }
  }
  return [...keys].sort();
}

/** Fills in what the catalogue decides: the unit of an indicator that cites it. */
export function withCatalogueUnits(indicators: Indicator[]): Indicator[] {
  return indicators.map((indicator) => {
    const reference = REFERENCE_INDICATORS.find((r) => r.ref === indicator.indicatorRef);
    return reference ? { ...indicator, unit: reference.unit } : indicator;
  });
}

/** A value listed twice, pointed at where it comes again. */
function repeated(values: readonly string[], base: string): InputIssue[] {
  return values.flatMap((value, index) =>
    values.indexOf(value) < index
      ? [{ pointer: `${base}/${index}`, message: `${value} is listed twice` }]
      : [],
  );
}

/**
 * A commitment as written, from its input: every reference checked (owner, co-owners, partners
 * among `entities`, tags in `frameworks`), its level, units and search tags derived. Pure: the
 * register reads what it names first, an import passes what it knows.
 */
export function completeCommitment(
  input: CommitmentInput & { id: string },
  version: number,
  entities: ReadonlyMap<string, Pick<Entity, 'kind'>>,
  frameworks: readonly Framework[],
): { commitment: Commitment; searchTags: string[]; issues: InputIssue[] } {
  const owner = entities.get(input.owner);
  const issues: InputIssue[] = [];
  if (!owner) issues.push({ pointer: '/owner', message: `there is no entity ${input.owner}` });
  for (const field of ['coOwners', 'partners'] as const) {
    input[field].forEach((entityId, index) => {
      if (!entities.has(entityId))
        issues.push({ pointer: `/${field}/${index}`, message: `there is no entity ${entityId}` });
    });
  }
  issues.push(...tagIssues(input.tags, frameworks));
  return {
    commitment: {
      ...input,
      level: levelOf(owner?.kind ?? 'NON_STATE'),
      indicators: withCatalogueUnits(input.indicators),
      version,
    },
    searchTags: searchTags(input.tags, frameworks),
    issues,
  };
}
