/**
 * A reader of the Parquet encodings written from the format's specification (Encodings.md, the
 * Thrift compact protocol), sharing no code with src/sink/parquet: the per-module tests decode what
 * each encoder wrote with it. Exact: int64 values come back as bigint.
 */

export class SpecReader {
  at = 0;

  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error(`spec reader: read past the end (${this.bytes.length} bytes)`);
    return this.bytes[this.at++]!;
  }

  take(count: number): Uint8Array {
    if (this.at + count > this.bytes.length) throw new Error(`spec reader: ${count} bytes past the end`);
    const slice = this.bytes.subarray(this.at, this.at + count);
    this.at += count;
    return slice;
  }

  uint32(): number {
    const [a, b, c, d] = this.take(4);
    return (a! | (b! << 8) | (c! << 16) | (d! << 24)) >>> 0;
  }

  /** Unsigned LEB128. */
  uleb(): bigint {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
  }

  /** Zigzag LEB128. */
  zigzag(): bigint {
    const raw = this.uleb();
    return raw & 1n ? -(raw >> 1n) - 1n : raw >> 1n;
  }
}

/** `count` values of `width` bits, LSB first (Parquet's bit-packing). */
function unpack(bytes: Uint8Array, count: number, width: number): bigint[] {
  const values: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let value = 0n;
    for (let b = 0; b < width; b++) {
      const bit = i * width + b;
      if ((bytes[bit >> 3]! >> (bit & 7)) & 1) value |= 1n << BigInt(b);
    }
    values.push(value);
  }
  return values;
}

export interface HybridRun {
  kind: 'rle' | 'packed';
  /** Values of the run (packed: whole groups of eight, padding included). */
  count: number;
}

/** The RLE / bit-packed hybrid: `count` values of `width` bits, and the runs they came in. */
export function readHybrid(reader: SpecReader, width: number, count: number): { values: number[]; runs: HybridRun[] } {
  const values: number[] = [];
  const runs: HybridRun[] = [];
  while (values.length < count) {
    const header = Number(reader.uleb());
    if (header & 1) {
      const groups = header >> 1;
      const unpacked = unpack(reader.take(groups * width), groups * 8, width);
      runs.push({ kind: 'packed', count: groups * 8 });
      values.push(...unpacked.slice(0, count - values.length).map(Number));
    } else {
      const repeat = header >> 1;
      let value = 0;
      for (let b = 0; b < Math.ceil(width / 8); b++) value |= reader.byte() << (8 * b);
      runs.push({ kind: 'rle', count: repeat });
      for (let i = 0; i < repeat; i++) values.push(value);
    }
  }
  if (values.length !== count) throw new Error(`spec reader: hybrid holds ${values.length} values, expected ${count}`);
  return { values, runs };
}

/** A V1 data page's levels section: a 4-byte length, then the hybrid. */
export function readLevels(reader: SpecReader, maxLevel: number, count: number): number[] {
  const length = reader.uint32();
  const section = new SpecReader(reader.take(length));
  const { values } = readHybrid(section, maxLevel === 0 ? 0 : 32 - Math.clz32(maxLevel), count);
  if (!section.done) throw new Error('spec reader: bytes left in a levels section');
  return values;
}

/** DELTA_BINARY_PACKED, the whole header-and-blocks stream. */
export function readDeltaBinaryPacked(reader: SpecReader): bigint[] {
  const blockSize = Number(reader.uleb());
  const miniblocks = Number(reader.uleb());
  const total = Number(reader.uleb());
  const perMiniblock = blockSize / miniblocks;
  const values: bigint[] = [];
  if (total === 0) return values;
  let last = reader.zigzag();
  values.push(last);
  while (values.length < total) {
    const minDelta = reader.zigzag();
    const widths = Array.from(reader.take(miniblocks));
    for (const width of widths) {
      if (values.length >= total) break;
      for (const delta of unpack(reader.take((perMiniblock * width) / 8), perMiniblock, width)) {
        if (values.length >= total) break;
        last += minDelta + delta;
        values.push(last);
      }
    }
  }
  return values;
}

/** PLAIN BYTE_ARRAY: `count` length-prefixed strings. */
export function readPlainStrings(reader: SpecReader, count: number): string[] {
  const text = new TextDecoder('utf-8', { fatal: true });
  return Array.from({ length: count }, () => text.decode(reader.take(reader.uint32())));
}

/** BYTE_STREAM_SPLIT of 8-byte values: stream k holds byte k of every value. */
export function joinStreams(bytes: Uint8Array, count: number): Float64Array {
  const joined = new Uint8Array(count * 8);
  for (let i = 0; i < count; i++) for (let k = 0; k < 8; k++) joined[i * 8 + k] = bytes[k * count + i]!;
  return new Float64Array(joined.buffer);
}

/** A Thrift compact-protocol value: structs as { fieldId: value }, lists as arrays, binary as text. */
export type Thrift = number | bigint | boolean | string | Thrift[] | { [field: number]: Thrift };

function readCompactValue(reader: SpecReader, type: number): Thrift {
  switch (type) {
    case 1:
      return true;
    case 2:
      return false;
    case 3:
      return reader.byte();
    case 5:
      return Number(reader.zigzag());
    case 6:
      return reader.zigzag();
    case 8:
      return new TextDecoder().decode(reader.take(Number(reader.uleb())));
    case 9: {
      const header = reader.byte();
      const size = header >> 4 === 15 ? Number(reader.uleb()) : header >> 4;
      // In lists, booleans are one byte each (1 true, 2 false); no list here holds them.
      return Array.from({ length: size }, () => readCompactValue(reader, header & 0x0f));
    }
    case 12:
      return readCompactStruct(reader);
    default:
      throw new Error(`spec reader: thrift compact type ${type} not expected here`);
  }
}

/** A compact-protocol struct up to its stop byte; field ids from short-form deltas or zigzag ids. */
export function readCompactStruct(reader: SpecReader): { [field: number]: Thrift } {
  const fields: { [field: number]: Thrift } = {};
  let last = 0;
  for (;;) {
    const header = reader.byte();
    if (header === 0) return fields;
    const delta = header >> 4;
    const id = delta === 0 ? Number(reader.zigzag()) : last + delta;
    fields[id] = readCompactValue(reader, header & 0x0f);
    last = id;
  }
}
