import { InvalidInputError } from '../errors.ts';

/**
 * A problem with an import file, located as a secretariat would look for it: the file, the line,
 * and the JSON Pointer (JSON bundles) or the column (CSV files).
 */
export interface ImportIssue {
  file: string;
  line?: number | undefined;
  /** JSON bundles: where in the file, as a JSON Pointer (RFC 6901). */
  pointer?: string | undefined;
  /** CSV files: the column, by its header. */
  column?: string | undefined;
  message: string;
}

/** Where an issue is, without its message. */
export type IssueLocation = Omit<ImportIssue, 'message'>;

/** Adds an issue at a pointer within an element, which `at` locates in its file. */
export type Report = (
  at: (pointer: string) => IssueLocation,
  pointer: string,
  message: string,
) => void;

export function reporterOf(issues: ImportIssue[]): Report {
  return (at, pointer, message) => issues.push({ ...at(pointer), message });
}

/** One line per issue, for the command line: `entities.csv:4 [kind] …` or `bundle.json:12 /entities/3/id …`. */
export function formatIssue(issue: ImportIssue): string {
  const where = `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}`;
  const field = issue.column
    ? ` [${issue.column}]`
    : issue.pointer !== undefined
      ? ` ${issue.pointer || '/'}`
      : '';
  return `${where}${field}: ${issue.message}`;
}

/**
 * The import was refused, and nothing was written: every issue found, in file order. A 400 whose
 * errors carry `file`, `line` and `pointer` or `column` beside the usual pointer and message.
 */
export class ImportRejectedError extends InvalidInputError {
  readonly importIssues: ImportIssue[];

  constructor(issues: ImportIssue[]) {
    super(issues.map((issue) => ({ ...issue, pointer: issue.pointer ?? '' })));
    this.importIssues = issues;
    this.message = `the import was refused, nothing was written: ${issues.length} issue(s), first ${issues
      .slice(0, 3)
      .map(formatIssue)
      .join('; ')}`;
  }
}
