import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineLimiters, realtimePacer, tokenBucket, windowBudget, type Clock, type Limiter } from '../../../src/replay/send/limiter.js';
import { createLimits } from '../../../src/replay/send/limits.js';

/** A clock tests move by hand. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return { now: () => now, advance: (ms) => (now += ms) };
}

/** Sends `count` requests of `items` through `reserve`, each waiting as told; returns the finish time. */
function drive(clock: ReturnType<typeof fakeClock>, count: number, reserve: (i: number) => number): number[] {
  const sendTimes: number[] = [];
  for (let i = 0; i < count; i++) {
    clock.advance(reserve(i));
    sendTimes.push(clock.now());
  }
  return sendTimes;
}

const items = (n: number) => ({ items: n, bytes: n * 100 });

describe('token bucket (steady)', () => {
  it('paces items to the rate, the first batch going at once', () => {
    const clock = fakeClock();
    const bucket = tokenBucket({ unit: 'items', perSecond: 10_000 }, clock);
    const times = drive(clock, 11, () => bucket.reserve(items(1000)));
    assert.equal(times[0], 0);
    assert.equal(times[10], 1000, '10 more batches of 1000 at 10k/s take 1 s');
  });

  it('counts bytes when the rate is in bytes', () => {
    const clock = fakeClock();
    const bucket = tokenBucket({ unit: 'bytes', perSecond: 1_000_000 }, clock);
    const times = drive(clock, 6, () => bucket.reserve(items(1000)));
    assert.equal(times[5], 500, '5 × 100 kB at 1 MB/s');
  });

  it('bursts at most its capacity (never less than one batch) after idling', () => {
    const clock = fakeClock();
    const bucket = tokenBucket({ unit: 'items', perSecond: 1000 }, clock, 3000);
    clock.advance(60_000);
    const waits = [1, 2, 3, 4].map(() => bucket.reserve(items(1000)));
    assert.deepEqual(waits, [0, 0, 0, 1000]);
    const big = tokenBucket({ unit: 'items', perSecond: 1000 }, clock, 10);
    assert.equal(big.reserve(items(5000)), 0, 'a batch above the capacity still goes: the burst grows to one batch');
    assert.equal(big.reserve(items(5000)), 5000);
  });

  it('an empty bucket with room for catching up: no burst at the start, a stalled sender catches up to the rate', () => {
    const clock = fakeClock();
    const bucket = tokenBucket({ unit: 'items', perSecond: 1000 }, clock, 1000, 0);
    assert.equal(bucket.reserve(items(100)), 100, 'the first batch waits for its share');
    clock.advance(700);
    // 700 ms stalled: 600 items are owed and go at once; the next waits again.
    const waits = Array.from({ length: 7 }, () => bucket.reserve(items(100)));
    assert.deepEqual(waits, [0, 0, 0, 0, 0, 0, 100]);
    const capped = tokenBucket({ unit: 'items', perSecond: 1000 }, clock, 1000, 0);
    clock.advance(60_000);
    assert.deepEqual(Array.from({ length: 11 }, () => capped.reserve(items(100))).filter((w) => w === 0).length, 10, 'never more than the capacity');
  });

  it('shares one global budget among workers and caps each worker separately', () => {
    const clock = fakeClock();
    const global = tokenBucket({ unit: 'items', perSecond: 4000 }, clock);
    const perWorker: Limiter[] = [0, 1].map(() => tokenBucket({ unit: 'items', perSecond: 1000 }, clock));
    const limits = combineLimiters(global, perWorker);
    // Two workers taking turns: the per-worker cap (2 × 1000/s) binds before the global 4000/s.
    const times = drive(clock, 9, (i) => limits(i % 2, items(1000)));
    assert.equal(times[8], 4000);
    const onlyGlobal = combineLimiters(tokenBucket({ unit: 'items', perSecond: 4000 }, clock), []);
    const start = clock.now();
    const globalTimes = drive(clock, 9, () => onlyGlobal(0, items(1000)));
    assert.equal(globalTimes[8]! - start, 2000);
  });
});

describe('burst windows', () => {
  it('sends each window\'s share at full speed, then idles until the next window', () => {
    const clock = fakeClock();
    const budget = windowBudget({ unit: 'items', perSecond: 3000 }, clock, 1000);
    const times = drive(clock, 7, () => budget.reserve(items(1000)));
    assert.deepEqual(times, [0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('forfeits the allowance of windows it left unused', () => {
    const clock = fakeClock();
    const budget = windowBudget({ unit: 'items', perSecond: 1000 }, clock, 1000);
    budget.reserve(items(1000));
    clock.advance(10_500);
    assert.deepEqual([budget.reserve(items(1000)), budget.reserve(items(1000))], [0, 500]);
  });
});

describe('realtime pacing', () => {
  it('keeps the data\'s spacing divided by the speed, combined with a rate', () => {
    const clock = fakeClock();
    const pace = realtimePacer(clock, 60);
    assert.equal(pace(1_000_000), 0);
    assert.equal(pace(1_000_000 + 60_000), 1000, 'a minute of data later is one second later at 60x');
    clock.advance(400);
    assert.equal(pace(1_000_000 + 120_000), 1600);
    const limits = createLimits({ mode: 'realtime', speed: 1, burstWindowMs: 1000, rate: { unit: 'items', perSecond: 10 }, clock }, 1);
    assert.equal(limits(0, items(10), 0), 0);
    assert.equal(limits(0, items(10), 1), 1000, 'the rate binds when the data is denser than it allows');
  });
});
