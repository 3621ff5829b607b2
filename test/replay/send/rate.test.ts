import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRate, tryParseRate } from '../../../src/replay/send/rate.js';

describe('parseRate', () => {
  it('reads items per second with SI suffixes', () => {
    assert.deepEqual(parseRate('50k/s'), { unit: 'items', perSecond: 50_000 });
    assert.deepEqual(parseRate('2M/s'), { unit: 'items', perSecond: 2_000_000 });
    assert.deepEqual(parseRate('20000'), { unit: 'items', perSecond: 20_000 });
    assert.deepEqual(parseRate('1.5k items/s'), { unit: 'items', perSecond: 1500 });
  });

  it('reads bytes (B) and bits (b, bit, bps) per second', () => {
    assert.deepEqual(parseRate('10MB/s'), { unit: 'bytes', perSecond: 10_000_000 });
    assert.deepEqual(parseRate('7.5GB/s'), { unit: 'bytes', perSecond: 7_500_000_000 });
    assert.deepEqual(parseRate('64KiB/s'), { unit: 'bytes', perSecond: 65_536 });
    assert.deepEqual(parseRate('125kb/s'), { unit: 'bytes', perSecond: 15_625 });
    assert.deepEqual(parseRate('1mbit'), { unit: 'bytes', perSecond: 125_000 });
    assert.deepEqual(parseRate('8Mbps'), { unit: 'bytes', perSecond: 1_000_000 });
  });

  it('refuses what is not a rate, naming the option', () => {
    for (const text of ['', 'fast', '0/s', '-5k/s', '10 parsecs']) assert.equal(tryParseRate(text), undefined, text);
    assert.throws(() => parseRate('fast', '--rate-per-worker'), /--rate-per-worker: 'fast' is not a rate/);
  });
});
