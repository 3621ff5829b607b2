/**
 * MAP<Utf8, Utf8> leaves (src/sink/parquet/map.ts): the repetition and definition levels of the
 * three-level map by Dremel's rules, computed here row by row, and the entries' strings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { MapLeaf, type MapBuffers } from '../../../src/sink/parquet/map.js';
import { utf8Buffers } from './inputs.js';
import { SpecReader, readHybrid, readLevels, readPlainStrings } from './spec-reader.js';

type Row = Array<[string, string | null]> | null;

function bitmap(bits: boolean[]): Uint8Array | null {
  if (bits.every(Boolean)) return null;
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((set, i) => set && (out[i >> 3]! |= 1 << (i & 7)));
  return out;
}

/** Arrow-like buffers of the rows; with `coded`, keys and values as indices into a dictionary. */
function buffers(rows: Row[], coded: boolean): MapBuffers {
  const entries = rows.flatMap((row) => row ?? []);
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (offsets[i + 1] = offsets[i]! + (row?.length ?? 0)));
  const strings = (texts: string[]) => {
    if (!coded) return { strings: utf8Buffers(texts), indices: null };
    const dictionary = [...new Set(texts)];
    return { strings: utf8Buffers(dictionary), indices: Int32Array.from(texts, (text) => dictionary.indexOf(text)) };
  };
  return {
    offsets,
    validity: bitmap(rows.map((row) => row !== null)),
    keys: strings(entries.map(([key]) => key)),
    values: strings(entries.map(([, value]) => value ?? '')),
    valueValidity: bitmap(entries.map(([, value]) => value !== null)),
  };
}

/** Dremel levels of an optional map column: null row 0, empty map 1, key 2, value 3 (2 when null). */
function expectedLevels(rows: Row[], part: 'key' | 'value'): { repetition: number[]; definition: number[] } {
  const repetition: number[] = [];
  const definition: number[] = [];
  for (const row of rows) {
    if (row === null || row.length === 0) {
      repetition.push(0);
      definition.push(row === null ? 0 : 1);
      continue;
    }
    row.forEach(([, value], e) => {
      repetition.push(e === 0 ? 0 : 1);
      definition.push(part === 'key' || value !== null ? (part === 'key' ? 2 : 3) : 2);
    });
  }
  return { repetition, definition };
}

const ROWS: Row[] = [
  [['host', 'a'], ['zone', 'eu']],
  null,
  [],
  [['k', null]],
  [['host', 'b'], ['k', 'v'], ['zone', 'eu']],
  [['ünï', 'cødé']],
];

function check(rows: Row[], coded: boolean, from: number, to: number): void {
  const map = buffers(rows, coded);
  for (const part of ['key', 'value'] as const) {
    const leaf = new MapLeaf('labels', part, map, rows.length, true);
    assert.deepEqual(leaf.path, ['labels', 'key_value', part]);
    const out = new ByteWriter(8);
    const body = leaf.page(out, from, to);
    const slice = rows.slice(from, to);
    const { repetition, definition } = expectedLevels(slice, part);
    const reader = new SpecReader(out.bytes.slice(0, out.length));
    const label = `${part}${coded ? ' (dictionary)' : ''} rows ${from}..${to}`;
    assert.equal(body.values, repetition.length, label);
    assert.deepEqual(readLevels(reader, 1, repetition.length), repetition, `${label}: repetition levels`);
    assert.deepEqual(readLevels(reader, leaf.maxDefinition, definition.length), definition, `${label}: definition levels`);
    const present = slice.flatMap((row) => row ?? []).map(([key, value]) => (part === 'key' ? key : value)).filter((text): text is string => text !== null);
    if (coded) {
      assert.equal(body.encoding, 8, `${label}: RLE_DICTIONARY`);
      const dictionaryOut = new ByteWriter(8);
      const entries = leaf.dictionary!(dictionaryOut);
      const dictionary = readPlainStrings(new SpecReader(dictionaryOut.bytes.slice(0, dictionaryOut.length)), entries);
      const width = reader.byte();
      assert.deepEqual(readHybrid(reader, width, present.length).values.map((index) => dictionary[index]), present, label);
    } else {
      assert.equal(body.encoding, 0, `${label}: PLAIN`);
      assert.deepEqual(readPlainStrings(reader, present.length), present, label);
    }
    assert.ok(reader.done, `${label}: no bytes left`);
  }
}

describe('sink/parquet/map', () => {
  it('null maps, empty maps, null values and several entries, as PLAIN strings', () => {
    check(ROWS, false, 0, ROWS.length);
    check(ROWS, false, 2, 5);
  });

  it('the same with keys and values as dictionary indices', () => {
    check(ROWS, true, 0, ROWS.length);
  });

  it('every row present, every value set (the labels\' fast path), with and without an empty map', () => {
    const full: Row[] = Array.from({ length: 40 }, (_, i) => Array.from({ length: 1 + (i % 3) }, (_, k) => [`k${k}`, `v${i}`] as [string, string]));
    check(full, false, 0, full.length);
    const withEmpty = full.map((row, i) => (i % 9 === 4 ? [] : row));
    check(withEmpty, false, 0, withEmpty.length);
    check(withEmpty, true, 5, 30);
  });
});
