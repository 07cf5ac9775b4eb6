/** All time comes from one clock: the real one, or a scaled one for accelerated demonstrations. */
export interface Clock {
  now(): Date;
  /** Simulated milliseconds per real millisecond; absent or 1 for a real clock. */
  readonly scale?: number | undefined;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at the real time and runs `scale` times faster: with 86400, a day passes
 * every second. The API and the review workflow share one, so an accelerated cycle is consistent.
 */
export function scaledClock(scale: number, origin: Date = new Date()): Clock {
  if (!(scale > 0)) throw new Error(`a clock scale must be positive, not ${scale}`);
  const realStart = Date.now();
  return {
    scale,
    now: () => new Date(origin.getTime() + (Date.now() - realStart) * scale),
  };
}

/** Whole real seconds until `clock` shows `instant` (0 when it has passed), for a timer to wait. */
export function realSecondsUntil(clock: Clock, instant: Date): number {
  return Math.ceil(realMsUntil(clock, instant) / 1000);
}

/** Real milliseconds until `clock` shows `instant` (0 when it has passed): at a day a second, a second is a day. */
export function realMsUntil(clock: Clock, instant: Date): number {
  const simulatedMs = instant.getTime() - clock.now().getTime();
  return simulatedMs <= 0 ? 0 : simulatedMs / (clock.scale ?? 1);
}
