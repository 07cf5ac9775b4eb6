import { IMPORT_KINDS, type ImportKind } from './bundle.ts';
import type { ImportPhase } from './plan.ts';

/** Per kind: rows written, and rows found already there (skipped). */
export type ImportCounts = Record<ImportKind, { written: number; unchanged: number }>;

export function noCounts(): ImportCounts {
  return Object.fromEntries(
    IMPORT_KINDS.map((kind) => [kind, { written: 0, unchanged: 0 }]),
  ) as ImportCounts;
}

/**
 * An import's own record, under its id (a hash of what it imports): checkpointed after every
 * batch of every phase, so that a run after an interruption starts from the first batch not
 * recorded, and a finished import run again writes nothing.
 */
export interface ImportProgress {
  importId: string;
  status: 'RUNNING' | 'DONE';
  startedAt: string;
  finishedAt?: string | undefined;
  /** How many runs it took: more than one when it was resumed. */
  runs: number;
  files: string[];
  by: string;
  /** Per phase, how many batches are written. */
  batches: Partial<Record<ImportPhase, number>>;
  counts: ImportCounts;
}

/** What an import answers: its id, whether it wrote or had been done before, and its counts. */
export interface ImportReport {
  importId: string;
  status: 'IMPORTED' | 'ALREADY_IMPORTED';
  /** It resumed an earlier run that stopped before the end. */
  resumed: boolean;
  counts: ImportCounts;
  /** Closed cycles whose rollups were recomputed. */
  rollups: string[];
}

/** Where an import stands, for a progress bar. */
export type ImportProgressEvent =
  | { stage: 'checking' }
  | { stage: 'writing'; phase: ImportPhase; done: number; total: number };
