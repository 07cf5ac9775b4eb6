import { shortHash } from '../canonical.ts';
import type { Commitment } from '../commitment.ts';
import {
  type Cycle,
  closingCounts,
  cycleReferenceIssues,
  dueDateOf,
  dueDatesOf,
  newRespondent,
  type Respondent,
  snapshotRespondents,
} from '../cycle.ts';
import type { Entity } from '../entity.ts';
import { entryRules } from '../entry-checker.ts';
import type { Entry, Submission, SubmittedVersion } from '../submission.ts';
import type { ImportedCycle, ImportedSubmission } from './bundle.ts';
import { conflictMessage, cycleDifferences, submissionDifferences } from './compare.ts';
import { type ImportIssue, type Report, reporterOf } from './issues.ts';
import type { Located, ParsedBundle } from './parse.ts';
import type { ImportedRespondent, ImportPlan, Planned, TableView } from './plan.ts';

/**
 * Cycles, their respondents and their submissions, checked against the table and the rest of the
 * import. A closed cycle is rebuilt as its close left it: respondents with the snapshot of their
 * regions and memberships, reports with their historical dates, closing counts.
 */
export function checkCycles(
  parsed: ParsedBundle,
  view: TableView,
  known: { entities: ReadonlyMap<string, Entity>; commitments: ReadonlyMap<string, Commitment> },
  importId: string,
  issues: ImportIssue[],
): Pick<ImportPlan, 'cycles' | 'respondents' | 'submissions' | 'rollups'> {
  const report = reporterOf(issues);
  const inImport = new Map(parsed.cycles.map((c) => [c.value.id, c.value]));
  for (const cycle of parsed.cycles) checkReferences(cycle, view, known.entities, inImport, report);
  const reports = checkSubmissions(parsed, view, known, inImport, importId, issues);

  const entityList = [...known.entities.values()];
  const plan: Pick<ImportPlan, 'cycles' | 'respondents' | 'submissions' | 'rollups'> = {
    cycles: [],
    respondents: [],
    submissions: [],
    rollups: [],
  };
  for (const { value, at } of parsed.cycles) {
    const { closedAt, extensions, status, ...input } = value;
    let cycle: Cycle = { ...input, status, version: 1 };
    const stored = view.cycles.get(value.id);
    if (status === 'CLOSED' || status === 'PUBLISHED') {
      const storedRespondents = view.respondents.get(value.id);
      const records = snapshotRespondents(value.respondents ?? [], entityList).map(
        (snapshot): Planned<ImportedRespondent> => {
          const sent = reports.get(`${value.id}|${snapshot.entityId}`);
          const respondent = respondentAtClose(value.id, snapshot, extensions, sent);
          return {
            item: {
              respondent,
              missing: !sent,
              submission: sent?.submission,
              version: sent?.version,
            },
            exists: storedRespondents?.has(snapshot.entityId) === true,
          };
        },
      );
      const closed = closedAt ?? defaultClose(value, records);
      if (Date.parse(closed) > view.now.getTime())
        report(
          at,
          '/closedAt',
          `a closed cycle closed in the past; this one would close on ${closed}`,
        );
      cycle = {
        ...cycle,
        openedAt: value.opensAt,
        closedAt: closed,
        closingCounts: closingCounts(
          records.map((r) => r.item.respondent),
          value.dueAt,
        ),
      };
      plan.respondents.push(...records.filter((r) => r.item.missing));
      plan.submissions.push(...records.filter((r) => !r.item.missing));
      plan.rollups.push(value.id);
    }
    if (stored) {
      const fields = cycleDifferences(stored, cycle);
      if (fields.length > 0) report(at, '/id', conflictMessage(`cycle ${value.id}`, fields));
    }
    plan.cycles.push({ item: cycle, exists: stored !== undefined });
  }
  return plan;
}

function checkReferences(
  { value: cycle, at }: Located<ImportedCycle>,
  view: TableView,
  entities: ReadonlyMap<string, Entity>,
  inImport: ReadonlyMap<string, ImportedCycle>,
  report: Report,
): void {
  const issues = cycleReferenceIssues(cycle, {
    entity: (id) => entities.get(id),
    cycleExists: (id) => inImport.has(id) || view.cycles.has(id),
    frameworkExists: (id) => view.frameworks.some((f) => f.id === id),
  });
  for (const issue of issues) report(at, issue.pointer, issue.message);
  // An import's own rule: a body's answer to its own cycle is no answer.
  cycle.respondents?.forEach((id, index) => {
    if (id === cycle.organiser)
      report(at, `/respondents/${index}`, 'the organiser never answers its own cycle');
  });
}

/** What a respondent sent: its submission, and the one version it is written as. */
interface SentReport {
  submission: Submission;
  version: SubmittedVersion;
}

/** Each valid report, by `cycleId|entityId`, as the submission and the one version it is written as. */
function checkSubmissions(
  parsed: ParsedBundle,
  view: TableView,
  known: { commitments: ReadonlyMap<string, Commitment> },
  inImport: ReadonlyMap<string, ImportedCycle>,
  importId: string,
  issues: ImportIssue[],
): Map<string, SentReport> {
  const report = reporterOf(issues);
  const reports = new Map<string, SentReport>();
  for (const { value, at } of parsed.submissions) {
    const cycle = inImport.get(value.cycleId);
    if (!cycle) {
      report(
        at,
        '/cycleId',
        view.cycles.has(value.cycleId)
          ? `submissions come with their cycle, in the same import; ${value.cycleId} is in the table already`
          : `there is no cycle ${value.cycleId} in the import`,
      );
      continue;
    }
    const before = issues.length;
    if (cycle.status !== 'CLOSED' && cycle.status !== 'PUBLISHED')
      report(
        at,
        '/cycleId',
        `${value.cycleId} is ${cycle.status}: an import brings the reports of closed cycles`,
      );
    if (!cycle.respondents?.includes(value.entityId))
      report(at, '/entityId', `${value.entityId} is not a respondent of ${value.cycleId}`);
    const end = cycle.closedAt ?? cycle.locksAt;
    const submitted = Date.parse(value.submittedAt);
    if (
      submitted < Date.parse(cycle.opensAt) ||
      (end !== null && end !== undefined && submitted > Date.parse(end))
    )
      report(
        at,
        '/submittedAt',
        `is outside the cycle, which ran from ${cycle.opensAt} to ${end ?? 'its close'}`,
      );
    else if (submitted > view.now.getTime()) report(at, '/submittedAt', 'is in the future');
    const framework = view.frameworks.find((f) => f.id === cycle.frameworkId);
    // An entry's content rules, as any write of it is checked (EntryChecker's).
    const entries = value.entries.map((entry, index) => {
      const rules = entryRules(entry, index, value.entityId, framework, known.commitments);
      for (const issue of rules.issues) report(at, issue.pointer, issue.message);
      return { ...entry, tags: rules.tags } as Entry;
    });
    if (issues.length > before) continue;
    const built = buildReport(value, cycle, entries, importId);
    const stored = view.submissions.get(`${value.cycleId}|${value.entityId}`);
    if (stored) {
      const fields = submissionDifferences(stored, built.submission);
      if (fields.length > 0)
        report(
          at,
          '/entityId',
          conflictMessage(`the submission of ${value.entityId} to ${value.cycleId}`, fields),
        );
    }
    reports.set(`${value.cycleId}|${value.entityId}`, built);
  }
  return reports;
}

/** The submission as the close left it, and its one submitted version, with stable entry ids. */
function buildReport(
  value: ImportedSubmission,
  cycle: ImportedCycle,
  entries: Entry[],
  importId: string,
): SentReport {
  const { cycleId, entityId, status, submittedAt, ...content } = value;
  const withIds = entries.map((entry, index) => ({
    ...entry,
    id: entry.id ?? `E-${shortHash(`${cycleId}|${entityId}|${index}`).slice(0, 10)}`,
  })) as Submission['entries'];
  const dueAt = dueDateOf({ dueAt: cycle.extensions[entityId] ?? null }, cycle);
  const by = `import:${importId}`;
  const review =
    status === 'ACCEPTED' || status === 'RETURNED'
      ? {
          asEntityId: cycle.organiser,
          decision: status === 'ACCEPTED' ? ('ACCEPT' as const) : ('RETURN' as const),
          by,
          at: submittedAt,
        }
      : undefined;
  return {
    submission: {
      ...content,
      cycleId,
      entityId,
      entries: withIds,
      status,
      reviews: [],
      review,
      submittedVersions: 1,
      version: 1,
    },
    version: {
      cycleId,
      entityId,
      number: 1,
      submittedAt,
      submittedBy: by,
      late: Date.parse(submittedAt) > Date.parse(dueAt),
      content: { ...content, entries: withIds },
    },
  };
}

function respondentAtClose(
  cycleId: string,
  snapshot: ReturnType<typeof snapshotRespondents>[number],
  extensions: Record<string, string>,
  sent: SentReport | undefined,
): Respondent {
  const at = sent?.version.submittedAt ?? null;
  return {
    ...newRespondent(cycleId, snapshot),
    status: sent?.submission.status ?? 'NOT_STARTED',
    dueAt: extensions[snapshot.entityId] ?? null,
    firstSubmittedAt: at,
    submittedAt: at,
    lastEditedAt: at,
  };
}

/** Without a closing date: the lock date, or the latest due date or report, whichever is last. */
function defaultClose(
  cycle: ImportedCycle,
  records: ReadonlyArray<Planned<ImportedRespondent>>,
): string {
  if (cycle.locksAt) return cycle.locksAt;
  const times = [
    ...dueDatesOf(
      cycle,
      records.map(({ item }) => item.respondent),
    ).map((due) => Date.parse(due)),
    ...records.flatMap(({ item }) => (item.version ? [Date.parse(item.version.submittedAt)] : [])),
  ];
  return new Date(Math.max(...times)).toISOString();
}
