/**
 * Kafka's primitive types (protocol guide, "Protocol Primitive Types"): big-endian INT8–INT64,
 * STRING / NULLABLE_STRING (INT16 length, -1 = null), BYTES (INT32 length), ARRAY (INT32 count,
 * -1 = null), and the zig-zag VARINT / VARLONG of record batches. Only the non-flexible encodings:
 * the double advertises no flexible (compact, tagged-field) version.
 */
export class WireReader {
  offset = 0;
  constructor(readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(count: number, what: string): void {
    if (this.offset + count > this.bytes.length) throw new Error(`truncated ${what} at byte ${this.offset}`);
  }

  int8(): number {
    this.need(1, 'INT8');
    return this.bytes.readInt8(this.offset++);
  }

  int16(): number {
    this.need(2, 'INT16');
    const value = this.bytes.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.need(4, 'INT32');
    const value = this.bytes.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint32(): number {
    this.need(4, 'UINT32');
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  int64(): bigint {
    this.need(8, 'INT64');
    const value = this.bytes.readBigInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    this.need(length, 'STRING');
    const text = this.bytes.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  string(): string {
    const text = this.nullableString();
    if (text === null) throw new Error(`null STRING at byte ${this.offset}`);
    return text;
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    return this.raw(length, 'BYTES');
  }

  raw(length: number, what = 'bytes'): Buffer {
    this.need(length, what);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** ARRAY of `item`; null (count -1) reads as null. */
  array<T>(item: (reader: WireReader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(item(this));
    return items;
  }

  /** Zig-zag VARINT / VARLONG (up to 64 bits; returned as a number, exact below 2^53). */
  varint(): number {
    let shift = 0n;
    let value = 0n;
    for (;;) {
      this.need(1, 'VARINT');
      const byte = this.bytes[this.offset++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new Error(`VARINT longer than 10 bytes at byte ${this.offset}`);
    }
    return Number((value >> 1n) ^ -(value & 1n));
  }
}

export class WireWriter {
  private readonly chunks: Buffer[] = [];

  int8(value: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(value);
    return this.push(b);
  }

  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.push(b);
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.push(b);
  }

  int64(value: bigint | number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    return this.push(b);
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    return this.int16(bytes.length).push(bytes);
  }

  array<T>(items: readonly T[], item: (writer: WireWriter, value: T, index: number) => void): this {
    this.int32(items.length);
    items.forEach((value, index) => item(this, value, index));
    return this;
  }

  push(bytes: Buffer): this {
    this.chunks.push(bytes);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
