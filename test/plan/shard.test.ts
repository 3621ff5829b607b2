import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectShard } from '../../src/plan/shard.js';

describe('plan/shard', () => {
  it('--shard i/N takes every N-th partition from i, and the slices cover the plan once', () => {
    const partitions = Array.from({ length: 7 }, (_, i) => ({ key: String(i), estimatedRows: 1 }));
    const slices = [0, 1, 2].map((index) => selectShard(partitions, { index, count: 3 }).map((p) => p.key));
    assert.deepEqual(slices, [['0', '3', '6'], ['1', '4'], ['2', '5']]);
  });
});
