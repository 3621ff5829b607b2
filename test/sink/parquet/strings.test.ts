/** BYTE_ARRAY and BOOLEAN leaves (src/sink/parquet/strings.ts), decoded by the spec reader. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { BooleanLeaf, DictionaryLeaf, Utf8Leaf } from '../../../src/sink/parquet/strings.js';
import { utf8Buffers, validityBits } from './inputs.js';
import { SpecReader, readHybrid, readLevels, readPlainStrings } from './spec-reader.js';

const PLAIN = 0;
const RLE_DICTIONARY = 8;

const readerOf = (out: ByteWriter) => new SpecReader(out.bytes.slice(0, out.length));
const WORDS = ['', 'a', 'zürich', 'x'.repeat(40), '日本', 'tail'];

describe('sink/parquet/strings', () => {
  it('Utf8 as PLAIN: a 4-byte length and the bytes of each non-null string', () => {
    const nulls = (i: number) => i === 1 || i === 4;
    const leaf = new Utf8Leaf(['s'], utf8Buffers(WORDS), validityBits(WORDS.length, nulls), WORDS.length, true);
    const out = new ByteWriter(8);
    const body = leaf.page(out, 0, WORDS.length);
    assert.deepEqual(body, { values: 6, nulls: 2, encoding: PLAIN });
    const reader = readerOf(out);
    assert.deepEqual(readLevels(reader, 1, 6), [1, 0, 1, 1, 0, 1]);
    assert.deepEqual(readPlainStrings(reader, 4), WORDS.filter((_, i) => !nulls(i)));
    assert.ok(reader.done);
  });

  it('a required column has no levels section', () => {
    const leaf = new Utf8Leaf(['s'], utf8Buffers(WORDS), null, WORDS.length, false);
    const out = new ByteWriter(8);
    leaf.page(out, 2, 5);
    const reader = readerOf(out);
    assert.deepEqual(readPlainStrings(reader, 3), WORDS.slice(2, 5));
    assert.ok(reader.done);
  });

  it('a dictionary column: a PLAIN dictionary page, then the bit width and the hybrid indices of the non-null rows', () => {
    const rows = 300;
    const indices = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 7) % WORDS.length);
    const nulls = (i: number) => i % 11 === 3;
    const leaf = new DictionaryLeaf(['d'], indices, utf8Buffers(WORDS), validityBits(rows, nulls), rows, true);
    const dictionary = new ByteWriter(8);
    assert.equal(leaf.dictionary(dictionary), WORDS.length);
    assert.deepEqual(readPlainStrings(readerOf(dictionary), WORDS.length), WORDS);
    const out = new ByteWriter(8);
    const body = leaf.page(out, 0, rows);
    assert.equal(body.encoding, RLE_DICTIONARY);
    const reader = readerOf(out);
    const levels = readLevels(reader, 1, rows);
    assert.deepEqual(levels, Array.from({ length: rows }, (_, i) => (nulls(i) ? 0 : 1)));
    const width = reader.byte();
    assert.equal(width, 3, 'six entries need 3 bits');
    const present = [...indices].filter((_, i) => !nulls(i));
    assert.deepEqual(readHybrid(reader, width, present.length).values, present);
    assert.ok(reader.done);
  });

  it('booleans as PLAIN bits, LSB first, nulls skipped', () => {
    const values = [true, false, true, true, false, false, true, false, true, true];
    const bits = validityBits(values.length, (i) => !values[i]);
    const leaf = new BooleanLeaf(['b'], bits, validityBits(values.length, (i) => i === 2), values.length, true);
    const out = new ByteWriter(8);
    leaf.page(out, 0, values.length);
    const reader = readerOf(out);
    readLevels(reader, 1, values.length);
    const present = values.filter((_, i) => i !== 2);
    const packed = reader.take(Math.ceil(present.length / 8));
    assert.deepEqual(present.map((_, i) => ((packed[i >> 3]! >> (i & 7)) & 1) === 1), present);
    assert.ok(reader.done);
  });
});
