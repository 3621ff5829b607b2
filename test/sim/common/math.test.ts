import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalCdf } from '../../../src/sim/common/math.js';

describe('sim/common/math', () => {
  it('normalCdf matches known values', () => {
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-5);
  });
});
