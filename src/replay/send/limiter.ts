/**
 * Rate control with an injected clock (tests never sleep). Each limiter answers "how long must
 * this request wait" and books its cost at once, so concurrent workers share one budget.
 */
import type { Rate } from './rate.js';

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
}

export const systemClock: Clock = { now: () => performance.now() };

export interface Cost {
  items: number;
  bytes: number;
}

export interface Limiter {
  /** Books `cost` and returns the milliseconds to wait before sending it. */
  reserve(cost: Cost): number;
}

const costIn = (rate: Rate, cost: Cost) => (rate.unit === 'items' ? cost.items : cost.bytes);

/**
 * Steady pacing: a token bucket that may go into debt. It holds at most `capacity` tokens, and
 * never less than the largest request seen, so the burst is always at least one batch. It starts
 * with `initial` tokens (a bucket that starts empty but may fill lets a sender that stalled catch
 * up to the rate without a burst at the start).
 */
export function tokenBucket(rate: Rate, clock: Clock, capacity = 0, initial = capacity): Limiter {
  let size = capacity;
  let tokens = initial;
  let last = clock.now();
  return {
    reserve(cost) {
      const amount = costIn(rate, cost);
      const now = clock.now();
      if (amount > size) {
        tokens += amount - size;
        size = amount;
      }
      tokens = Math.min(size, tokens + ((now - last) / 1000) * rate.perSecond);
      last = now;
      tokens -= amount;
      return tokens >= 0 ? 0 : (-tokens / rate.perSecond) * 1000;
    },
  };
}

/**
 * Burst mode: each window of `windowMs` gets `rate × window` at full speed, then idles until the
 * next window, so the average is the rate. A request larger than what is left waits for the
 * window whose cumulative allowance covers it.
 */
export function windowBudget(rate: Rate, clock: Clock, windowMs: number): Limiter {
  const perWindow = (rate.perSecond * windowMs) / 1000;
  let start: number | undefined;
  let used = 0;
  return {
    reserve(cost) {
      const now = clock.now();
      start ??= now;
      // Allowance of past windows left unused is forfeited: no catching up above the rate.
      used = Math.max(used, Math.floor((now - start) / windowMs) * perWindow);
      const first = used === 0;
      used += costIn(rate, cost);
      if (first) return 0;
      const window = Math.ceil(used / perWindow) - 1;
      return Math.max(0, start + window * windowMs - now);
    },
  };
}

/** Realtime: a row `dataMs` of the dataset is due at `speed` times its original spacing. */
export function realtimePacer(clock: Clock, speed: number): (dataMs: number) => number {
  let origin: { wall: number; data: number } | undefined;
  return (dataMs) => {
    const now = clock.now();
    origin ??= { wall: now, data: dataMs };
    return Math.max(0, origin.wall + (dataMs - origin.data) / speed - now);
  };
}

/** The global limiter and one per worker: a request waits for the later of the two. */
export function combineLimiters(global: Limiter | undefined, perWorker: Limiter[]): (worker: number, cost: Cost) => number {
  return (worker, cost) => Math.max(global?.reserve(cost) ?? 0, perWorker[worker]?.reserve(cost) ?? 0);
}
