/**
 * `npm run rollup -- --cycle <id> [--table <name>] [--endpoint <url>]`: recomputes every rollup
 * of a cycle from its respondents and submitted versions. Against AWS with the caller's
 * credentials and region; with --endpoint, against DynamoDB Local (`npm start` prints its URL).
 */
import { parseArgs } from 'node:util';
import { createRollupDesk } from '#core';
import { LOCAL_AWS } from '#local';
import { createDocumentClient, createRepositories } from '#store';

const { values } = parseArgs({
  options: {
    cycle: { type: 'string' },
    table: { type: 'string', default: 'gcm-follow-up' },
    endpoint: { type: 'string' },
  },
});
if (!values.cycle) {
  console.error('usage: npm run rollup -- --cycle <id> [--table <name>] [--endpoint <url>]');
  process.exit(2);
}
const client = createDocumentClient(
  values.endpoint ? { ...LOCAL_AWS, endpoint: values.endpoint } : {},
);
const started = performance.now();
const scopes = await createRollupDesk(createRepositories(client, values.table)).recompute(
  values.cycle,
);
client.destroy();
if (scopes === 0) {
  console.error(`${values.cycle}: no such cycle in ${values.table}, or nobody was asked`);
  process.exit(1);
}
console.log(
  `${values.cycle}: ${scopes} scopes recomputed in ${Math.round(performance.now() - started)} ms`,
);
