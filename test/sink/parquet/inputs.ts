/** Inputs for the Parquet leaf tests, in the writer's buffer layout (as Arrow holds them). */
import type { Utf8Buffers } from '../../../src/sink/parquet/strings.js';

/** Strings as one UTF-8 byte buffer and offsets into it. */
export function utf8Buffers(strings: string[]): Utf8Buffers {
  const encoded = strings.map((text) => new TextEncoder().encode(text));
  const offsets = new Int32Array(strings.length + 1);
  encoded.forEach((bytes, i) => (offsets[i + 1] = offsets[i]! + bytes.length));
  const bytes = new Uint8Array(offsets[strings.length]!);
  encoded.forEach((part, i) => bytes.set(part, offsets[i]!));
  return { count: strings.length, offsets, bytes };
}

/** A validity bitmap (bit set: value present), LSB first. */
export function validityBits(rows: number, isNull: (i: number) => boolean): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(rows / 8));
  for (let i = 0; i < rows; i++) if (!isNull(i)) bitmap[i >> 3]! |= 1 << (i & 7);
  return bitmap;
}
