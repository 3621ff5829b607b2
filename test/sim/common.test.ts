import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setBits } from '../../src/sim/common/bits.js';
import { normalCdf } from '../../src/sim/common/math.js';
import { createRng, poissonTimes } from '../../src/sim/common/rng.js';
import { selectShard } from '../../src/plan/partitions.js';

describe('simulation building blocks', () => {
  it('setBits sets exactly the bits of [from, to)', () => {
    for (const [from, to] of [[0, 0], [0, 8], [3, 5], [5, 21], [7, 64], [13, 13]] as const) {
      const bitmap = new Uint8Array(8);
      setBits(bitmap, from, to);
      for (let i = 0; i < 64; i++) assert.equal(((bitmap[i >> 3]! >> (i & 7)) & 1) === 1, i >= from && i < to, `[${from}, ${to}) bit ${i}`);
    }
  });

  it('random streams are reproducible and independent', () => {
    const a = createRng(1, 'h', 'pods', 3);
    const b = createRng(1, 'h', 'pods', 3);
    const c = createRng(1, 'h', 'pods', 4);
    const draws = (rng: () => number) => Array.from({ length: 5 }, rng);
    assert.deepEqual(draws(a), draws(b));
    assert.notDeepEqual(draws(createRng(1, 'h', 'pods', 3)), draws(c));
  });

  it('Poisson event times have the asked rate', () => {
    let events = 0;
    for (let i = 0; i < 500; i++) events += poissonTimes(createRng(i, 'h', 'p'), 0.001, 0, 20_000).length;
    assert.ok(Math.abs(events / 500 - 20) < 1, `mean ${events / 500}`);
  });

  it('normalCdf matches known values', () => {
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-5);
  });

  it('--shard i/N takes every N-th partition from i, and the slices cover the plan once', () => {
    const partitions = Array.from({ length: 7 }, (_, i) => ({ key: String(i), estimatedRows: 1 }));
    const slices = [0, 1, 2].map((index) => selectShard(partitions, { index, count: 3 }).map((p) => p.key));
    assert.deepEqual(slices, [['0', '3', '6'], ['1', '4'], ['2', '5']]);
  });
});
