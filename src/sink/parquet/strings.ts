/**
 * BYTE_ARRAY leaves: Utf8 columns as PLAIN (length-prefixed bytes), Arrow dictionary columns as a
 * PLAIN dictionary page plus RLE_DICTIONARY indices, and booleans as PLAIN bits.
 */
import type { ByteWriter } from './bytes.js';
import { Encoding, PhysicalType } from './format.js';
import { bitWidthOf, writeHybrid } from './hybrid.js';
import type { Leaf, PageBody } from './leaf.js';
import { writeFlatDefinitionLevels } from './levels.js';

/** Utf8 values as they sit in Arrow: offsets into one byte buffer. */
export interface Utf8Buffers {
  /** Arrow pads its buffers: `count`, not the offsets' length, is the number of strings. */
  count: number;
  offsets: Int32Array;
  bytes: Uint8Array;
}

/** PLAIN BYTE_ARRAY values of [from, to) skipping nulls. */
export function writePlainStrings(out: ByteWriter, strings: Utf8Buffers, validity: Uint8Array | null, from: number, to: number): void {
  const { offsets, bytes } = strings;
  // Every value's bytes and length prefix, nulls included (they are skipped, not written): one
  // subtraction, not a pass. (A second loop in the function also made V8 optimize it once per loop.)
  let at = out.reserve(offsets[to]! - offsets[from]! + 4 * (to - from));
  const target = out.bytes;
  for (let i = from; i < to; i++) {
    if (validity && !((validity[i >> 3]! >> (i & 7)) & 1)) continue;
    const start = offsets[i]!;
    const length = offsets[i + 1]! - start;
    target[at] = length & 0xff;
    target[at + 1] = (length >>> 8) & 0xff;
    target[at + 2] = (length >>> 16) & 0xff;
    target[at + 3] = length >>> 24;
    at += 4;
    if (length < 32) for (let b = 0; b < length; b++) target[at + b] = bytes[start + b]!;
    else target.set(bytes.subarray(start, start + length), at);
    at += length;
  }
  out.length = at;
}

abstract class FlatLeaf implements Leaf {
  abstract readonly type: PhysicalType;

  constructor(
    readonly path: string[],
    protected readonly validity: Uint8Array | null,
    readonly rows: number,
    protected readonly optional: boolean,
  ) {}

  beginChunk(): void {}

  chunkStats(): null {
    return null;
  }

  page(out: ByteWriter, from: number, to: number): PageBody {
    const nulls = this.optional ? writeFlatDefinitionLevels(out, this.validity, from, to) : 0;
    return { values: to - from, nulls, encoding: this.writeValues(out, from, to) };
  }

  protected abstract writeValues(out: ByteWriter, from: number, to: number): Encoding;
}

export class Utf8Leaf extends FlatLeaf {
  readonly type = PhysicalType.BYTE_ARRAY;

  constructor(path: string[], private readonly strings: Utf8Buffers, validity: Uint8Array | null, rows: number, optional: boolean) {
    super(path, validity, rows, optional);
  }

  protected writeValues(out: ByteWriter, from: number, to: number): Encoding {
    writePlainStrings(out, this.strings, this.validity, from, to);
    return Encoding.PLAIN;
  }
}

export class DictionaryLeaf extends FlatLeaf {
  readonly type = PhysicalType.BYTE_ARRAY;

  constructor(path: string[], private readonly keys: Int32Array, private readonly entries: Utf8Buffers, validity: Uint8Array | null, rows: number, optional: boolean) {
    super(path, validity, rows, optional);
  }

  dictionary(out: ByteWriter): number {
    writePlainStrings(out, this.entries, null, 0, this.entries.count);
    return this.entries.count;
  }

  protected writeValues(out: ByteWriter, from: number, to: number): Encoding {
    writeDictionaryIndices(out, this.keys, this.entries.count, this.validity, from, to);
    return Encoding.RLE_DICTIONARY;
  }
}

let presentIndices = new Int32Array(0);

/** RLE_DICTIONARY values of [from, to): the bit width, then the indices of the non-null ones. */
export function writeDictionaryIndices(out: ByteWriter, indices: Int32Array, entries: number, validity: Uint8Array | null, from: number, to: number): void {
  const bitWidth = bitWidthOf(entries - 1);
  out.byte(bitWidth);
  if (!validity) return writeHybrid(out, indices, from, to, bitWidth);
  if (presentIndices.length < to - from) presentIndices = new Int32Array(to - from);
  let count = 0;
  for (let i = from; i < to; i++) if ((validity[i >> 3]! >> (i & 7)) & 1) presentIndices[count++] = indices[i]!;
  writeHybrid(out, presentIndices, 0, count, bitWidth);
}

export class BooleanLeaf extends FlatLeaf {
  readonly type = PhysicalType.BOOLEAN;

  constructor(path: string[], private readonly bits: Uint8Array, validity: Uint8Array | null, rows: number, optional: boolean) {
    super(path, validity, rows, optional);
  }

  protected writeValues(out: ByteWriter, from: number, to: number): Encoding {
    let at = out.reserve(Math.ceil((to - from) / 8));
    const target = out.bytes;
    let acc = 0;
    let bits = 0;
    for (let i = from; i < to; i++) {
      if (this.validity && !((this.validity[i >> 3]! >> (i & 7)) & 1)) continue;
      acc |= ((this.bits[i >> 3]! >> (i & 7)) & 1) << bits;
      if (++bits === 8) {
        target[at++] = acc;
        acc = 0;
        bits = 0;
      }
    }
    if (bits > 0) target[at++] = acc;
    out.length = at;
    return Encoding.PLAIN;
  }
}
