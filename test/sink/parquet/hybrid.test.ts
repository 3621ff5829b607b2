/** The RLE / bit-packed hybrid (src/sink/parquet/hybrid.ts), decoded by the spec reader. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { bitWidthOf, writeHybrid, writeRun } from '../../../src/sink/parquet/hybrid.js';
import { SpecReader, readHybrid } from './spec-reader.js';

function hybrid(values: number[], width: number): Uint8Array {
  const out = new ByteWriter(16);
  writeHybrid(out, values, 0, values.length, width);
  return out.bytes.slice(0, out.length);
}

function decode(bytes: Uint8Array, width: number, count: number) {
  const reader = new SpecReader(bytes);
  const decoded = readHybrid(reader, width, count);
  assert.equal(reader.at, bytes.length, 'no bytes left over');
  return decoded;
}

describe('sink/parquet/hybrid', () => {
  it('bitWidthOf gives the bits of 0..max', () => {
    assert.deepEqual([0, 1, 2, 3, 7, 8, 255, 256, 2 ** 20].map(bitWidthOf), [0, 1, 2, 2, 3, 4, 8, 9, 21]);
  });

  it('bit-packs 0..7 at width 3 as the specification shows (10001000 11000110 11111010)', () => {
    assert.deepEqual([...hybrid([0, 1, 2, 3, 4, 5, 6, 7], 3)], [0x03, 0x88, 0xc6, 0xfa]);
  });

  it('writes a long run as one RLE run: header count×2, the value in whole bytes', () => {
    assert.deepEqual([...hybrid(Array(100).fill(5), 3)], [0xc8, 0x01, 0x05]);
    assert.deepEqual([...hybrid(Array(3).fill(0x1234), 13)], [0x06, 0x34, 0x12]);
    // Two 24-bit values: an RLE run (4 bytes) is shorter than a packed group of eight (25 bytes).
    assert.deepEqual([...hybrid([7, 7], 24)], [0x04, 0x07, 0x00, 0x00]);
    const out = new ByteWriter(8);
    writeRun(out, 1, 1000, 1);
    assert.deepEqual([...out.bytes.slice(0, out.length)], [0xd0, 0x0f, 0x01]);
  });

  it('round-trips mixes of runs and noise at every width up to 24 (a padded group before a run would shift every value after it)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (const width of [1, 2, 3, 5, 8, 9, 13, 16, 17, 24]) {
      const max = 2 ** width - 1;
      const values: number[] = [];
      while (values.length < 3000) {
        const value = next() % (max + 1);
        const repeat = next() % 4 === 0 ? 1 + (next() % 40) : 1;
        for (let i = 0; i < repeat; i++) values.push(value);
      }
      values.push(max);
      const { values: decoded, runs } = decode(hybrid(values, width), width, values.length);
      assert.deepEqual(decoded, values, `width ${width}`);
      assert.ok(runs.some((run) => run.kind === 'rle') && runs.some((run) => run.kind === 'packed'), `width ${width}: both kinds of run`);
    }
  });

  it('writes nothing for no values, and a single value as a short packed group', () => {
    assert.equal(hybrid([], 4).length, 0);
    assert.deepEqual(decode(hybrid([9], 4), 4, 1).values, [9]);
  });

  it('refuses widths above 24 bits', () => {
    assert.throws(() => hybrid([1], 25), /25-bit values is not supported/);
  });
});
