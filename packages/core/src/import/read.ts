import { readCsvFiles } from './csv.ts';
import type { ImportIssue } from './issues.ts';
import { emptyRawBundle, type ImportFile, type RawBundle, readJsonBundle } from './sources.ts';

/** Reads an import's files: one JSON bundle, or CSV files named for their kinds. */
export function readImportFiles(files: readonly ImportFile[]): {
  raw: RawBundle;
  issues: ImportIssue[];
} {
  const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const csv = files.filter((f) => f.name.toLowerCase().endsWith('.csv'));
  const issues: ImportIssue[] = files
    .filter((f) => !json.includes(f) && !csv.includes(f))
    .map((f) => ({ file: f.name, message: 'an import reads .json bundles and .csv files' }));
  if (files.length === 0) issues.push({ file: '-', message: 'an import needs a file' });
  if (json.length > 1 || (json.length === 1 && csv.length > 0)) {
    for (const file of [...json, ...csv].slice(1))
      issues.push({
        file: file.name,
        message: 'an import is one JSON bundle, or CSV files: not both, nor two bundles',
      });
    return { raw: emptyRawBundle(), issues };
  }
  const read = json[0] ? readJsonBundle(json[0]) : readCsvFiles(csv);
  return { raw: read.raw, issues: [...issues, ...read.issues] };
}
