/** Arrow column constructors used by simulators: zero-copy from typed arrays where it matters. */
import { endianness } from 'node:os';
import {
  Dictionary,
  Field,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Uint64,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { FirstSeen, codedLabelsColumn, utf8Values } from './dictionaries.js';

/**
 * A table of single-chunk columns of one length, as `new Table(columns)` builds it but without
 * re-chunking and comparing schemas (a fixed cost per batch that adds up over many partitions).
 */
export function tableOf(columns: Record<string, Vector>): Table {
  const names = Object.keys(columns);
  const vectors = names.map((name) => columns[name]!);
  const fields = names.map((name, i) => new Field(name, vectors[i]!.type, vectors[i]!.nullable));
  const length = vectors[0]?.length ?? 0;
  if (vectors.some((v) => v.data.length !== 1 || v.length !== length)) return new Table(columns);
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children: vectors.map((v) => v.data[0]!) });
  return new Table(new RecordBatch(schema, data));
}

export function timestampColumn(values: BigInt64Array, validity?: { bitmap: Uint8Array; nullCount: number }): Vector {
  return makeVector(
    makeData({
      type: new TimestampMillisecond('UTC'),
      length: values.length,
      data: values,
      nullBitmap: validity?.bitmap,
      nullCount: validity?.nullCount ?? 0,
    }),
  );
}

export function uint64Column(values: BigUint64Array): Vector {
  return makeVector(makeData({ type: new Uint64(), length: values.length, data: values }));
}

const TWO_32 = 4294967296;
if (endianness() !== 'LE') throw new Error('teleforge: int64 columns are filled for little-endian machines only');

/**
 * Whole numbers (|x| < 2^53) into int64 slots through a 32-bit view: no BigInt per value, which
 * would put one heap object per row on the garbage collector.
 */
export function int64From(values: ArrayLike<number>, length = values.length): BigInt64Array {
  return int64Into(new BigInt64Array(length), values, length);
}

/** The same into an existing array (reused buffers keep garbage, and so RSS, flat over long runs). */
export function int64Into(out: BigInt64Array, values: ArrayLike<number>, length = values.length): BigInt64Array {
  const words = new Int32Array(out.buffer, out.byteOffset, length * 2);
  for (let i = 0; i < length; i++) {
    const value = Math.round(values[i]!);
    const high = Math.floor(value / TWO_32);
    words[2 * i] = (value - high * TWO_32) | 0;
    words[2 * i + 1] = high;
  }
  return out;
}

/** Timestamps (ms) from plain numbers. */
export function timestampsFromNumbers(values: ArrayLike<number>): Vector {
  return timestampColumn(int64From(values));
}

/** Options of a dictionary column whose every row has a value (no scan for nulls; columns may share the indices). */
export const NO_NULLS = Object.freeze({ nonNegative: true });

/**
 * Dictionary<Utf8, Int32> over `values` (strings, or a prepared Utf8 vector); rows with a negative
 * index are null. `nonNegative` skips the scan for nulls (and then the indices are never modified,
 * so columns may share them).
 */
export function indexedDictionaryColumn(indices: Int32Array, values: readonly string[] | Vector, options: { nonNegative?: boolean } = {}): Vector {
  let nullCount = 0;
  if (!options.nonNegative) for (let i = 0; i < indices.length; i++) if (indices[i]! < 0) nullCount++;
  let nullBitmap: Uint8Array | undefined;
  if (nullCount > 0) {
    nullBitmap = new Uint8Array((indices.length + 7) >> 3);
    for (let i = 0; i < indices.length; i++) {
      if (indices[i]! >= 0) nullBitmap[i >> 3]! |= 1 << (i & 7);
      else indices[i] = 0;
    }
  }
  const dictionary = isVector(values) ? values : dictionaryValues(values);
  return makeVector(
    makeData({ type: new Dictionary(new Utf8(), new Int32()), length: indices.length, data: indices, nullBitmap, nullCount, dictionary }),
  );
}

function isVector(values: readonly string[] | Vector): values is Vector {
  return !Array.isArray(values);
}

const cachedValues = new WeakMap<readonly string[], Vector>();

/** Dictionary values as a Utf8 vector; built once for the catalogue's fixed lists. */
function dictionaryValues(values: readonly string[]): Vector {
  let vector = cachedValues.get(values);
  if (!vector) {
    vector = utf8Values(values.length > 0 ? values : ['']);
    if (Object.isFrozen(values)) cachedValues.set(values, vector);
  }
  return vector;
}

/** Low-cardinality strings as a dictionary column (nulls allowed), dictionary in first-seen order. */
export function dictionaryColumn(values: ReadonlyArray<string | null>): Vector {
  const seen = new FirstSeen<string>();
  const indices = Int32Array.from(values, (value) => (value === null ? -1 : seen.of(value)));
  return indexedDictionaryColumn(indices, seen.values);
}

export function stringColumn(values: ReadonlyArray<string | null>): Vector {
  return vectorFromArray(values as (string | null)[], new Utf8());
}

/** MAP<VARCHAR, VARCHAR> from ordered label pairs, keys and values dictionary-coded. */
export function labelsColumn(values: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Vector {
  const offsets = new Int32Array(values.length + 1);
  values.forEach((pairs, i) => (offsets[i + 1] = offsets[i]! + pairs.length));
  const keyIndices = new Int32Array(offsets[values.length]!);
  const valueIndices = new Int32Array(keyIndices.length);
  const keys = new FirstSeen<string>();
  const texts = new FirstSeen<string>();
  values.forEach((pairs, i) => {
    let entry = offsets[i]!;
    for (const [key, value] of pairs) {
      keyIndices[entry] = keys.of(key);
      valueIndices[entry++] = texts.of(value);
    }
  });
  return codedLabelsColumn({ offsets, keyIndices, keys: utf8Values(keys.values), valueIndices, values: utf8Values(texts.values) });
}
