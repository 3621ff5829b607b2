/**
 * Fixed-width leaves (src/sink/parquet/numeric.ts): PLAIN, DELTA_BINARY_PACKED and
 * BYTE_STREAM_SPLIT pages with their definition levels, decoded by the spec reader.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { NumericLeaf, type NumericEncoding, type NumericKind } from '../../../src/sink/parquet/numeric.js';
import { validityBits } from './inputs.js';
import { SpecReader, joinStreams, readDeltaBinaryPacked, readLevels } from './spec-reader.js';

// parquet.thrift's Encoding values.
const PLAIN = 0;
const DELTA_BINARY_PACKED = 5;
const BYTE_STREAM_SPLIT = 9;

/** One page of rows [from, to): its body as the leaf reports it, and a reader over its bytes. */
function page(kind: NumericKind, values: ArrayBufferView, encoding: NumericEncoding, nulls: Uint8Array | null, from: number, to: number) {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const rows = bytes.length / (kind === 'int32' ? 4 : 8);
  const leaf = new NumericLeaf(['x'], kind, bytes, nulls, rows, encoding, true);
  leaf.beginChunk();
  const out = new ByteWriter(16);
  const body = leaf.page(out, from, to);
  return { body, leaf, reader: new SpecReader(out.bytes.slice(0, out.length)) };
}

function plainInt64(reader: SpecReader, count: number, unsigned: boolean): bigint[] {
  const view = new DataView(reader.take(count * 8).slice().buffer);
  return Array.from({ length: count }, (_, i) => (unsigned ? view.getBigUint64(i * 8, true) : view.getBigInt64(i * 8, true)));
}

describe('sink/parquet/numeric', () => {
  it('int64 as DELTA_BINARY_PACKED: levels of the page\'s rows, then its non-null values', () => {
    const rows = 700;
    const values = BigInt64Array.from({ length: rows }, (_, i) => 1_767_225_600_000n + BigInt(i) * 15_000n - (i % 9 === 0 ? 7n : 0n));
    const nulls = validityBits(rows, (i) => i % 5 === 2 || (i >= 300 && i < 420));
    const { body, reader, leaf } = page('int64', values, 'delta', nulls, 100, 650);
    const present = Array.from({ length: 550 }, (_, k) => k + 100).filter((i) => !(i % 5 === 2 || (i >= 300 && i < 420)));
    assert.equal(body.encoding, DELTA_BINARY_PACKED);
    assert.equal(body.values, 550);
    assert.equal(body.nulls, 550 - present.length);
    assert.deepEqual(readLevels(reader, 1, 550), Array.from({ length: 550 }, (_, k) => (present.includes(k + 100) ? 1 : 0)));
    assert.deepEqual(readDeltaBinaryPacked(reader), present.map((i) => values[i]!));
    assert.ok(reader.done);
    const stats = leaf.chunkStats()!;
    assert.equal(new DataView(stats.min.buffer).getBigInt64(0, true), values[present[0]!]);
    assert.equal(new DataView(stats.max.buffer).getBigInt64(0, true), values[present.at(-1)!]);
  });

  it('int64 beyond ±2^50 falls back to PLAIN, exact, with exact statistics', () => {
    const values = BigInt64Array.from([-(2n ** 62n), 2n ** 61n + 1n, 0n, -1n]);
    const { body, reader, leaf } = page('int64', values, 'delta', null, 0, 4);
    assert.equal(body.encoding, PLAIN);
    assert.deepEqual(readLevels(reader, 1, 4), [1, 1, 1, 1]);
    assert.deepEqual(plainInt64(reader, 4, false), [...values]);
    const stats = leaf.chunkStats()!;
    assert.equal(new DataView(stats.min.buffer).getBigInt64(0, true), -(2n ** 62n));
    assert.equal(new DataView(stats.max.buffer).getBigInt64(0, true), 2n ** 61n + 1n);
  });

  it('uint64 above 2^63 stays unsigned', () => {
    const values = BigUint64Array.from([2n ** 64n - 1n, 2n ** 63n, 5n]);
    const { body, reader } = page('uint64', values, 'plain', null, 0, 3);
    assert.equal(body.encoding, PLAIN);
    readLevels(reader, 1, 3);
    assert.deepEqual(plainInt64(reader, 3, true), [...values]);
  });

  it('doubles as BYTE_STREAM_SPLIT: eight streams that join back to the same bits (NaN, -0, ±Infinity)', () => {
    const values = Float64Array.from([Math.PI, -0, Number.NaN, 1e300, -Infinity, 42, 2 ** -1074, 0.1]);
    const { body, reader, leaf } = page('double', values, 'byteStreamSplit', validityBits(8, (i) => i === 5), 0, 8);
    assert.equal(body.encoding, BYTE_STREAM_SPLIT);
    assert.deepEqual(readLevels(reader, 1, 8), [1, 1, 1, 1, 1, 0, 1, 1]);
    const joined = joinStreams(reader.take(7 * 8), 7);
    assert.ok(reader.done);
    const expected = [...values].filter((_, i) => i !== 5);
    assert.deepEqual(new Uint8Array(joined.buffer), new Uint8Array(Float64Array.from(expected).buffer));
    const stats = leaf.chunkStats()!;
    assert.equal(new DataView(stats.min.buffer).getFloat64(0, true), -Infinity, 'NaN never enters the statistics');
    assert.equal(new DataView(stats.max.buffer).getFloat64(0, true), 1e300);
  });

  it('int32 and plain doubles as PLAIN little-endian values', () => {
    const ints = Int32Array.from([-5, 0, 2 ** 31 - 1, -(2 ** 31)]);
    const int32 = page('int32', ints, 'plain', null, 1, 4);
    assert.equal(int32.body.encoding, PLAIN);
    readLevels(int32.reader, 1, 3);
    const view = new DataView(int32.reader.take(12).slice().buffer);
    assert.deepEqual([0, 1, 2].map((i) => view.getInt32(i * 4, true)), [0, 2 ** 31 - 1, -(2 ** 31)]);
    const doubles = page('double', Float64Array.from([1.5, -2.25]), 'plain', null, 0, 2);
    readLevels(doubles.reader, 1, 2);
    assert.deepEqual([...new Float64Array(doubles.reader.take(16).slice().buffer)], [1.5, -2.25]);
  });
});
