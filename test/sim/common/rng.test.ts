import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, poissonTimes } from '../../../src/sim/common/rng.js';

describe('sim/common/rng', () => {
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
});
