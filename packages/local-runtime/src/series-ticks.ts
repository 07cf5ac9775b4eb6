import { type Clock, realMsUntil, type SeriesDesk, type TickReport } from '#core';

/**
 * The series' daily tick, locally: once at start, then at each midnight (UTC) of the runtime's
 * clock, so that an accelerated clock ticks as often as its days pass. In AWS an EventBridge
 * Scheduler schedule does this.
 */
export function startSeriesTicks(
  desk: Pick<SeriesDesk, 'tick'>,
  clock: Clock,
  handlers: { onTick?: (report: TickReport) => void; onError: (error: unknown) => void },
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    const now = clock.now();
    const midnight = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    );
    waitFor(midnight);
  };
  // Node may fire a timer a millisecond early, and at a day a second a millisecond is 86 seconds
  // of the clock: it would tick again on the day it already ticked. So wait out any remainder.
  const waitFor = (midnight: Date) => {
    // In real milliseconds, not whole seconds: at a day a second, a second is a whole day.
    timer = setTimeout(
      () => {
        if (clock.now() < midnight) waitFor(midnight);
        else run();
      },
      Math.ceil(realMsUntil(clock, midnight)),
    );
  };
  const run = () => {
    running = desk
      .tick()
      .then((report) => handlers.onTick?.(report), handlers.onError)
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
