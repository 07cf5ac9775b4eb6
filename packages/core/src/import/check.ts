import { checkCycles } from './check-cycles.ts';
import { checkRegistry } from './check-registry.ts';
import type { ImportIssue } from './issues.ts';
import type { ParsedBundle } from './parse.ts';
import type { ImportPlan, TableView } from './plan.ts';

/**
 * Checks a parsed import against what the table holds (references between kinds, conflicts with
 * what is stored) and plans its writes. Issues are added to `issues`; the plan is only written
 * when there are none.
 */
export function checkImport(
  parsed: ParsedBundle,
  view: TableView,
  importId: string,
  issues: ImportIssue[],
): ImportPlan {
  const registry = checkRegistry(parsed, view, issues);
  const cycles = checkCycles(parsed, view, registry, importId, issues);
  return { ...registry.plan, ...cycles };
}

/** The ids an import names, whose stored state the checks need: read them before checking. */
export function lookupsOf(parsed: ParsedBundle) {
  const unique = (ids: Array<string | null | undefined>) => [
    ...new Set(ids.filter((id): id is string => typeof id === 'string')),
  ];
  return {
    commitments: unique([
      ...parsed.commitments.map((c) => c.value.id),
      ...parsed.submissions.flatMap((s) =>
        s.value.entries.map((e) => (e.type === 'COMMITMENT_PROGRESS' ? e.commitmentId : null)),
      ),
    ]),
    cycles: unique(parsed.cycles.flatMap((c) => [c.value.id, c.value.previousCycleId])),
    contacts: unique(parsed.contacts.map((c) => c.value.entityId)),
    submissions: parsed.submissions.map((s) => ({
      cycleId: s.value.cycleId,
      entityId: s.value.entityId,
    })),
  };
}

/** Issues in the order a reader goes through the files (as given), then by line. */
export function inFileOrder(
  issues: readonly ImportIssue[],
  files: readonly string[],
): ImportIssue[] {
  const order = [...new Set([...files, ...issues.map((issue) => issue.file)])];
  return [...issues].sort(
    (a, b) => order.indexOf(a.file) - order.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
}
