/** The Thrift compact protocol writer (src/sink/parquet/thrift.ts): exact bytes, and the spec reader's decoding. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { ThriftWriter } from '../../../src/sink/parquet/thrift.js';
import { SpecReader, readCompactStruct } from './spec-reader.js';

function message(body: (writer: ThriftWriter) => void): Uint8Array {
  const out = new ByteWriter(8);
  new ThriftWriter(out).message(body);
  return out.bytes.slice(0, out.length);
}

describe('sink/parquet/thrift', () => {
  it('short field headers carry the id delta and the type; a jump past 15 writes the id in full', () => {
    // i32 field 1 = 5: header 0x15, zigzag 10; i64 field 3 = -1: header 0x26, zigzag 1;
    // i32 field 20 = 1: delta 17 > 15, so type 0x05 then zigzag id 40; then stop.
    assert.deepEqual([...message((w) => w.i32(1, 5).i64(3, -1).i32(20, 1))], [0x15, 0x0a, 0x26, 0x01, 0x05, 0x28, 0x02, 0x00]);
  });

  it('booleans live in the header; binary is a varint length and the bytes', () => {
    assert.deepEqual([...message((w) => w.bool(1, true).bool(2, false).binary(3, 'hé'))], [0x11, 0x12, 0x18, 0x03, 0x68, 0xc3, 0xa9, 0x00]);
  });

  it('a nested struct restarts field ids and restores the outer ones after it', () => {
    assert.deepEqual([...message((w) => w.i32(1, 1).struct(2, (s) => s.i32(1, 2)).i32(3, 3))], [0x15, 0x02, 0x1c, 0x15, 0x04, 0x00, 0x15, 0x06, 0x00]);
  });

  it('lists: size and element type in one byte below 15, a varint size from 15', () => {
    assert.deepEqual([...message((w) => w.i32List(1, [1, -1]))], [0x19, 0x25, 0x02, 0x01, 0x00]);
    for (const size of [15, 20]) {
      const bytes = message((w) => w.i32List(1, Array.from({ length: size }, (_, i) => i)));
      assert.deepEqual([...bytes.slice(0, 3)], [0x19, 0xf5, size], `${size} items`);
    }
  });

  it('a FileMetaData-like message decodes field by field', () => {
    const bytes = message((w) =>
      w
        .i32(1, 2)
        .structList(2, [{ name: 'a', type: 2 }, { name: 'b', type: 6 }], (s, node) => s.i32(1, node.type).binary(4, node.name))
        .i64(3, 2 ** 40 + 3)
        .binaryList(5, ['x', 'yz'])
        .i8(6, 7)
        .struct(30, (s) => s.struct(8, (t) => t.bool(1, true))),
    );
    const reader = new SpecReader(bytes);
    assert.deepEqual(readCompactStruct(reader), {
      1: 2,
      2: [{ 1: 2, 4: 'a' }, { 1: 6, 4: 'b' }],
      3: 2n ** 40n + 3n,
      5: ['x', 'yz'],
      6: 7,
      30: { 8: { 1: true } },
    });
    assert.ok(reader.done);
  });
});
