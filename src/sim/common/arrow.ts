/**
 * Arrow columns straight from typed arrays: ASCII byte builders for ids (zero copy into Utf8),
 * microsecond timestamps without one BigInt per row.
 */
import { Bool, Int32, TimestampMicrosecond, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

export interface Validity {
  bitmap: Uint8Array;
  nullCount: number;
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
  return makeVector(makeData({ type: new TimestampMicrosecond('UTC'), length: values.length, data: out }));
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
