import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '#core';
import { type DemoResult, runDemo } from '#local';

/**
 * `npm run demo` end to end: its own runtime, the real local engine running the deployed ASL, a
 * clock where a day passes every two seconds (twice the demo's margin, for a loaded test machine).
 */
let output: string;
let demo: DemoResult;
beforeAll(async () => {
  output = await mkdtemp(join(tmpdir(), 'gcm-demo-'));
  demo = await runDemo({ outputDir: output, timeScale: 43_200 });
}, 120_000);
afterAll(() => rm(output, { recursive: true, force: true }));

const about = (notices: Notice[], entityId: string) =>
  notices.filter((n) => n.entityIds.includes(entityId));

describe('the demo round', () => {
  it('closes by itself with the counts of what happened', () => {
    expect(demo.counts).toEqual({
      asked: 5,
      responded: 3,
      onTime: 2,
      late: 1,
      missing: 2,
      returned: 0,
      accepted: 0,
    });
  });

  it('never reminds the state that submitted before the first reminder', () => {
    expect(about(demo.notices, 'FRA').map((n) => n.kind)).toEqual([
      'OPENED',
      'OPENED',
      'CLOSED',
      'CLOSED',
    ]);
  });

  it('reminds the late state twice, then stops once it has submitted', () => {
    expect(about(demo.notices, 'DEU').map((n) => n.kind)).toEqual([
      'OPENED',
      'REMINDER',
      'REMINDER',
      'CLOSED',
    ]);
  });

  it('escalates the returned submission, and reminds it, until it is resubmitted', () => {
    const ita = about(demo.notices, 'ITA');
    // The reminder (day 5) and the escalation (day 3 + 2) fall on the same day: either may come first.
    expect(ita.map((n) => n.kind).sort()).toEqual([
      'CLOSED',
      'ESCALATION',
      'OPENED',
      'REMINDER',
      'RETURNED',
    ]);
    const escalation = ita.find((n) => n.kind === 'ESCALATION');
    expect(escalation?.body).toContain('ITA: submission returned on');
  });

  it('climbs the ladder for the silent ones, one digest to the organiser each time', () => {
    const ladder = demo.notices.filter(
      (n) => n.kind === 'ESCALATION' && n.entityIds.includes('HUN'),
    );
    expect(ladder.map((n) => [n.to, n.entityIds])).toEqual([
      ['secretariat@example.org', ['AUT', 'HUN']],
      ['secretariat@example.org', ['AUT', 'HUN']],
    ]);
    expect(ladder[1]?.body).toContain('Overdue now (2): AUT, HUN');
    const report = demo.notices.find((n) => n.kind === 'CLOSING_REPORT');
    expect(report?.subject).toBe('Budapest Process review (demo) closed: 3 of 5 reported');
  });

  it('rolls up by process, by region and globally, in agreement with the respondents list', () => {
    const submitted = demo.respondents.filter((r) => r.submittedAt !== null).map((r) => r.entityId);
    const missing = demo.respondents.filter((r) => r.missing).map((r) => r.entityId);
    expect(submitted.sort()).toEqual(['DEU', 'FRA', 'ITA']);
    expect(missing.sort()).toEqual(['AUT', 'HUN']);
    for (const scope of ['global', 'region:EUROPE']) {
      expect(demo.rollups[scope]).toMatchObject({
        asked: demo.respondents.length,
        responded: submitted.length,
        missing: missing.length,
      });
    }
    // The Budapest Process's members: France, Germany, Hungary, Austria (not Italy).
    expect(demo.rollups['members:BUDAPEST']).toMatchObject({ asked: 4, responded: 2, missing: 2 });
    expect(demo.rollups.global?.recommendations).toEqual({ '1': 1, '12': 1, '18': 1, '21': 2 });
  });

  it("runs the series' next cycle: pre-filled from the first, a ministry's part merged, the diff", () => {
    const next = demo.nextCycle;
    expect(next).toMatchObject({ cycleId: 'DEMO-ROUND-2', previousCycleId: 'DEMO-ROUND' });
    const [carried, merged] = next.entries;
    expect(carried).toMatchObject({ type: 'RECOMMENDATION' });
    expect(carried?.carriedForward).toBeUndefined();
    expect(merged).toMatchObject({ type: 'GOOD_PRACTICE', fromContribution: 'MOI' });
    expect(next.diff).toEqual({
      previousCycleId: 'DEMO-ROUND',
      added: [merged?.id],
      removed: [],
      changed: [{ id: carried?.id, fields: ['text'] }],
      unchanged: 0,
    });
  });

  it('never sends a notice twice, and writes its output', async () => {
    const ids = demo.notices.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(demo.stateTransitions).toBeGreaterThan(10);
    const readme = await readFile(join(output, 'README.md'), 'utf8');
    expect(readme).toContain('| 5 | 3 | 2 | 1 | 2 | 0 | 0 |');
    expect(readme).toContain('It follows DEMO-ROUND.');
    expect(JSON.parse(await readFile(join(output, 'outbox.json'), 'utf8'))).toHaveLength(
      demo.notices.length,
    );
  });
});
