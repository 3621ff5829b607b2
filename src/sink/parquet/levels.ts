/** Definition levels of flat columns, written as a V1 data page section (length-prefixed hybrid). */
import type { ByteWriter } from './bytes.js';
import { writeHybrid, writeRun } from './hybrid.js';

let scratch = new Uint8Array(1 << 16);

/** Writes the 0/1 definition levels of rows [from, to); returns how many are null. */
export function writeFlatDefinitionLevels(out: ByteWriter, validity: Uint8Array | null, from: number, to: number): number {
  const lengthAt = out.reserve(4);
  out.length += 4;
  let nulls = 0;
  if (!validity) writeRun(out, 1, to - from, 1);
  else {
    if (scratch.length < to - from) scratch = new Uint8Array(to - from);
    for (let i = from; i < to; i++) {
      const defined = (validity[i >> 3]! >> (i & 7)) & 1;
      scratch[i - from] = defined;
      nulls += 1 - defined;
    }
    writeHybrid(out, scratch, 0, to - from, 1);
  }
  out.patchUint32(lengthAt, out.length - lengthAt - 4);
  return nulls;
}

/** Writes levels (any width) as a length-prefixed hybrid section. */
export function writeLevels(out: ByteWriter, levels: Uint8Array, count: number, maxLevel: number): void {
  const lengthAt = out.reserve(4);
  out.length += 4;
  writeHybrid(out, levels, 0, count, maxLevel <= 1 ? 1 : 32 - Math.clz32(maxLevel));
  out.patchUint32(lengthAt, out.length - lengthAt - 4);
}

/** `count` copies of one level as a length-prefixed section: a single RLE run. */
export function writeLevelRun(out: ByteWriter, level: number, count: number): void {
  const lengthAt = out.reserve(4);
  out.length += 4;
  writeRun(out, level, count, level <= 1 ? 1 : 32 - Math.clz32(level));
  out.patchUint32(lengthAt, out.length - lengthAt - 4);
}
