/**
 * A protobuf writer over one growable byte buffer, reused for every request: varints, fixed64,
 * doubles, UTF-8 strings and byte slices, and length-delimited fields whose length is back-patched
 * (`fork` reserves the expected size of the length varint, `join` moves the content when the
 * guess was wrong). Encoders write messages field by field from column batches, so no message
 * object exists per point; `take()` copies the finished body out (requests stay in flight while
 * the next one is written). It is the project's ByteBuffer with protobuf's encodings on top.
 */
import { ByteBuffer } from '../../bytes/byte-buffer.js';

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;

const TWO_32 = 2 ** 32;

/** Bytes of the varint of a non-negative integer up to 2^53. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  let size = 5;
  for (let rest = Math.floor(value / 2 ** 35); rest > 0; rest = Math.floor(rest / 128)) size++;
  return size;
}

/** "0"–"9", "a"–"f", "A"–"F" → 0–15, anything else → 16. */
const HEX_VALUE = new Uint8Array(256).fill(16);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[0x61 + i] = HEX_VALUE[0x41 + i] = 10 + i;

/** True when `source[start, start + length)` is the hex text of exactly `bytes` bytes. */
export function isHexId(source: Uint8Array, start: number, length: number, bytes: number): boolean {
  if (length !== bytes * 2) return false;
  for (let i = start; i < start + length; i++) if (HEX_VALUE[source[i]!]! > 15) return false;
  return true;
}

export class ProtoWriter extends ByteBuffer {
  /** Views of `bytes`: little-endian numbers, and Buffer's UTF-8 encoder. */
  private view: DataView;
  private text: Buffer;

  constructor(initialBytes = 1 << 20) {
    super(initialBytes);
    this.view = new DataView(this.bytes.buffer);
    this.text = Buffer.from(this.bytes.buffer);
  }

  protected override grow(needed: number): void {
    super.grow(needed);
    this.view = new DataView(this.bytes.buffer);
    this.text = Buffer.from(this.bytes.buffer);
  }

  /** A field's key (field numbers below 2^28). */
  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** Varint of an integer in [0, 2^32). */
  uint32(value: number): void {
    this.reserve(5);
    const buffer = this.bytes;
    let v = value >>> 0;
    while (v > 0x7f) {
      buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buffer[this.length++] = v;
  }

  /** Varint of a non-negative integer up to 2^53 (protobuf int64/uint64 of that value). */
  uint53(value: number): void {
    if (value < TWO_32) return this.uint32(value);
    const low = value % TWO_32;
    this.varint64(low, (value - low) / TWO_32);
  }

  /**
   * Varint of a 64-bit two's complement value given as 32-bit halves (`low` and `high` read as
   * unsigned): negative int64 values take ten bytes, as protobuf specifies.
   */
  varint64(low: number, high: number): void {
    this.reserve(10);
    const buffer = this.bytes;
    let lo = low >>> 0;
    let hi = high >>> 0;
    while (hi > 0 || lo > 0x7f) {
      buffer[this.length++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buffer[this.length++] = lo;
  }

  /** An int64 field value from a double holding an integer (any sign; exact up to 2^53). */
  int64(value: number): void {
    if (value >= 0) return this.uint53(value);
    // Two's complement of |value|, in halves.
    const magnitude = -value;
    let low = magnitude % TWO_32;
    let high = (magnitude - low) / TWO_32;
    low = (~low + 1) >>> 0;
    high = (~high + (low === 0 ? 1 : 0)) >>> 0;
    this.varint64(low, high);
  }

  fixed64(low: number, high: number): void {
    this.reserve(8);
    this.view.setUint32(this.length, low >>> 0, true);
    this.view.setUint32(this.length + 4, high >>> 0, true);
    this.length += 8;
  }

  /**
   * fixed64 of a count held in a double, as protobufjs converts numbers (sign and magnitude
   * split into 32-bit halves, fraction dropped).
   */
  fixed64Number(value: number): void {
    if (value === 0 || !Number.isFinite(value)) return this.fixed64(0, 0);
    const negative = value < 0;
    const magnitude = negative ? -value : value;
    let low = magnitude >>> 0;
    let high = ((magnitude - low) / TWO_32) >>> 0;
    if (negative) {
      high = ~high >>> 0;
      low = ~low >>> 0;
      if (++low > 0xffffffff) {
        low = 0;
        if (++high > 0xffffffff) high = 0;
      }
    }
    this.fixed64(low, high);
  }

  /**
   * fixed64 nanoseconds of `ms` (integral) plus `extraNs` (below 2^53 − 2^32 · 10^6): ms × 10^6
   * exceeds 2^53, so ms is split into 2^32-sized halves before multiplying.
   */
  nanos(ms: number, extraNs: number): void {
    const msHigh = Math.floor(ms / TWO_32);
    const msLow = ms - msHigh * TWO_32;
    const low = msLow * 1e6 + extraNs;
    const carry = Math.floor(low / TWO_32);
    this.fixed64(low - carry * TWO_32, msHigh * 1e6 + carry);
  }

  double(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  /** Raw bytes (a pre-encoded field or message). */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    if (bytes.length < 32) {
      const buffer = this.bytes;
      for (let i = 0; i < bytes.length; i++) buffer[this.length++] = bytes[i]!;
      return;
    }
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Length-prefixed bytes `source[start, start + length)`. */
  slice(source: Uint8Array, start: number, length: number): void {
    this.uint32(length);
    this.reserve(length);
    if (length < 32) {
      const buffer = this.bytes;
      for (let i = start; i < start + length; i++) buffer[this.length++] = source[i]!;
      return;
    }
    this.bytes.set(source.subarray(start, start + length), this.length);
    this.length += length;
  }

  /** A length-prefixed UTF-8 string (lone surrogates become U+FFFD, as Buffer writes them). */
  string(value: string): void {
    const n = value.length;
    if (n * 3 >= 0x80) {
      const length = Buffer.byteLength(value);
      this.uint32(length);
      this.reserve(length);
      this.text.write(value, this.length, length, 'utf8');
      this.length += length;
      return;
    }
    // At most 3 bytes per UTF-16 unit: the length fits one byte, written after the content.
    this.reserve(1 + n * 3);
    const buffer = this.bytes;
    const at = this.length++;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x80) {
        buffer[this.length++] = c;
        continue;
      }
      // Anything else: let Buffer encode the whole string (surrogate pairs, U+FFFD for lone ones).
      this.length = at + 1 + this.text.write(value, at + 1, 'utf8');
      break;
    }
    buffer[at] = this.length - at - 1;
  }

  /**
   * Hex text `source[start, start + 2 × bytes)` as a length-delimited field of `bytes` bytes;
   * text of another length or with a non-hex character writes nothing (returns false).
   */
  hexField(field: number, source: Uint8Array, start: number, length: number, bytes: number): boolean {
    if (!isHexId(source, start, length, bytes)) return false;
    this.tag(field, LENGTH_DELIMITED);
    this.uint32(bytes);
    this.reserve(bytes);
    const buffer = this.bytes;
    for (let i = start; i < start + length; i += 2) buffer[this.length++] = (HEX_VALUE[source[i]!]! << 4) | HEX_VALUE[source[i + 1]!]!;
    return true;
  }

  /** `hexField` of a JS string (ids held in JSON text: span links). */
  hexTextField(field: number, text: string, bytes: number): boolean {
    if (text.length !== bytes * 2) return false;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 255 || HEX_VALUE[text.charCodeAt(i)]! > 15) return false;
    this.tag(field, LENGTH_DELIMITED);
    this.uint32(bytes);
    this.reserve(bytes);
    const buffer = this.bytes;
    for (let i = 0; i < text.length; i += 2) buffer[this.length++] = (HEX_VALUE[text.charCodeAt(i)]! << 4) | HEX_VALUE[text.charCodeAt(i + 1)]!;
    return true;
  }

  /**
   * Starts a length-delimited field's content, reserving `lengthBytes` for its length (1 for
   * content below 128 bytes, 2 below 16 KiB, 3 below 2 MiB); returns the mark for `join`.
   */
  fork(lengthBytes = 1): number {
    this.reserve(lengthBytes);
    const mark = this.length;
    this.length += lengthBytes;
    return mark * 8 + lengthBytes;
  }

  /** Writes the length of the content started at `mark`, moving the content if its length took another size. */
  join(mark: number): void {
    const reserved = mark & 7;
    const at = (mark - reserved) / 8;
    const length = this.length - at - reserved;
    const size = varintSize(length);
    if (size !== reserved) {
      this.reserve(size - reserved);
      this.bytes.copyWithin(at + size, at + reserved, this.length);
      this.length += size - reserved;
    }
    const buffer = this.bytes;
    let p = at;
    let v = length;
    while (v > 0x7f) {
      buffer[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buffer[p] = v;
  }
}
