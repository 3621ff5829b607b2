/** Repetition and definition levels as V1 data page sections: a 4-byte length, then the hybrid. */
import type { ByteWriter } from './bytes.js';
import { bitWidthOf, writeHybrid, writeRun } from './hybrid.js';
import { definitionLevels } from './kernels.js';

let scratch = new Uint8Array(1 << 16);

/** Runs `write`, then puts the byte length of what it wrote in front of it. */
function lengthPrefixed(out: ByteWriter, write: () => void): void {
  const lengthAt = out.reserve(4);
  out.length += 4;
  write();
  out.patchUint32(lengthAt, out.length - lengthAt - 4);
}

/** Writes the 0/1 definition levels of rows [from, to); returns how many are null. */
export function writeFlatDefinitionLevels(out: ByteWriter, validity: Uint8Array | null, from: number, to: number): number {
  if (!validity) {
    writeLevelRun(out, 1, to - from);
    return 0;
  }
  if (scratch.length < to - from) scratch = new Uint8Array(to - from);
  const nulls = definitionLevels(validity, from, to, scratch);
  writeLevels(out, scratch, to - from, 1);
  return nulls;
}

/** Writes `count` levels of at most `maxLevel`. */
export function writeLevels(out: ByteWriter, levels: Uint8Array, count: number, maxLevel: number): void {
  lengthPrefixed(out, () => writeHybrid(out, levels, 0, count, bitWidthOf(maxLevel)));
}

/** `count` copies of one level: a single RLE run. */
export function writeLevelRun(out: ByteWriter, level: number, count: number): void {
  lengthPrefixed(out, () => writeRun(out, level, count, bitWidthOf(level)));
}
