/**
 * `npm run import -- FILE|FOLDER... [--table <name>] [--endpoint <url>]`: a bulk import (a JSON
 * bundle, or CSV files named for their kinds; a folder stands for the files in it), checked
 * whole, then written with a progress bar and a count per kind. Where it writes:
 *   - neither option: the running `npm start` (its DynamoDB Local and table);
 *   - `--endpoint`: DynamoDB Local at that URL (table `--table`, or gcm-follow-up);
 *   - `--table` alone: AWS, with the caller's credentials and region (as `npm run rollup`).
 * Interrupted, run it again: it resumes. Run again once finished, it writes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createImportDesk,
  formatIssue,
  IMPORT_KINDS,
  type ImportFile,
  type ImportProgressEvent,
  ImportRejectedError,
} from '#core';
import { LOCAL_AWS, readRuntimeFile } from '#local';
import { createDocumentClient, createRepositories } from '#store';

const USAGE =
  'usage: npm run import -- FILE|FOLDER... [--table <name>] [--endpoint <url>]\n' +
  '  without options, into the running npm start; --endpoint for DynamoDB Local; --table alone for AWS';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { table: { type: 'string' }, endpoint: { type: 'string' } },
});
if (positionals.length === 0) fail(USAGE);

const target = whereTo();
const files = positionals.flatMap(filesAt);
const client = createDocumentClient(target.config);
const desk = createImportDesk(createRepositories(client, target.table));
console.error(`Importing ${files.map((f) => f.name).join(', ')} into ${target.describe}`);
const started = performance.now();
try {
  const report = await desk.run(files, async () => {}, {
    by: `cli:${process.env.USER ?? 'unknown'}`,
    onProgress: progressBar(),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    report.status === 'ALREADY_IMPORTED'
      ? `\nImport ${report.importId} was finished before: nothing written. Its counts:`
      : `\nImport ${report.importId} ${report.resumed ? 'resumed and ' : ''}done in ${seconds.toFixed(1)} s.`,
  );
  const width = Math.max(...IMPORT_KINDS.map((k) => k.length));
  console.log(`  ${'kind'.padEnd(width)}  written  already there`);
  for (const kind of IMPORT_KINDS) {
    const { written, unchanged } = report.counts[kind];
    console.log(
      `  ${kind.padEnd(width)}  ${String(written).padStart(7)}  ${String(unchanged).padStart(13)}`,
    );
  }
  if (report.rollups.length > 0)
    console.log(`  Rollups recomputed for ${report.rollups.join(', ')}.`);
} catch (error) {
  if (!(error instanceof ImportRejectedError)) throw error;
  process.stderr.write('\n');
  for (const issue of error.importIssues) console.error(formatIssue(issue));
  console.error(`\n${error.importIssues.length} issue(s): nothing was written.`);
  process.exitCode = 1;
} finally {
  client.destroy();
}

function whereTo() {
  const table = values.table ?? 'gcm-follow-up';
  if (values.endpoint)
    return {
      table,
      config: { ...LOCAL_AWS, endpoint: values.endpoint },
      describe: `${table} at ${values.endpoint}`,
    };
  if (values.table) return { table, config: {}, describe: `${table} (AWS)` };
  const running = readRuntimeFile();
  if (!running)
    fail(`npm start is not running here: start it, or give --endpoint or --table.\n${USAGE}`);
  return {
    table: running.tableName,
    config: { ...LOCAL_AWS, endpoint: running.dynamoEndpoint },
    describe: `${running.tableName}, the running npm start (${running.dynamoEndpoint})`,
  };
}

/** A file, or the .json and .csv files of a folder. */
function filesAt(path: string): ImportFile[] {
  const names = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => /\.(json|csv)$/i.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  return names.map((name) => ({ name, text: readFileSync(name, 'utf8') }));
}

/** A bar on stderr, redrawn in place on a terminal; a line per phase otherwise. */
function progressBar() {
  const tty = process.stderr.isTTY === true;
  return (event: ImportProgressEvent) => {
    if (event.stage === 'checking') {
      process.stderr.write('Checking every row…\n');
      return;
    }
    const { phase, done, total } = event;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${phase.padEnd(11)} ${done}/${total}`;
    if (tty) process.stderr.write(`\r${bar}${done === total ? '\n' : ''}`);
    else if (done === total) process.stderr.write(`${bar}\n`);
  };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
