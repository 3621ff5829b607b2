/** The Parquet writer's byte writer (src/sink/parquet/bytes.ts): LEB128, zigzag, little-endian numbers, growth. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { SpecReader } from './spec-reader.js';

describe('sink/parquet/bytes', () => {
  it('varints and zigzag varints up to 2^52 decode to the same whole numbers', () => {
    const numbers = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 2 ** 52 - 1];
    const out = new ByteWriter(2);
    for (const value of numbers) out.varint(value);
    for (const value of numbers) {
      out.zigzag(value);
      out.zigzag(-value - 1);
    }
    const reader = new SpecReader(out.bytes.slice(0, out.length));
    assert.deepEqual(numbers.map(() => reader.uleb()), numbers.map(BigInt));
    assert.deepEqual(numbers.flatMap(() => [reader.zigzag(), reader.zigzag()]), numbers.flatMap((value) => [BigInt(value), BigInt(-value - 1)]));
    assert.ok(reader.done);
    const one = new ByteWriter(2);
    one.varint(300);
    assert.deepEqual([...one.bytes.slice(0, one.length)], [0xac, 0x02]);
  });

  it('little-endian uint32 and float64, a patched length, across growth of the buffer', () => {
    const out = new ByteWriter(1);
    const at = out.reserve(4);
    out.length += 4;
    for (let i = 0; i < 100; i++) out.float64(i / 3);
    out.uint32(0xdeadbeef);
    out.patchUint32(at, 123456);
    const view = new DataView(out.bytes.buffer, 0, out.length);
    assert.equal(view.getUint32(0, true), 123456);
    assert.equal(view.getFloat64(4 + 8 * 99, true), 33);
    assert.equal(view.getUint32(4 + 800, true), 0xdeadbeef);
  });
});
