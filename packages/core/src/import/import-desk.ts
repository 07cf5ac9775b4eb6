import type { Guard } from '../access/guard.ts';
import { canonical } from '../canonical.ts';
import type { Clock } from '../clock.ts';
import type { Respondent } from '../cycle.ts';
import { ForbiddenError } from '../errors.ts';
import { everyEntity } from '../paging.ts';
import type {
  CommitmentRepository,
  ContactRepository,
  CycleRepository,
  EntityRepository,
  FrameworkRepository,
  ImportRepository,
  SubmissionRepository,
} from '../ports.ts';
import type { RollupDesk } from '../rollup-desk.ts';
import type { Submission } from '../submission.ts';
import { checkImport, inFileOrder, lookupsOf } from './check.ts';
import { ImportRejectedError } from './issues.ts';
import { inParallel } from './parallel.ts';
import { type ParsedBundle, parseBundle } from './parse.ts';
import type { TableView } from './plan.ts';
import type { ImportProgressEvent, ImportReport } from './progress.ts';
import { readImportFiles } from './read.ts';
import type { ImportFile } from './sources.ts';
import { ImportWriter } from './writer.ts';

export interface ImportDeskDeps {
  entities: EntityRepository;
  frameworks: FrameworkRepository;
  commitments: CommitmentRepository;
  contacts: ContactRepository;
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  imports: ImportRepository;
  rollups: Pick<RollupDesk, 'recompute'>;
  clock: Clock;
}

/**
 * Bulk imports: a secretariat's spreadsheets, or a JSON bundle, brought in whole or not at all.
 * The files are checked first, against themselves and against the table, and every issue is
 * reported; only a clean import is written, under an id that is a hash of what it holds, with
 * conditional writes and a checkpoint per batch: run again after an interruption, it resumes;
 * run again after it finished, it writes nothing. It never starts a review workflow.
 */
export class ImportDesk {
  readonly #deps: ImportDeskDeps;

  constructor(deps: ImportDeskDeps) {
    this.#deps = deps;
  }

  /** Checks and writes an import; ImportRejectedError (400) lists every issue and nothing is written. */
  async run(
    files: readonly ImportFile[],
    guard: Guard,
    options: { by?: string; onProgress?: (event: ImportProgressEvent) => void } = {},
  ): Promise<ImportReport> {
    const { by = 'import', onProgress = () => {} } = options;
    onProgress({ stage: 'checking' });
    const names = files.map((f) => f.name);
    const read = readImportFiles(files);
    const { parsed, issues: shapeIssues } = parseBundle(read.raw);
    const issues = [...read.issues, ...shapeIssues];
    try {
      await guard({});
    } catch (error) {
      // 400 before 403: the file's own problems are named to anyone who sends one.
      if (error instanceof ForbiddenError && issues.length > 0)
        throw new ImportRejectedError(inFileOrder(issues, names));
      throw error;
    }
    const importId = await importIdOf(parsed);
    const progress = issues.length === 0 ? await this.#deps.imports.progress(importId) : undefined;
    if (progress?.status === 'DONE') {
      return {
        importId,
        status: 'ALREADY_IMPORTED',
        resumed: false,
        counts: progress.counts,
        rollups: [],
      };
    }
    // The rest of the file is checked against the table even when its shape had issues: every
    // bad row is reported at once.
    const plan = checkImport(parsed, await this.#view(parsed), importId, issues);
    if (issues.length > 0) throw new ImportRejectedError(inFileOrder(issues, names));
    return new ImportWriter(this.#deps, importId, onProgress).write(plan, {
      at: this.#deps.clock.now().toISOString(),
      files: names,
      by,
    });
  }

  /** What the table holds of everything the import names. */
  async #view(parsed: ParsedBundle): Promise<TableView> {
    const { entities, frameworks, commitments, cycles, contacts, submissions, clock } = this.#deps;
    const ids = lookupsOf(parsed);
    const [all, frameworkList, commitmentList, cycleList, contactLists] = await Promise.all([
      everyEntity(entities),
      frameworks.list(),
      commitments.getMany(ids.commitments),
      inParallel(ids.cycles, (id) => cycles.get(id)),
      contacts.getMany(ids.contacts),
    ]);
    const storedCycles = new Set(cycleList.flatMap((c) => (c ? [c.id] : [])));
    // Only the import's own cycles that exist already can hold its respondents and reports.
    const ownCycles = parsed.cycles.map((c) => c.value.id).filter((id) => storedCycles.has(id));
    const respondentLists = await inParallel(
      ownCycles,
      async (id): Promise<[string, Map<string, Respondent>]> => [
        id,
        new Map((await cycles.respondents(id)).map((r) => [r.entityId, r])),
      ],
    );
    const storedSubmissions = await submissions.getMany(
      ids.submissions.filter((s) => ownCycles.includes(s.cycleId)),
    );
    return {
      entities: new Map(all.map((e) => [e.id, e])),
      frameworks: frameworkList,
      commitments: new Map(commitmentList.map((c) => [c.id, c])),
      cycles: new Map(cycleList.flatMap((c) => (c ? [[c.id, c]] : []))),
      contacts: contactLists,
      respondents: new Map(respondentLists),
      submissions: new Map(
        storedSubmissions.map((s): [string, Submission] => [`${s.cycleId}|${s.entityId}`, s]),
      ),
      now: clock.now(),
    };
  }
}

/**
 * The import's id: a hash of what it holds once read and normalised, so that the same rows give
 * the same id however often, and from whichever files, they are imported.
 */
export async function importIdOf(parsed: ParsedBundle): Promise<string> {
  const content = canonical(
    Object.fromEntries(
      Object.entries(parsed).map(([kind, elements]) => [
        kind,
        (elements as Array<{ value: unknown }>).map((e) => e.value),
      ]),
    ),
  );
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `I-${hex.slice(0, 24).toUpperCase()}`;
}
