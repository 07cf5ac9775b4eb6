/** All time comes from one clock: the real one, or a scaled one for accelerated demonstrations. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
