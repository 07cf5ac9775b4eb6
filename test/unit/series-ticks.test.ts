import { describe, expect, it } from 'vitest';
import { scaledClock } from '#core';
import { startSeriesTicks } from '#local';

describe('the local series tick', () => {
  it('ticks at start, then at each midnight of the clock, and stops cleanly', async () => {
    // A day a second, as `npm run demo` and TIME_SCALE=86400 run.
    const clock = scaledClock(86_400);
    const ticks: Date[] = [];
    const errors: unknown[] = [];
    const running = startSeriesTicks(
      {
        tick: async () => {
          ticks.push(clock.now());
          if (ticks.length === 2) throw new Error('the table is away');
          return { created: [], opened: [], blocked: [], failed: [] };
        },
      },
      clock,
      { onError: (error) => errors.push(error) },
    );
    // Three ticks take about two seconds; a loaded machine may be slower, so wait for them.
    for (let waited = 0; ticks.length < 3 && waited < 15_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await running.stop();
    const count = ticks.length;
    expect(count).toBeGreaterThanOrEqual(3);
    // One tick a day of the clock: never two on the same day.
    const days = ticks.map((at) => at.toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    // A failed tick is reported and the next still comes.
    expect(errors).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(ticks).toHaveLength(count);
  });

  it('does not tick again when its timer fires before the clock reaches midnight', async () => {
    // A timer may fire a little early by the clock; here the clock stands still until told.
    let now = new Date('2026-03-01T23:59:59.000Z');
    const clock = { now: () => now, scale: 86_400 };
    const days: string[] = [];
    const running = startSeriesTicks(
      {
        tick: async () => {
          days.push(clock.now().toISOString().slice(0, 10));
          return { created: [], opened: [], blocked: [], failed: [] };
        },
      },
      clock,
      { onError: (error) => expect.fail(String(error)) },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(days).toEqual(['2026-03-01']);
    now = new Date('2026-03-02T00:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await running.stop();
    expect(days).toEqual(['2026-03-01', '2026-03-02']);
  });
});
