/** Definition and repetition levels of V1 data pages (src/sink/parquet/levels.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { writeFlatDefinitionLevels, writeLevelRun, writeLevels } from '../../../src/sink/parquet/levels.js';
import { SpecReader, readLevels } from './spec-reader.js';

function validity(bits: boolean[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((set, i) => set && (bitmap[i >> 3]! |= 1 << (i & 7)));
  return bitmap;
}

const written = (out: ByteWriter) => new SpecReader(out.bytes.slice(0, out.length));

describe('sink/parquet/levels', () => {
  it('a column without nulls is one run of 1s behind its 4-byte length', () => {
    const out = new ByteWriter(8);
    assert.equal(writeFlatDefinitionLevels(out, null, 0, 300), 0);
    assert.deepEqual([...out.bytes.slice(0, out.length)], [3, 0, 0, 0, 0xd8, 0x04, 0x01]);
  });

  it('levels follow the validity bits of the rows asked for, and the nulls are counted', () => {
    const bits = Array.from({ length: 100 }, (_, i) => i % 3 !== 0 && !(i >= 40 && i < 60));
    const out = new ByteWriter(8);
    const nulls = writeFlatDefinitionLevels(out, validity(bits), 10, 90);
    const expected = bits.slice(10, 90).map(Number);
    assert.equal(nulls, expected.filter((level) => level === 0).length);
    const reader = written(out);
    assert.deepEqual(readLevels(reader, 1, 80), expected);
    assert.ok(reader.done);
  });

  it('levels up to 2 and a single run of any level', () => {
    const levels = Uint8Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 0 : i % 5 === 1 ? 1 : 2));
    const out = new ByteWriter(8);
    writeLevels(out, levels, levels.length, 2);
    writeLevelRun(out, 2, 7);
    const reader = written(out);
    assert.deepEqual(readLevels(reader, 2, 50), [...levels]);
    assert.deepEqual(readLevels(reader, 2, 7), Array(7).fill(2));
    assert.ok(reader.done);
  });
});
