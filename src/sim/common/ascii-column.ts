/** A Utf8 column built from ASCII bytes (hex ids, pre-encoded values) with nulls, reused batch to batch. */
import { Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { ByteBuffer } from '../../bytes/byte-buffer.js';
import { copyBytes } from './arrow.js';

const HEX = new TextEncoder().encode('0123456789abcdef');

/** Builds a Utf8 column of ASCII values, with nulls. */
export class AsciiColumn {
  private readonly text = new ByteBuffer(1 << 12);
  private offsets = new Int32Array(1);
  private bitmap = new Uint8Array(1);
  private rows = 0;
  private nulls = 0;

  reset(rows: number): void {
    if (this.offsets.length < rows + 1) {
      this.offsets = new Int32Array(rows + 1);
      this.bitmap = new Uint8Array((rows + 8) >> 3);
    }
    this.bitmap.fill(0, 0, (rows + 8) >> 3);
    this.text.reset();
    this.rows = 0;
    this.nulls = 0;
  }

  /** Appends `word` as 8 lowercase hex digits (or its low `digits` digits). */
  hex(word: number, digits = 8): this {
    const at = this.text.reserve(digits);
    const data = this.text.bytes;
    for (let k = digits - 1; k >= 0; k--) {
      data[at + k] = HEX[word & 15]!;
      word >>>= 4;
    }
    this.text.length = at + digits;
    return this;
  }

  bytes(value: Uint8Array): this {
    const length = value.length;
    const at = this.text.reserve(length);
    // Ids and labels are short: a loop beats TypedArray.set's call overhead.
    if (length <= 32) {
      const data = this.text.bytes;
      for (let k = 0; k < length; k++) data[at + k] = value[k]!;
    } else {
      this.text.bytes.set(value, at);
    }
    this.text.length = at + length;
    return this;
  }

  /** Appends bytes[from…to) of an encoded arena. */
  range(bytes: Uint8Array, from: number, to: number): this {
    const at = this.text.reserve(to - from);
    this.text.length = copyBytes(bytes, from, to, this.text.bytes, at);
    return this;
  }

  /** Appends the last `count` values again (the series of one label set repeat its values). */
  repeat(count: number): this {
    const from = this.offsets[this.rows - count]!;
    const at = this.text.reserve(this.text.length - from);
    const length = at - from;
    this.text.bytes.copyWithin(at, from, at);
    for (let k = 0; k < count; k++) {
      this.bitmap[this.rows >> 3]! |= 1 << (this.rows & 7);
      this.offsets[this.rows + 1] = this.offsets[this.rows + 1 - count]! + length;
      this.rows++;
    }
    this.text.length = at + length;
    return this;
  }

  end(): void {
    this.bitmap[this.rows >> 3]! |= 1 << (this.rows & 7);
    this.offsets[++this.rows] = this.text.length;
  }

  nullValue(): void {
    this.nulls++;
    this.offsets[++this.rows] = this.text.length;
  }

  vector(): Vector {
    return makeVector(
      makeData({
        type: new Utf8(),
        length: this.rows,
        valueOffsets: this.offsets.subarray(0, this.rows + 1),
        data: this.text.view8(),
        nullBitmap: this.nulls > 0 ? this.bitmap.subarray(0, (this.rows + 7) >> 3) : undefined,
        nullCount: this.nulls,
      }),
    );
  }

  /** The bytes of row i (valid until the next reset). */
  value(i: number): Uint8Array {
    return this.text.bytes.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }
}

