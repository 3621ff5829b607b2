/** DELTA_BINARY_PACKED (src/sink/parquet/delta.ts), decoded by the spec reader into exact bigints. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { DELTA_LIMIT, writeDeltaBinaryPacked } from '../../../src/sink/parquet/delta.js';
import { SpecReader, readDeltaBinaryPacked } from './spec-reader.js';

function delta(values: number[]): Uint8Array {
  const out = new ByteWriter(16);
  writeDeltaBinaryPacked(out, Float64Array.from(values), 0, values.length);
  return out.bytes.slice(0, out.length);
}

function roundTrip(values: number[], label: string): void {
  const bytes = delta(values);
  const reader = new SpecReader(bytes);
  assert.deepEqual(readDeltaBinaryPacked(reader), values.map(BigInt), label);
  assert.equal(reader.at, bytes.length, `${label}: no bytes left over`);
}

describe('sink/parquet/delta', () => {
  it('writes 1..5 as the specification shows: header, then one block of zero-width miniblocks', () => {
    // block 128, 4 miniblocks, 5 values, first 1 (zigzag 2); min delta 1 (zigzag 2), widths 0.
    assert.deepEqual([...delta([1, 2, 3, 4, 5])], [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0]);
  });

  it('writes no block for zero or one value', () => {
    assert.deepEqual([...delta([])], [0x80, 0x01, 0x04, 0x00, 0x00]);
    assert.deepEqual([...delta([-3])], [0x80, 0x01, 0x04, 0x01, 0x05]);
  });

  it('round-trips sorted times, noise, negative steps and partial blocks', () => {
    const times = Array.from({ length: 1000 }, (_, i) => 1_767_225_600_000 + i * 15_000 + (i % 7 === 0 ? 3 : 0));
    roundTrip(times, 'scrape times');
    roundTrip(Array.from({ length: 129 }, (_, i) => ((i * 7919) % 1009) - 500), 'noise, one block and one value');
    roundTrip(Array.from({ length: 389 }, (_, i) => 1000 - i * i), 'falling');
    roundTrip([5, 5, 5, 5], 'constant');
  });

  it('round-trips the extremes it accepts, with miniblocks wider than 24 bits', () => {
    const limit = DELTA_LIMIT - 1;
    roundTrip([limit, -limit, limit, 0, -limit, 1], '±(2^50 − 1)');
    roundTrip(Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 2 ** 40 : -(2 ** 39)) + i), 'jumps of 2^40');
  });
});
