/**
 * Arrow columns straight from typed arrays: ASCII byte builders for ids (zero copy into Utf8),
 * dictionary columns from index arrays, microsecond timestamps without one BigInt per row.
 */
import { Bool, Dictionary, Int32, TimestampMicrosecond, Utf8, makeData, makeVector, vectorFromArray, type Vector } from 'apache-arrow';

export interface Validity {
  bitmap: Uint8Array;
  nullCount: number;
}

/**
 * Dictionary<Utf8, Int32> over `values` (strings, or a prepared Utf8 vector); rows with a negative
 * index are null. `nonNegative` skips the scan for nulls (and then the indices are never modified,
 * so columns may share them).
 */
export function dictionaryColumn(indices: Int32Array, values: readonly string[] | Vector, options: { nonNegative?: boolean } = {}): Vector {
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

/**
 * Copies source[from…to) to target at `at`, returns the end. Short runs by a loop, longer ones by
 * `set` (whose call overhead only pays off past a few bytes).
 */
export function copyBytes(source: Uint8Array, from: number, to: number, target: Uint8Array, at: number): number {
  if (to - from <= 16) {
    for (let j = from; j < to; j++) target[at++] = source[j]!;
    return at;
  }
  target.set(source.subarray(from, to), at);
  return at + to - from;
}

/** A Utf8 vector of the values bytes[start[k]…end[k]) for k in `picks` (copied from an encoded arena). */
export function utf8Vector(bytes: Uint8Array, start: Int32Array, end: Int32Array, picks: ArrayLike<number>): Vector {
  let total = 0;
  for (let i = 0; i < picks.length; i++) total += end[picks[i]!]! - start[picks[i]!]!;
  const data = new Uint8Array(total);
  const offsets = new Int32Array(picks.length + 1);
  let at = 0;
  for (let i = 0; i < picks.length; i++) {
    const k = picks[i]!;
    at = copyBytes(bytes, start[k]!, end[k]!, data, at);
    offsets[i + 1] = at;
  }
  return makeVector(makeData({ type: new Utf8(), length: picks.length, valueOffsets: offsets, data }));
}

const cachedValues = new WeakMap<readonly string[], Vector>();

/** Dictionary values as a Utf8 vector; built once for the catalogue's fixed lists. */
function dictionaryValues(values: readonly string[]): Vector {
  let vector = cachedValues.get(values);
  if (!vector) {
    vector = vectorFromArray(values.length > 0 ? (values as string[]) : [''], new Utf8());
    if (Object.isFrozen(values)) cachedValues.set(values, vector);
  }
  return vector;
}

/** TIMESTAMP (µs, UTC) from whole microseconds held in doubles. */
export function microsColumn(values: Float64Array): Vector {
  const out = new BigInt64Array(values.length);
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const hi = Math.floor(v / 4294967296);
    words[2 * i] = (v - hi * 4294967296) | 0;
    words[2 * i + 1] = hi;
  }
  return makeVector(makeData({ type: new TimestampMicrosecond(), length: values.length, data: out }));
}

export function boolColumn(values: Uint8Array): Vector {
  const bits = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) if (values[i]) bits[i >> 3]! |= 1 << (i & 7);
  return makeVector(makeData({ type: new Bool(), length: values.length, data: bits }));
}

/** INTEGER with nulls where `present` is 0. */
export function intColumn(values: Int32Array, present?: Uint8Array): Vector {
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  if (present) {
    nullBitmap = new Uint8Array((values.length + 7) >> 3);
    for (let i = 0; i < values.length; i++) {
      if (present[i]) nullBitmap[i >> 3]! |= 1 << (i & 7);
      else nullCount++;
    }
  }
  return makeVector(makeData({ type: new Int32(), length: values.length, data: values, nullBitmap, nullCount }));
}
