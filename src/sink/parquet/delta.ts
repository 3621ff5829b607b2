/**
 * DELTA_BINARY_PACKED for whole numbers held exactly in doubles (|value| < 2^50): blocks of 128
 * deltas in four miniblocks of 32, each bit-packed at its own width above the block's minimum.
 */
import type { ByteWriter } from './bytes.js';
import { packBits } from './hybrid.js';

const BLOCK = 128;
const MINIBLOCKS = 4;
const PER_MINIBLOCK = BLOCK / MINIBLOCKS;
/** Largest magnitude written this way: deltas and zigzag stay exact in a double. */
export const DELTA_LIMIT = 2 ** 50;

const adjusted = new Float64Array(BLOCK);
const widths = new Uint8Array(MINIBLOCKS);

export function writeDeltaBinaryPacked(out: ByteWriter, values: Float64Array, start: number, end: number): void {
  out.varint(BLOCK);
  out.varint(MINIBLOCKS);
  out.varint(end - start);
  out.zigzag(end > start ? values[start]! : 0);
  for (let blockStart = start + 1; blockStart < end; blockStart += BLOCK) {
    const count = Math.min(BLOCK, end - blockStart);
    let minDelta = Infinity;
    for (let i = 0; i < count; i++) {
      const delta = values[blockStart + i]! - values[blockStart + i - 1]!;
      adjusted[i] = delta;
      if (delta < minDelta) minDelta = delta;
    }
    out.zigzag(minDelta);
    widths.fill(0);
    for (let m = 0; m * PER_MINIBLOCK < count; m++) {
      let max = 0;
      const to = Math.min(count, (m + 1) * PER_MINIBLOCK);
      for (let i = m * PER_MINIBLOCK; i < to; i++) {
        const value = (adjusted[i] = adjusted[i]! - minDelta);
        if (value > max) max = value;
      }
      widths[m] = bitsFor(max);
    }
    for (const width of widths) out.byte(width);
    for (let m = 0; m * PER_MINIBLOCK < count; m++) {
      const from = m * PER_MINIBLOCK;
      for (let i = Math.min(count, from + PER_MINIBLOCK); i < from + PER_MINIBLOCK; i++) adjusted[i] = 0;
      packMiniblock(out, adjusted, from, widths[m]!);
    }
  }
}

/** Bits needed for 0..max (max a whole number below 2^51). */
function bitsFor(max: number): number {
  if (max < 2147483648) return 32 - Math.clz32(max);
  let width = 31;
  while (2 ** width <= max) width++;
  return width;
}

/** 32 values LSB-first at `width` bits; values wider than 24 bits go in 16-bit pieces. */
function packMiniblock(out: ByteWriter, values: Float64Array, from: number, width: number): void {
  if (width === 0) return;
  if (width <= 24) return packBits(out, values, from, from + PER_MINIBLOCK, PER_MINIBLOCK, width);
  let at = out.reserve(width * 4);
  const bytes = out.bytes;
  let acc = 0;
  let bits = 0;
  for (let i = from; i < from + PER_MINIBLOCK; i++) {
    let value = values[i]!;
    let left = width;
    while (left > 0) {
      const take = left < 16 ? left : 16;
      const piece = value % 65536;
      value = (value - piece) / 65536;
      acc |= (piece & ((1 << take) - 1)) << bits;
      bits += take;
      left -= take;
      while (bits >= 8) {
        bytes[at++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
  out.length = at;
}
