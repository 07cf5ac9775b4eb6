/**
 * `npm start`: the whole system on this machine. Data persists in .local/dynamodb unless
 * `--in-memory` (or IN_MEMORY=1) is given; the API listens on PORT (default 3000). TIME_SCALE
 * speeds up the clock the API and the review workflow share (86400: a day every second).
 */
import { parseArgs } from 'node:util';
import {
  MissingPrerequisiteError,
  removeRuntimeFile,
  startLocalRuntime,
  writeRuntimeFile,
} from '#local';

const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: process.env.IN_MEMORY === '1' },
    'data-dir': { type: 'string', default: '.local/dynamodb' },
  },
});
const port = Number(process.env.PORT ?? 3000);
const timeScale = process.env.TIME_SCALE === undefined ? undefined : Number(process.env.TIME_SCALE);
if (timeScale !== undefined && !(timeScale > 0)) {
  console.error(
    `TIME_SCALE must be a positive number (86400: a day every second), not "${process.env.TIME_SCALE}"`,
  );
  process.exit(1);
}
const started = performance.now();
const starting = startLocalRuntime({
  port,
  dataDir: values['in-memory'] ? undefined : values['data-dir'],
  timeScale,
});

// Ctrl-C at any moment, during start-up too, stops everything started so far.
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await starting.then((runtime) => runtime.stop()).catch(() => {});
  removeRuntimeFile();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  const runtime = await starting;
  // Where the command-line tools (npm run import) find this run's DynamoDB Local.
  const { apiUrl, dynamoEndpoint, tableName } = runtime;
  writeRuntimeFile({ pid: process.pid, apiUrl, dynamoEndpoint, tableName });
  const { entitiesCreated, entitiesKept, frameworksWritten, frameworksKept } =
    runtime.referenceData;
  console.log(`
GCM follow-up tracker is running (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)

  API            ${runtime.apiUrl}
  API reference  ${runtime.apiUrl}/reference
  OpenAPI        ${runtime.apiUrl}/openapi.json
  Health         ${runtime.apiUrl}/health
  DynamoDB Local ${runtime.dynamoEndpoint} (table ${runtime.tableName}, ${values['in-memory'] ? 'in memory' : `data in ${values['data-dir']}`})

  Reference data: ${entitiesCreated} entities created, ${entitiesKept} already there; ${frameworksWritten} frameworks written, ${frameworksKept} unchanged.
  Review workflow: the local Step Functions engine, ${runtime.resumed.length} open cycle(s) resumed${runtime.resumed.length ? ` (${runtime.resumed.join(', ')})` : ''}.
  Clock: ${timeScale ? `accelerated ${timeScale}x (a day every ${(86_400 / timeScale).toFixed(2)} s)` : 'real time'}.

  Sign in (development tokens; see the README for a walk through):
       TOKEN=$(curl -s -X POST ${runtime.apiUrl}/dev/token -H 'content-type: application/json' \\
         -d '{"sub":"admin","role":"ADMIN"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
       curl -H "authorization: Bearer $TOKEN" ${runtime.apiUrl}/v1/frameworks

Press Ctrl-C to stop.`);
} catch (error) {
  console.error(error instanceof MissingPrerequisiteError ? `\n${error.message}\n` : error);
  process.exit(1);
}
