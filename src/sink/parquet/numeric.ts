/**
 * Fixed-width leaves (INT32, INT64 for int64/uint64/timestamps, DOUBLE): PLAIN, DELTA_BINARY_PACKED
 * or BYTE_STREAM_SPLIT, chosen by the table's declaration. Values are read as bytes; int64 goes
 * through a pair of 32-bit words so that no BigInt is made per value.
 */
import type { ByteWriter } from './bytes.js';
import { DELTA_LIMIT, writeDeltaBinaryPacked } from './delta.js';
import { Encoding, PhysicalType } from './format.js';
import { int64Extremes, signedWordsToNumbers, splitBytes, unsignedWordsToNumbers } from './kernels.js';
import type { Leaf, PageBody } from './leaf.js';
import { MinMax } from './leaf.js';
import { writeFlatDefinitionLevels } from './levels.js';

export type NumericKind = 'int32' | 'int64' | 'uint64' | 'double';
export type NumericEncoding = 'plain' | 'delta' | 'byteStreamSplit';

let compacted = new Uint8Array(1 << 16);
let numbers = new Float64Array(1 << 13);

export class NumericLeaf implements Leaf {
  readonly type: PhysicalType;
  private readonly width: number;
  /** int32 and double statistics. */
  private readonly stats = new MinMax();
  /** int64 statistics, exact at any magnitude (null: no value yet). */
  private int64Min: bigint | null = null;
  private int64Max: bigint | null = null;

  constructor(
    readonly path: string[],
    private readonly kind: NumericKind,
    private readonly bytes: Uint8Array,
    private readonly validity: Uint8Array | null,
    readonly rows: number,
    private readonly preferred: NumericEncoding,
    private readonly optional: boolean,
  ) {
    this.type = kind === 'int32' ? PhysicalType.INT32 : kind === 'double' ? PhysicalType.DOUBLE : PhysicalType.INT64;
    this.width = kind === 'int32' ? 4 : 8;
  }

  beginChunk(): void {
    this.stats.reset();
    this.int64Min = this.int64Max = null;
  }

  page(out: ByteWriter, from: number, to: number): PageBody {
    const nulls = this.optional ? writeFlatDefinitionLevels(out, this.validity, from, to) : 0;
    const values = nulls === 0 ? this.bytes.subarray(from * this.width, to * this.width) : this.compact(from, to, to - from - nulls);
    const count = values.length / this.width;
    if (this.kind === 'double') return { values: to - from, nulls, encoding: this.writeDoubles(out, values, count) };
    if (this.kind === 'int32') {
      this.stats.include(new Int32Array(values.buffer, values.byteOffset, count), count);
      out.append(values);
      return { values: to - from, nulls, encoding: Encoding.PLAIN };
    }
    return { values: to - from, nulls, encoding: this.writeInt64(out, values, count) };
  }

  chunkStats(): { min: Uint8Array; max: Uint8Array } | null {
    if (this.kind === 'int64' || this.kind === 'uint64') {
      if (this.int64Min === null || this.int64Max === null) return null;
      // The column order of UINT_64 is unsigned: its statistics are unsigned too.
      const bytesOf = (value: bigint): Uint8Array => {
        const buffer = new DataView(new ArrayBuffer(8));
        if (this.kind === 'uint64') buffer.setBigUint64(0, value, true);
        else buffer.setBigInt64(0, value, true);
        return new Uint8Array(buffer.buffer);
      };
      return { min: bytesOf(this.int64Min), max: bytesOf(this.int64Max) };
    }
    if (!this.stats.usable) return null;
    const bytesOf = (value: number): Uint8Array => {
      const buffer = new DataView(new ArrayBuffer(this.width));
      if (this.kind === 'int32') buffer.setInt32(0, value, true);
      else buffer.setFloat64(0, value, true);
      return new Uint8Array(buffer.buffer);
    };
    return { min: bytesOf(this.stats.min), max: bytesOf(this.stats.max) };
  }

  /** The non-null values of rows [from, to), back to back, copied in runs (nulls come in long runs here). */
  private compact(from: number, to: number, count: number): Uint8Array {
    if (compacted.length < count * this.width) compacted = new Uint8Array(count * this.width * 1.25);
    const validity = this.validity!;
    const width = this.width;
    let at = 0;
    let i = from;
    while (i < to) {
      while (i < to && !((validity[i >> 3]! >> (i & 7)) & 1)) i = (i & 7) === 0 && validity[i >> 3] === 0 ? i + 8 : i + 1;
      // Whole-byte steps may overshoot `to`: clamp both ends of the run.
      const start = Math.min(i, to);
      while (i < to && (validity[i >> 3]! >> (i & 7)) & 1) i = (i & 7) === 0 && validity[i >> 3] === 0xff ? i + 8 : i + 1;
      const end = Math.min(i, to);
      compacted.set(this.bytes.subarray(start * width, end * width), at);
      at += (end - start) * width;
      i = end;
    }
    return compacted.subarray(0, at);
  }

  private writeDoubles(out: ByteWriter, values: Uint8Array, count: number): Encoding {
    this.stats.include(new Float64Array(values.buffer, values.byteOffset, count), count);
    if (this.preferred !== 'byteStreamSplit') {
      out.append(values);
      return Encoding.PLAIN;
    }
    const at = out.reserve(count * 8);
    splitBytes(out.bytes, at, values, count);
    out.length = at + count * 8;
    return Encoding.BYTE_STREAM_SPLIT;
  }

  /** int64 words as exact doubles when every value is below 2^50 in magnitude (then DELTA is possible). */
  private writeInt64(out: ByteWriter, values: Uint8Array, count: number): Encoding {
    const words = new Int32Array(values.buffer, values.byteOffset, count * 2);
    if (numbers.length < count) numbers = new Float64Array(Math.ceil(count * 1.25));
    const unsigned = this.kind === 'uint64';
    const { min, max } = unsigned ? unsignedWordsToNumbers(words, count, numbers) : signedWordsToNumbers(words, count, numbers);
    const small = count === 0 || (min > -DELTA_LIMIT && max < DELTA_LIMIT);
    if (count > 0) {
      // Below 2^50 the doubles are the values; above, a second pass finds them word by word
      // (microsecond times, hashed ids).
      if (small) this.includeInt64(BigInt(min), BigInt(max));
      else {
        const { minAt, maxAt } = int64Extremes(words, count, unsigned);
        const view = new DataView(values.buffer, values.byteOffset, count * 8);
        const read = (at: number) => (unsigned ? view.getBigUint64(at * 8, true) : view.getBigInt64(at * 8, true));
        this.includeInt64(read(minAt), read(maxAt));
      }
    }
    if (this.preferred === 'delta' && small) {
      writeDeltaBinaryPacked(out, numbers, 0, count);
      return Encoding.DELTA_BINARY_PACKED;
    }
    out.append(values);
    return Encoding.PLAIN;
  }

  private includeInt64(min: bigint, max: bigint): void {
    if (this.int64Min === null || min < this.int64Min) this.int64Min = min;
    if (this.int64Max === null || max > this.int64Max) this.int64Max = max;
  }
}
