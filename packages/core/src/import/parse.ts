import type { z } from 'zod';
import { commitmentIssues } from '../commitment.ts';
import { cycleIssues } from '../cycle.ts';
import { entityIssues, memberIssues } from '../entity.ts';
import type { InputIssue } from '../errors.ts';
import {
  type ImportedCommitment,
  ImportedCommitment as ImportedCommitmentSchema,
  ImportedContacts,
  ImportedCycle,
  ImportedEntity,
  ImportedMemberships,
  ImportedSubmission,
} from './bundle.ts';
import type { ImportIssue, IssueLocation } from './issues.ts';
import { pointerSegment } from './json-lines.ts';
import type { RawBundle, SourcedElement } from './sources.ts';

/** A checked element, with the way back to where it was written. */
export interface Located<T> {
  value: T;
  at(pointer: string): IssueLocation;
}

/** An import whose every element has the shape of its kind and follows the rules that need no lookup. */
export interface ParsedBundle {
  entities: Array<Located<ImportedEntity>>;
  memberships: Array<Located<ImportedMemberships>>;
  contacts: Array<Located<ImportedContacts>>;
  commitments: Array<Located<ImportedCommitment>>;
  cycles: Array<Located<ImportedCycle>>;
  submissions: Array<Located<ImportedSubmission>>;
}

/** Statuses a cycle may be imported in: a draft, or a round that is over. */
export const IMPORTABLE_CYCLE_STATUSES = ['DRAFT', 'CLOSED', 'PUBLISHED'] as const;

/**
 * Checks every element's shape and the rules that need nothing but the file: ids, dates, kinds,
 * duplicates within the file. Collects every issue; elements with one are left out of the result.
 */
export function parseBundle(raw: RawBundle): { parsed: ParsedBundle; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const check = <T>(
    elements: readonly SourcedElement[],
    schema: z.ZodType<T>,
    rules: (value: T) => InputIssue[],
  ): Array<Located<T>> =>
    elements.flatMap((element) => {
      const report = (found: InputIssue[]) => {
        for (const issue of found)
          issues.push({ ...element.locate(issue.pointer), message: issue.message });
        return found.length > 0;
      };
      const result = schema.safeParse(element.value);
      if (!result.success) {
        report(
          result.error.issues.map((issue) => ({
            pointer: issue.path.map((segment) => `/${pointerSegment(String(segment))}`).join(''),
            message: issue.message,
          })),
        );
        return [];
      }
      return report(rules(result.data)) ? [] : [{ value: result.data, at: element.locate }];
    });

  const parsed: ParsedBundle = {
    entities: check(raw.entities, ImportedEntity, entityIssues),
    memberships: check(raw.memberships, ImportedMemberships, (m) =>
      memberIssues(m.states).map((issue) => ({
        ...issue,
        pointer: issue.pointer.replace(/^\/members/, '/states'),
      })),
    ),
    contacts: check(raw.contacts, ImportedContacts, () => []),
    commitments: check(
      raw.commitments,
      ImportedCommitmentSchema as z.ZodType<ImportedCommitment>,
      (commitment) => [
        ...(commitment.id === undefined
          ? [
              {
                pointer: '/id',
                message: 'an imported commitment needs its id, so that importing it again finds it',
              },
            ]
          : []),
        ...commitmentIssues(commitment),
      ],
    ),
    cycles: check(raw.cycles, ImportedCycle, importedCycleIssues),
    submissions: check(raw.submissions, ImportedSubmission, importedSubmissionIssues),
  };
  duplicates(parsed.entities, (e) => e.id, '/id', 'entity', issues);
  duplicates(parsed.commitments, (c) => c.id, '/id', 'commitment', issues);
  duplicates(parsed.cycles, (c) => c.id, '/id', 'cycle', issues);
  duplicates(
    parsed.submissions,
    (s) => `${s.entityId} to ${s.cycleId}`,
    '/entityId',
    'submission of',
    issues,
  );
  // Contact and member lists are keyed by entity id (JSON object keys, CSV rows grouped by it),
  // and memberIssues refuses a state twice in one list: neither can come twice.
  return { parsed, issues };
}

/** A cycle's rules: the API's, plus what an import allows of its status and history. */
export function importedCycleIssues(cycle: ImportedCycle): InputIssue[] {
  const issues: InputIssue[] = [];
  const closed = cycle.status === 'CLOSED' || cycle.status === 'PUBLISHED';
  if (!(IMPORTABLE_CYCLE_STATUSES as readonly string[]).includes(cycle.status)) {
    issues.push({
      pointer: '/status',
      message:
        cycle.status === 'OPEN'
          ? 'an import brings DRAFT, CLOSED or PUBLISHED cycles; import a running round as DRAFT and open it with POST /v1/cycles/{id}/open, which freezes its respondents, sends the opening notices and starts its review workflow'
          : `an import brings DRAFT, CLOSED or PUBLISHED cycles, not ${cycle.status} ones`,
    });
  }
  if (cycle.seriesId !== null)
    issues.push({
      pointer: '/seriesId',
      message: 'cycles join a series through the API, when created',
    });
  const dueDates = [cycle.dueAt, ...Object.values(cycle.extensions)];
  // One issue per respondent listed twice, below, rather than the API's single one.
  issues.push(...cycleIssues(cycle, dueDates).filter((issue) => issue.pointer !== '/respondents'));
  cycle.respondents?.forEach((id, index) => {
    if (cycle.respondents?.indexOf(id) !== index)
      issues.push({ pointer: `/respondents/${index}`, message: `${id} is listed twice` });
  });
  for (const [id, dueAt] of Object.entries(cycle.extensions)) {
    const pointer = `/extensions/${pointerSegment(id)}`;
    if (!closed)
      issues.push({
        pointer,
        message:
          'extensions are recorded with a closed cycle; an open one grants them through the API',
      });
    else if (!cycle.respondents?.includes(id))
      issues.push({ pointer, message: `${id} is not a respondent of this cycle` });
    else if (Date.parse(dueAt) <= Date.parse(cycle.dueAt))
      issues.push({ pointer, message: 'an extension moves the due date later than the cycle’s' });
  }
  if (closed) {
    if (cycle.respondents === null)
      issues.push({ pointer: '/scope', message: 'a closed cycle lists the respondents it asked' });
    if (cycle.closedAt !== undefined && Date.parse(cycle.closedAt) < Date.parse(cycle.opensAt))
      issues.push({ pointer: '/closedAt', message: 'must not be before opensAt' });
  } else if (cycle.closedAt !== undefined) {
    issues.push({ pointer: '/closedAt', message: 'only a closed cycle has a closing date' });
  }
  return issues;
}

/** A submission's rules: what was submitted, as it was, without uploads the import cannot bring. */
export function importedSubmissionIssues(submission: ImportedSubmission): InputIssue[] {
  const issues: InputIssue[] = [];
  if (submission.status === 'DRAFT')
    issues.push({
      pointer: '/status',
      message: 'an import brings submitted reports: SUBMITTED, ACCEPTED or RETURNED',
    });
  if (submission.attachments?.length)
    issues.push({ pointer: '/attachments', message: 'attachments are uploaded, never imported' });
  const ids = new Set<string>();
  submission.entries.forEach((entry, index) => {
    const at = `/entries/${index}`;
    if (entry.attachments?.length)
      issues.push({
        pointer: `${at}/attachments`,
        message: 'attachments are uploaded, never imported',
      });
    if (entry.carriedForward)
      issues.push({
        pointer: `${at}/carriedForward`,
        message: 'an imported entry is as it was submitted',
      });
    if (entry.id !== undefined) {
      if (ids.has(entry.id))
        issues.push({ pointer: `${at}/id`, message: `${entry.id} is used twice` });
      ids.add(entry.id);
    }
  });
  return issues;
}

function duplicates<T>(
  elements: ReadonlyArray<Located<T>>,
  key: (value: T) => string,
  pointer: string,
  what: string,
  issues: ImportIssue[],
): void {
  const seen = new Map<string, IssueLocation>();
  for (const { value, at } of elements) {
    const id = key(value);
    const first = seen.get(id);
    if (first) {
      const where = first.line === undefined ? '' : ` (first at line ${first.line})`;
      issues.push({ ...at(pointer), message: `${what} ${id} comes twice in the import${where}` });
    } else seen.set(id, at(pointer));
  }
}
