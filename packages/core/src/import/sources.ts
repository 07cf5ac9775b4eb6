import { BUNDLE_KEYS } from './bundle.ts';
import type { ImportIssue, IssueLocation } from './issues.ts';
import { jsonLines, lineOf, pointerSegment } from './json-lines.ts';

/** An element of an import, not yet checked, with the way back to where it was written. */
export interface SourcedElement {
  value: unknown;
  /** Where a pointer inside the element (`/names/fr`, `/entries/2/tags`) is in its file. */
  locate(pointer: string): IssueLocation;
}

/** What the files of one import hold, kind by kind; respondents travel inside their cycles. */
export interface RawBundle {
  entities: SourcedElement[];
  memberships: SourcedElement[];
  contacts: SourcedElement[];
  commitments: SourcedElement[];
  cycles: SourcedElement[];
  submissions: SourcedElement[];
}

/** One file of an import: its name (which says what it holds) and its text. */
export interface ImportFile {
  name: string;
  text: string;
}

export function emptyRawBundle(): RawBundle {
  return {
    entities: [],
    memberships: [],
    contacts: [],
    commitments: [],
    cycles: [],
    submissions: [],
  };
}

/**
 * Reads a JSON bundle: `{ entities: [], memberships: {BODY: []}, contacts: {ID: []},
 * commitments: [], cycles: [], submissions: [] }`. Elements stay unchecked; anything that is not
 * the bundle's shape is an issue with its pointer and line.
 */
export function readJsonBundle(file: ImportFile): { raw: RawBundle; issues: ImportIssue[] } {
  const raw = emptyRawBundle();
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch (error) {
    return { raw, issues: [{ file: file.name, ...syntaxLocation(file.text, error) }] };
  }
  const lines = jsonLines(file.text);
  const at = (pointer: string): IssueLocation => ({
    file: file.name,
    pointer,
    line: lineOf(lines, pointer),
  });
  const issue = (pointer: string, message: string): ImportIssue => ({ ...at(pointer), message });
  if (!isObject(parsed)) return { raw, issues: [issue('', 'a bundle is a JSON object')] };
  const issues: ImportIssue[] = [];
  for (const key of Object.keys(parsed)) {
    if (!(BUNDLE_KEYS as readonly string[]).includes(key))
      issues.push(
        issue(`/${pointerSegment(key)}`, `unknown key; a bundle has ${BUNDLE_KEYS.join(', ')}`),
      );
  }
  for (const kind of ['entities', 'commitments', 'cycles', 'submissions'] as const) {
    const list = parsed[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push(issue(`/${kind}`, 'must be an array'));
      continue;
    }
    list.forEach((value, index) => {
      raw[kind].push({ value, locate: (pointer) => at(`/${kind}/${index}${pointer}`) });
    });
  }
  // Keyed by entity id: a body's member states, an entity's contact list.
  const keyed = [
    ['memberships', 'states'],
    ['contacts', 'items'],
  ] as const;
  for (const [kind, field] of keyed) {
    const map = parsed[kind];
    if (map === undefined) continue;
    if (!isObject(map)) {
      issues.push(issue(`/${kind}`, `must be an object of lists by entity id`));
      continue;
    }
    for (const [id, list] of Object.entries(map)) {
      const base = `/${kind}/${pointerSegment(id)}`;
      const value =
        kind === 'memberships' ? { body: id, states: list } : { entityId: id, items: list };
      raw[kind].push({
        value,
        locate: (pointer) =>
          at(pointer.startsWith(`/${field}`) ? `${base}${pointer.slice(field.length + 1)}` : base),
      });
    }
  }
  return { raw, issues };
}

/** Where JSON.parse stopped, from the position its message gives. */
function syntaxLocation(text: string, error: unknown): Omit<ImportIssue, 'file'> {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  // Without a position, the text ended too soon: its last line.
  const line = text
    .slice(0, position === undefined ? undefined : Number(position))
    .split('\n').length;
  return { line, pointer: '', message: `not valid JSON: ${message}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
