/**
 * `npm run rollup -- --cycle <id> [--cycle <id> …] [--table <name>] [--endpoint <url>]`:
 * recomputes every rollup of the cycles (all at once) from their respondents and submitted versions. Against AWS with the caller's
 * credentials and region; with --endpoint, against DynamoDB Local (`npm start` prints its URL).
 */
import { parseArgs } from 'node:util';
import { createRollupDesk } from '#core';
import { LOCAL_AWS } from '#local';
import { createDocumentClient, createRepositories } from '#store';

const { values } = parseArgs({
  options: {
    cycle: { type: 'string', multiple: true },
    table: { type: 'string', default: 'gcm-follow-up' },
    endpoint: { type: 'string' },
  },
});
const cycles = values.cycle ?? [];
if (cycles.length === 0) {
  console.error(
    'usage: npm run rollup -- --cycle <id> [--cycle <id> …] [--table <name>] [--endpoint <url>]',
  );
  process.exit(2);
}
const client = createDocumentClient(
  values.endpoint ? { ...LOCAL_AWS, endpoint: values.endpoint } : {},
);
const desk = createRollupDesk(createRepositories(client, values.table));
const started = performance.now();
// Each cycle holds its own lease: several recompute side by side.
const scopes = await Promise.all(cycles.map((cycle) => desk.recompute(cycle)));
client.destroy();
const ms = Math.round(performance.now() - started);
cycles.forEach((cycle, index) => {
  console.log(
    scopes[index]
      ? `${cycle}: ${scopes[index]} scopes recomputed`
      : `${cycle}: no such cycle in ${values.table}, or nobody was asked`,
  );
});
console.log(`done in ${ms} ms`);
if (scopes.includes(0)) process.exit(1);
