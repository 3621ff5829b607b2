import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonBytes } from '../../src/replay/json-bytes.js';

const EDGES = [
  0, -0, 1, -1, 7, 9, 10, 99, 100, 101, 1e7 - 1, 1e7, 1e8 - 1, 1e8, 1e8 + 1, 1e16 / 3, 2 ** 31, 2 ** 32 + 5, 1767571200000, 1767657585000,
  536870912000, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2 ** 53 + 2, 1e21 - 65536, 1e21, 1.5e300, -1e-7, 1e-7, 5e-324, 0.1, 0.5, -2.5,
  729758.8706220731, 235377.23939821962, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, -Number.MIN_VALUE,
];

/** Deterministic doubles over every magnitude, and integers of every digit count around 1e8 multiples. */
function spread(count: number): number[] {
  const values: number[] = [];
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const magnitude = 10 ** Math.floor(next() * 40 - 12);
    values.push((next() - 0.5) * magnitude, Math.round((next() - 0.5) * magnitude), Math.floor(next() * 2 ** 53), Math.round(next() * 1e3) * 1e8 - 1);
  }
  return values;
}

function written(values: number[]): string {
  const out = new JsonBytes(16);
  for (const value of values) {
    out.reserve(26);
    out.number(value);
    out.byte(0x2c);
  }
  return Buffer.from(out.take()).toString('latin1');
}

describe('JSON bytes', () => {
  it('writes every number exactly as String(n) prints it', () => {
    const values = [...EDGES, ...spread(20_000)];
    assert.equal(written(values), values.map((value) => `${String(value)},`).join(''));
  });

  it('grows past its first buffer and starts over after take()', () => {
    const out = new JsonBytes(4);
    out.reserve(40);
    out.number(123456789012);
    out.byte(0x2c);
    out.number(-0.25);
    assert.equal(Buffer.from(out.take()).toString(), '123456789012,-0.25');
    out.reserve(2);
    out.number(7);
    assert.equal(Buffer.from(out.take()).toString(), '7');
  });
});
