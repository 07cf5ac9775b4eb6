import type { Respondent } from './cycle.ts';
import type { Framework } from './framework.ts';
import { textIn } from './language-map.ts';
import { REGION_LABELS, REGIONS, type Region } from './regions.ts';
import {
  ENTRY_TYPES,
  parseScope,
  type Rollup,
  SCOPE_KINDS,
  type ScopeKind,
  type TypeCounts,
} from './rollup.ts';
import { type Entry, GOOD_PRACTICE_CATEGORIES, type SubmittedVersion } from './submission.ts';

/**
 * Exports as tables, whatever the file format: a header row and rows of cells. CSV writes one
 * table; a workbook writes one sheet per table. Numbers stay numbers and booleans booleans, so
 * a spreadsheet can sum and filter them; an empty cell is null.
 */

export type Cell = string | number | boolean | null;

export interface Table {
  header: string[];
  rows: Cell[][];
}

/** A table with a name: one sheet of a workbook. */
export interface Sheet extends Table {
  name: string;
}

/** The workbook's sheet for each kind of scope, in this order. */
const SHEET_OF: Record<ScopeKind, string> = {
  global: 'Global',
  region: 'Regions',
  members: 'Bodies',
  entity: 'Respondents',
};

/** Names to show beside ids: entities' English names. */
export type NameOf = (entityId: string) => string | undefined;

interface FrameworkColumn {
  header: string;
  level: 'groups' | 'items';
  id: string;
}

type ParsedScope = ReturnType<typeof parseScope>;

/**
 * A framework's columns: each group (`T4`), then its items (`T4.a`), in the framework's order.
 * Item ids alone (`a`, `23`) would not say which theme or objective they belong to.
 */
function frameworkColumns(framework: Framework): FrameworkColumn[] {
  return framework.groups.flatMap((group) => [
    { header: group.id, level: 'groups' as const, id: group.id },
    ...group.items.map((item) => ({
      header: `${group.id}.${item.id}`,
      level: 'items' as const,
      id: item.id,
    })),
  ]);
}

const HEADLINE = [
  'asked',
  'responded',
  'responseRate',
  'onTime',
  'late',
  'overdue',
  'missing',
  'returned',
  'accepted',
] as const;

/** Distinct entities that addressed a group or item, with entries of any type. */
function addressedBy(counts: TypeCounts | undefined): number {
  return new Set(ENTRY_TYPES.flatMap((type) => counts?.[type].entities ?? [])).size;
}

function scopeName(parsed: ParsedScope, nameOf: NameOf): string {
  if (!parsed?.id) return 'All respondents';
  if (parsed.kind === 'region') return textIn(REGION_LABELS[parsed.id as Region], 'en', parsed.id);
  return nameOf(parsed.id) ?? parsed.id;
}

/** Global first, regions in their usual order, then bodies and respondents (by id, after this). */
function scopeRank(parsed: ParsedScope): number {
  const kind = SCOPE_KINDS.indexOf(parsed?.kind ?? 'entity');
  const region = parsed?.kind === 'region' ? REGIONS.indexOf(parsed.id as Region) : 0;
  return kind * 10 + region;
}

/** The columns of the rollup export: headline figures, then per group and item, then practices. */
function rollupHeader(columns: readonly FrameworkColumn[]): string[] {
  return [
    'scope',
    'scopeKind',
    'name',
    ...HEADLINE,
    ...columns.map((column) => column.header),
    'recurring',
    ...GOOD_PRACTICE_CATEGORIES.map((category) => `goodPractices.${category}`),
    'innovative',
  ];
}

function rollupRow(
  columns: readonly FrameworkColumn[],
  rollup: Rollup,
  parsed: ParsedScope,
  nameOf: NameOf,
): Cell[] {
  const recurring = new Set(rollup.recurring.map((r) => r.id));
  return [
    rollup.scope,
    parsed?.kind ?? null,
    scopeName(parsed, nameOf),
    ...HEADLINE.map((figure) => rollup[figure]),
    ...columns.map((column) => addressedBy(rollup[column.level][column.id])),
    // The parts that recur, in the framework's order, under the headers their columns have.
    columns
      .filter((column) => recurring.has(column.id))
      .map((column) => column.header)
      .join(' '),
    ...GOOD_PRACTICE_CATEGORIES.map((category) => rollup.goodPractices[category]?.count ?? 0),
    rollup.innovative.length,
  ];
}

/** The rollup export as one table, one row per scope, with its kind in a column. */
export function rollupTable(
  framework: Framework,
  rollups: readonly Rollup[],
  nameOf: NameOf,
): Table {
  const columns = frameworkColumns(framework);
  // Each scope parsed once, for its order, its kind and its name.
  const scopes = rollups.map((rollup) => ({ rollup, parsed: parseScope(rollup.scope) }));
  scopes.sort(
    (a, b) =>
      scopeRank(a.parsed) - scopeRank(b.parsed) || a.rollup.scope.localeCompare(b.rollup.scope),
  );
  return {
    header: rollupHeader(columns),
    rows: scopes.map(({ rollup, parsed }) => rollupRow(columns, rollup, parsed, nameOf)),
  };
}

/**
 * The rollup export as a workbook: a sheet per kind of scope, always all four with the same
 * columns (an empty one holds its header), so that a sheet is found by name whoever reads.
 */
export function rollupSheets(
  framework: Framework,
  rollups: readonly Rollup[],
  nameOf: NameOf,
): Sheet[] {
  const { header, rows } = rollupTable(framework, rollups, nameOf);
  const kindColumn = header.indexOf('scopeKind');
  return SCOPE_KINDS.map((kind) => ({
    name: SHEET_OF[kind],
    header,
    rows: rows.filter((row) => row[kindColumn] === kind),
  }));
}

/** A respondent's latest submitted version, as an export lists it. */
export interface ExportedVersion {
  respondent: Pick<Respondent, 'entityId' | 'kind'>;
  version: SubmittedVersion;
}

const SUBMISSION_HEADER = [
  'cycleId',
  'entityId',
  'name',
  'respondentKind',
  'version',
  'submittedAt',
  'late',
  'visibility',
  'entryId',
  'type',
  'tags',
  'status',
  'text',
  'category',
  'innovative',
  'commitmentId',
  'fromContribution',
  'link',
] as const;

/** The entry's own columns, from `entryId` on. */
function entryCells(entry: Entry): Cell[] {
  const progress = entry.type === 'COMMITMENT_PROGRESS' ? entry : undefined;
  const practice = entry.type === 'GOOD_PRACTICE' ? entry : undefined;
  return [
    entry.id ?? null,
    entry.type,
    (entry.tags ?? []).join(' '),
    progress?.status ?? null,
    // What the entry says: a practice's title, a progress report's narrative, else its text.
    practice?.title ?? progress?.narrative ?? ('text' in entry ? entry.text : null),
    practice?.category ?? null,
    practice?.innovative ?? null,
    progress?.commitmentId ?? null,
    entry.fromContribution ?? null,
    // A progress report has evidence links where other entries have one link.
    progress ? progress.evidence.join(' ') || null : 'link' in entry ? (entry.link ?? null) : null,
  ];
}

/**
 * One row per entry of each respondent's latest submitted version, respondents by id; a
 * version without entries still has its row, so that who answered shows.
 */
export function submissionTable(
  cycleId: string,
  versions: readonly ExportedVersion[],
  nameOf: NameOf,
): Table {
  const rows = [...versions]
    .sort((a, b) => a.respondent.entityId.localeCompare(b.respondent.entityId))
    .flatMap(({ respondent, version }) => {
      const who: Cell[] = [
        cycleId,
        respondent.entityId,
        nameOf(respondent.entityId) ?? respondent.entityId,
        respondent.kind,
        version.number,
        version.submittedAt,
        version.late,
        version.content.visibility,
      ];
      const entries = version.content.entries;
      if (entries.length === 0)
        return [[...who, ...Array<Cell>(SUBMISSION_HEADER.length - who.length).fill(null)]];
      return entries.map((entry) => [...who, ...entryCells(entry)]);
    });
  return { header: [...SUBMISSION_HEADER], rows };
}
