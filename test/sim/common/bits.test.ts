import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setBits } from '../../../src/sim/common/bits.js';

describe('sim/common/bits', () => {
  it('setBits sets exactly the bits of [from, to)', () => {
    for (const [from, to] of [[0, 0], [0, 8], [3, 5], [5, 21], [7, 64], [13, 13]] as const) {
      const bitmap = new Uint8Array(8);
      setBits(bitmap, from, to);
      for (let i = 0; i < 64; i++) assert.equal(((bitmap[i >> 3]! >> (i & 7)) & 1) === 1, i >= from && i < to, `[${from}, ${to}) bit ${i}`);
    }
  });
});
