// What the rest of the project uses of the import: the desk, its entry points and its reports.
export { IMPORT_KINDS } from './bundle.ts';
export { checkImport } from './check.ts';
export { ImportDesk, importIdOf } from './import-desk.ts';
export { formatIssue, type ImportIssue, ImportRejectedError } from './issues.ts';
export { parseBundle } from './parse.ts';
export type { ImportedRespondent, ImportPhase, TableView } from './plan.ts';
export {
  type ImportCounts,
  type ImportProgress,
  type ImportProgressEvent,
  type ImportReport,
  noCounts,
} from './progress.ts';
export { readImportFiles } from './read.ts';
export type { ImportFile } from './sources.ts';
