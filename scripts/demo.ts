/**
 * `npm run demo`: an accelerated reporting round on its own in-memory runtime (free ports, so a
 * running `npm start` is never disturbed). Writes demo-output/ (cleared first).
 */
import { MissingPrerequisiteError, runDemo } from '#local';

try {
  console.log('Running an accelerated review cycle: one day of the cycle passes every second.\n');
  const result = await runDemo({ outputDir: 'demo-output', log: (line) => console.log(line) });
  const c = result.counts;
  console.log(`
Closed. Asked ${c.asked}, responded ${c.responded} (on time ${c.onTime}, late ${c.late}), missing ${c.missing}, returned ${c.returned}, accepted ${c.accepted}.
${result.notices.length} notices in the outbox; the workflow entered ${result.stateTransitions} states; ${result.wallSeconds} s.
Written to demo-output/README.md, outbox.json and summary.json.`);
} catch (error) {
  console.error(error instanceof MissingPrerequisiteError ? `\n${error.message}\n` : error);
  process.exit(1);
}
