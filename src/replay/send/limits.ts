/** The limiters of one replay from its options: global and per-worker rates, burst windows, realtime pacing. */
import { combineLimiters, realtimePacer, systemClock, tokenBucket, windowBudget, type Clock, type Cost, type Limiter } from './limiter.js';
import type { Rate } from './rate.js';

export type ReplayMode = 'steady' | 'burst' | 'realtime';
export const REPLAY_MODES: readonly ReplayMode[] = ['steady', 'burst', 'realtime'];

export interface RateOptions {
  /** Global rate across workers. */
  rate?: Rate;
  ratePerWorker?: Rate;
  mode: ReplayMode;
  burstWindowMs: number;
  /** Realtime: how many times faster than the dataset's own spacing. */
  speed: number;
  clock?: Clock;
  /** Steady mode: time a sender may fall behind and then catch up (the bucket's capacity), from an empty bucket; 0 = one batch. */
  catchUpMs?: number;
}

/** Milliseconds a request of `cost` (first row at dataset time `firstTimeMs`) must wait. */
export function createLimits(options: RateOptions, workers: number): (worker: number, cost: Cost, firstTimeMs: number) => number {
  const clock = options.clock ?? systemClock;
  const limiter = (rate: Rate | undefined): Limiter | undefined =>
    rate === undefined
      ? undefined
      : options.mode === 'burst'
        ? windowBudget(rate, clock, options.burstWindowMs)
        : tokenBucket(rate, clock, (rate.perSecond * (options.catchUpMs ?? 0)) / 1000, 0);
  const perWorker = Array.from({ length: workers }, () => limiter(options.ratePerWorker)).filter((l): l is Limiter => l !== undefined);
  const limits = combineLimiters(limiter(options.rate), perWorker);
  const pace = options.mode === 'realtime' ? realtimePacer(clock, options.speed) : undefined;
  return (worker, cost, firstTimeMs) => Math.max(limits(worker, cost), pace?.(firstTimeMs) ?? 0);
}
