/**
 * Parquet's RLE / bit-packed hybrid (levels and dictionary indices): runs of equal values become
 * RLE runs once they are long enough for the run to take no more bytes than packing them would,
 * everything else goes out in bit-packed groups of eight. Short runs matter: a metrics series table
 * repeats each label set's values on its 4–5 series, and a run is written with one header instead
 * of packing each value bit by bit.
 */
import type { ByteWriter } from './bytes.js';

/** Bits needed for values 0..max. */
export function bitWidthOf(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

/** The shortest run whose RLE form (a varint header and the value's bytes) is no longer than its packed bits. */
function shortestRun(bitWidth: number): number {
  return Math.min(8, Math.max(2, Math.ceil((8 * (1 + Math.ceil(bitWidth / 8))) / Math.max(1, bitWidth))));
}

export function writeHybrid(out: ByteWriter, values: ArrayLike<number>, start: number, end: number, bitWidth: number): void {
  if (bitWidth > 24) throw new Error(`parquet: hybrid encoding of ${bitWidth}-bit values is not supported`);
  const minRun = shortestRun(bitWidth);
  let packedFrom = -1;
  let at = start;
  while (at < end) {
    const value = values[at]!;
    let runEnd = at + 1;
    while (runEnd < end && values[runEnd] === value) runEnd++;
    // Checked only where packed groups end, so what is packed before a run is whole groups of eight.
    if (runEnd - at >= minRun) {
      if (packedFrom >= 0) writePacked(out, values, packedFrom, at, bitWidth);
      packedFrom = -1;
      writeRun(out, value, runEnd - at, bitWidth);
      at = runEnd;
    } else {
      // Packed groups hold eight values each; only the last group of the data may be short.
      if (packedFrom < 0) packedFrom = at;
      at = Math.min(at + 8, end);
    }
  }
  if (packedFrom >= 0) writePacked(out, values, packedFrom, end, bitWidth);
}

/** One RLE run of `count` copies of `value`. */
export function writeRun(out: ByteWriter, value: number, count: number, bitWidth: number): void {
  out.varint(count * 2);
  for (let shift = 0; shift < bitWidth; shift += 8) out.byte((value >>> shift) & 0xff);
}

function writePacked(out: ByteWriter, values: ArrayLike<number>, from: number, to: number, bitWidth: number): void {
  const groups = Math.ceil((to - from) / 8);
  out.varint(groups * 2 + 1);
  packBits(out, values, from, to, groups * 8, bitWidth);
}

/**
 * `count` values from `from`, LSB first at `bitWidth` (≤ 24) bits each, those at or past `to` as
 * zeros; `count * bitWidth` is a whole number of bytes. Up to 7 pending bits plus 24 new ones fit
 * in a 32-bit integer.
 */
export function packBits(out: ByteWriter, values: ArrayLike<number>, from: number, to: number, count: number, bitWidth: number): void {
  let at = out.reserve((count * bitWidth) / 8);
  const bytes = out.bytes;
  let acc = 0;
  let bits = 0;
  for (let i = from; i < from + count; i++) {
    acc |= (i < to ? values[i]! : 0) << bits;
    bits += bitWidth;
    while (bits >= 8) {
      bytes[at++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  out.length = at;
}
