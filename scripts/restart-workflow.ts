/**
 * `npm run restart-workflow -- --table <TableName> --state-machine <ReviewStateMachineArn> --cycle <id>`:
 * starts a fresh execution of a cycle's review workflow, under the next generation, after one
 * failed outright. Its tasks read where the round stands from the table, so nothing already sent
 * is sent again; the API's close and cancel then stop this execution. Runs with the deployer's
 * AWS credentials and region.
 */
import { parseArgs } from 'node:util';
import { SFNClient } from '@aws-sdk/client-sfn';
import { executionName, StepFunctionsEngine } from '#sfn';
import { createDocumentClient, createRepositories } from '#store';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    'state-machine': { type: 'string' },
    cycle: { type: 'string' },
  },
});
if (!values.table || !values['state-machine'] || !values.cycle) {
  console.error(
    'usage: npm run restart-workflow -- --table <TableName> --state-machine <ReviewStateMachineArn> --cycle <id>',
  );
  process.exit(2);
}
const { cycles, rounds } = createRepositories(createDocumentClient(), values.table);
const cycle = await cycles.get(values.cycle);
if (cycle?.status !== 'OPEN' && !(await cycles.pendingEvents(values.cycle)).length) {
  console.error(`${values.cycle} is ${cycle?.status ?? 'not a cycle'}: it has no round to run.`);
  process.exit(1);
}
const run = { cycleId: values.cycle, generation: await rounds.nextGeneration(values.cycle) };
await new StepFunctionsEngine(new SFNClient(), values['state-machine']).start(run);
console.log(`started ${executionName(run)}`);
