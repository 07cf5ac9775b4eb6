import { parse } from 'csv-parse/sync';
import {
  type CellType,
  type Column,
  CSV_KINDS,
  type CsvKind,
  type CsvKindName,
} from './csv-columns.ts';
import type { ImportIssue, IssueLocation } from './issues.ts';
import { emptyRawBundle, type ImportFile, type RawBundle, type SourcedElement } from './sources.ts';

/** One data row of a CSV file: its line, and its cells read into the element's shape. */
interface Row {
  file: string;
  line: number;
  value: Record<string, unknown>;
  /** The entry a submissions.csv row describes, if its `type` is set. */
  entry?: Record<string, unknown> | undefined;
  /** Cells as written, by column, to compare the rows of one submission. */
  cells: Map<string, string>;
}

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Reads the CSV files of an import, one per kind, into the same elements a JSON bundle holds:
 * memberships and contacts grouped by entity, respondents into their cycles, submissions.csv's
 * rows (one per entry) into submissions. Every cell keeps its way back: file, line and column.
 */
export function readCsvFiles(files: readonly ImportFile[]): {
  raw: RawBundle;
  issues: ImportIssue[];
} {
  const issues: ImportIssue[] = [];
  const rows = new Map<CsvKindName, Row[]>();
  for (const file of files) {
    const kind = (Object.keys(CSV_KINDS) as CsvKindName[]).find(
      (name) => CSV_KINDS[name].file === baseName(file.name),
    );
    if (!kind) {
      issues.push({
        file: file.name,
        message: `a CSV file is named for what it holds: ${Object.values(CSV_KINDS)
          .map((k) => k.file)
          .join(', ')}`,
      });
      continue;
    }
    if (rows.has(kind)) {
      issues.push({ file: file.name, message: `a second ${CSV_KINDS[kind].file} in one import` });
      continue;
    }
    rows.set(kind, readRows(file, CSV_KINDS[kind], issues));
  }
  const raw = emptyRawBundle();
  const of = (kind: CsvKindName) => rows.get(kind) ?? [];
  const spec = (kind: CsvKindName): CsvKind => CSV_KINDS[kind];

  raw.entities = of('entities').map((row) => single(row, spec('entities')));
  raw.commitments = of('commitments').map((row) => single(row, spec('commitments')));
  raw.memberships = grouped(of('memberships'), 'body').map((group) =>
    listOf(group, {
      key: 'body',
      list: 'states',
      item: (r) => r.value.state,
      column: () => 'state',
    }),
  );
  const contacts = spec('contacts');
  raw.contacts = grouped(of('contacts'), 'entityId').map((group) =>
    listOf(group, {
      key: 'entityId',
      list: 'items',
      item: ({ value: { entityId: _id, ...contact } }) => contact,
      column: (inner) => columnAt(contacts.columns, contacts, inner) ?? 'role',
    }),
  );
  raw.cycles = cyclesWithRespondents(of('cycles'), of('respondents'), issues);
  raw.submissions = submissionsOf(of('submissions'), issues);
  return { raw, issues };
}

/** The rows of a file, with their cells typed; a header the kind does not know is an issue. */
function readRows(file: ImportFile, kind: CsvKind, issues: ImportIssue[]): Row[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(file.text, {
      info: true,
      bom: true,
      relax_column_count: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    issues.push({ file: file.name, line: lines, message: `not valid CSV: ${message}` });
    return [];
  }
  const [header, ...body] = records;
  if (!header) {
    issues.push({
      file: file.name,
      message: 'the file is empty; its first line names the columns',
    });
    return [];
  }
  const names = header.record.map((name) => name.trim());
  const columns = names.map((name) => columnNamed(kind, name));
  names.forEach((name, index) => {
    if (!columns[index])
      issues.push({
        file: file.name,
        line: 1,
        column: name,
        message: `unknown column; ${kind.file} has ${describeColumns(kind)}`,
      });
    else if (names.indexOf(name) < index)
      issues.push({ file: file.name, line: 1, column: name, message: 'the column comes twice' });
  });
  const required = [
    ...kind.columns.filter((c) => c.required).map((c) => c.name),
    ...(kind.requiredLanguages ?? []),
  ];
  for (const name of required.filter((n) => !names.includes(n)))
    issues.push({ file: file.name, line: 1, column: name, message: 'this column is required' });

  const rows: Row[] = [];
  for (const { record, info } of body) {
    // Spreadsheets export trailing rows of empty cells: they are not rows.
    if (record.every((cell) => cell.trim() === '')) continue;
    const line = info.lines - record.join('').split('\n').length + 1;
    if (record.length > names.length)
      issues.push({
        file: file.name,
        line,
        message: `more cells than the ${names.length} columns`,
      });
    const row: Row = { file: file.name, line, value: {}, cells: new Map() };
    // A required text left empty in every language is reported as its missing English.
    for (const field of new Set((kind.requiredLanguages ?? []).map((name) => name.split('.')[0])))
      row.value[field as string] = {};
    names.forEach((name, index) => {
      const column = columns[index];
      const cell = (record[index] ?? '').trim();
      if (!column || cell === '') return;
      row.cells.set(name, cell);
      const entryColumn = kind.entryColumns?.some((c) => c.name === name);
      if (entryColumn) row.entry ??= {};
      setAt(
        entryColumn ? (row.entry ?? {}) : row.value,
        column.pointer,
        readCell(cell, column.type),
      );
    });
    rows.push(row);
  }
  return rows;
}

/** The column a header names: a fixed one, or a language column such as `names.fr`. */
function columnNamed(kind: CsvKind, name: string): Column | undefined {
  const fixed = [...kind.columns, ...(kind.entryColumns ?? [])].find((c) => c.name === name);
  if (fixed) return fixed;
  const [field, language, ...rest] = name.split('.');
  if (
    rest.length === 0 &&
    language &&
    LANGUAGE.test(language) &&
    kind.languageFields?.includes(field ?? '')
  )
    return { name, pointer: `/${field}/${language}`, type: 'text' };
  return undefined;
}

function describeColumns(kind: CsvKind): string {
  return [
    ...kind.columns.map((c) => c.name),
    ...(kind.languageFields ?? []).map((field) => `${field}.<language>`),
    ...(kind.entryColumns ?? []).map((c) => c.name),
  ].join(', ');
}

/** A cell's value; what cannot be read stays a string, for the element's schema to name. */
function readCell(cell: string, type: CellType): unknown {
  switch (type) {
    case 'text':
      return cell;
    case 'list':
      return cell
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
    case 'codes':
      return codes(cell);
    case 'bool': {
      const value = cell.toLowerCase();
      if (['true', 'yes', '1', 'x'].includes(value)) return true;
      if (['false', 'no', '0'].includes(value)) return false;
      return cell;
    }
    case 'number':
      return Number.isNaN(Number(cell)) ? cell : Number(cell);
    case 'numbers':
      return codes(cell).map((v) => (Number.isNaN(Number(v)) ? v : Number(v)));
    case 'date':
      // Spreadsheets hold dates: a bare date is the start of that day, UTC.
      return /^\d{4}-\d{2}-\d{2}$/.test(cell) ? `${cell}T00:00:00Z` : cell;
    case 'tags': {
      // framework:id pairs; a token without its framework is kept under its own name, which the
      // rules then report as an unknown framework.
      const tags: Record<string, string[]> = {};
      for (const token of codes(cell)) {
        const [framework = '', ...id] = token.split(':');
        tags[framework] = [...(tags[framework] ?? []), id.join(':')];
      }
      return tags;
    }
  }
}

function codes(cell: string): string[] {
  return cell.split(/[;\s]+/).filter(Boolean);
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const path = pointer.split('/').slice(1);
  let node = target;
  for (const segment of path.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/** The column a pointer into an element (or an entry) falls in: the longest column pointer it starts with. */
function columnAt(columns: readonly Column[], kind: CsvKind, pointer: string): string | undefined {
  for (const field of kind.languageFields ?? []) {
    // A missing English text is reported on the text as a whole.
    if (pointer === `/${field}`) return `${field}.en`;
    if (pointer.startsWith(`/${field}/`)) return `${field}.${pointer.split('/')[2]}`;
  }
  let best: Column | undefined;
  for (const column of columns) {
    const within = pointer === column.pointer || pointer.startsWith(`${column.pointer}/`);
    if (within && column.pointer.length > (best?.pointer.length ?? 0)) best = column;
  }
  return best?.name;
}

function at(row: Row, column: string | undefined): IssueLocation {
  return { file: row.file, line: row.line, column };
}

function single(row: Row, kind: CsvKind): SourcedElement {
  return { value: row.value, locate: (pointer) => at(row, columnAt(kind.columns, kind, pointer)) };
}

/** Rows grouped by one column's value, in the order each value first appears. */
function grouped(rows: readonly Row[], key: string): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const value = String(row.value[key] ?? '');
    groups.set(value, [...(groups.get(value) ?? []), row]);
  }
  return [...groups.values()];
}

/** One element per entity, with a list built from its rows (memberships, contacts). */
function listOf(
  group: Row[],
  shape: {
    key: string;
    list: string;
    item: (row: Row) => unknown;
    /** The column of a pointer into one item of the list. */
    column: (inner: string) => string | undefined;
  },
): SourcedElement {
  const first = group[0] as Row;
  return {
    value: { [shape.key]: first.value[shape.key], [shape.list]: group.map(shape.item) },
    locate: (pointer) => {
      const [, field, index, ...rest] = pointer.split('/');
      const row = field === shape.list ? group[Number(index)] : undefined;
      return row
        ? at(row, shape.column(rest.length > 0 ? `/${rest.join('/')}` : ''))
        : at(first, shape.key);
    },
  };
}

/** Cycles, each with the respondents (and their own due dates) respondents.csv lists for it. */
function cyclesWithRespondents(
  cycles: readonly Row[],
  respondents: readonly Row[],
  issues: ImportIssue[],
): SourcedElement[] {
  const kind = CSV_KINDS.cycles;
  const byCycle = new Map(
    grouped(respondents, 'cycleId').map((g) => [String(g[0]?.value.cycleId), g]),
  );
  const ids = new Set(cycles.map((row) => String(row.value.id)));
  for (const [cycleId, group] of byCycle) {
    if (ids.has(cycleId)) continue;
    for (const row of group)
      issues.push({
        ...at(row, 'cycleId'),
        message: `there is no cycle ${cycleId} in cycles.csv: respondents come with their cycle`,
      });
  }
  return cycles.map((row) => {
    const listed = byCycle.get(String(row.value.id)) ?? [];
    const value = { ...row.value };
    if (listed.length > 0) {
      value.respondents = listed.map((r) => r.value.entityId);
      value.extensions = Object.fromEntries(
        listed
          .filter((r) => r.value.dueAt !== undefined)
          .map((r) => [r.value.entityId, r.value.dueAt]),
      );
    }
    return {
      value,
      locate: (pointer: string) => {
        const [, field, key] = pointer.split('/');
        if (field === 'respondents' && key !== undefined) {
          const listedRow = listed[Number(key)];
          if (listedRow) return at(listedRow, 'entityId');
        }
        if (field === 'extensions' && key !== undefined) {
          const listedRow = listed.find((r) => r.value.entityId === key);
          if (listedRow) return at(listedRow, 'dueAt');
        }
        return at(row, columnAt(kind.columns, kind, pointer));
      },
    };
  });
}

/**
 * Submissions from submissions.csv, one row per entry: rows of one (cycleId, entityId) make one
 * submission, whose own columns (status, submittedAt, …) every row must repeat or leave empty.
 */
function submissionsOf(rows: readonly Row[], issues: ImportIssue[]): SourcedElement[] {
  const kind = CSV_KINDS.submissions;
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${String(row.value.cycleId ?? '')}|${String(row.value.entityId ?? '')}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Row;
    const value: Record<string, unknown> = {};
    for (const row of group) {
      for (const column of kind.columns) {
        const cell = row.cells.get(column.name);
        if (cell === undefined) continue;
        const firstCell = first.cells.get(column.name);
        if (row !== first && firstCell !== undefined && firstCell !== cell) {
          issues.push({
            ...at(row, column.name),
            message: `differs from line ${first.line}, the first row of this submission`,
          });
        }
      }
      Object.assign(
        value,
        Object.fromEntries(Object.entries(row.value).filter(([k]) => !(k in value))),
      );
    }
    const entryRows = group.filter((row) => row.entry !== undefined);
    value.entries = entryRows.map((row) => row.entry);
    return {
      value,
      locate: (pointer: string) => {
        const [, field, index, ...rest] = pointer.split('/');
        const row =
          field === 'entries' && index !== undefined ? entryRows[Number(index)] : undefined;
        if (row)
          return at(
            row,
            columnAt(kind.entryColumns, kind, rest.length ? `/${rest.join('/')}` : '/type'),
          );
        return at(first, columnAt(kind.columns, kind, pointer));
      },
    };
  });
}

function baseName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}
