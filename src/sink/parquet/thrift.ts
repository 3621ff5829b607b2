/**
 * Thrift compact protocol, write side only: the subset Parquet metadata needs (structs, i32/i64,
 * binary, bool, lists of structs, i32 and binary). Field ids must be written in ascending order.
 */
import { ByteWriter } from './bytes.js';

const enum CompactType {
  True = 1,
  False = 2,
  Byte = 3,
  I32 = 5,
  I64 = 6,
  Binary = 8,
  List = 9,
  Struct = 12,
}

const utf8 = new TextEncoder();

export class ThriftWriter {
  private lastField: number[] = [0];

  constructor(readonly out: ByteWriter) {}

  private header(id: number, type: CompactType): void {
    const delta = id - this.lastField[this.lastField.length - 1]!;
    if (delta > 0 && delta <= 15) this.out.byte((delta << 4) | type);
    else {
      this.out.byte(type);
      this.out.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }

  i32(id: number, value: number): this {
    this.header(id, CompactType.I32);
    this.out.zigzag(value);
    return this;
  }

  i8(id: number, value: number): this {
    this.header(id, CompactType.Byte);
    this.out.byte(value & 0xff);
    return this;
  }

  /** An i64 field from a number (|value| < 2^52, as every size and offset here is). */
  i64(id: number, value: number): this {
    this.header(id, CompactType.I64);
    this.out.zigzag(value);
    return this;
  }

  bool(id: number, value: boolean): this {
    this.header(id, value ? CompactType.True : CompactType.False);
    return this;
  }

  binary(id: number, value: Uint8Array | string): this {
    this.header(id, CompactType.Binary);
    this.rawBinary(value);
    return this;
  }

  struct(id: number, body: (writer: this) => void): this {
    this.header(id, CompactType.Struct);
    this.structBody(body);
    return this;
  }

  structList<T>(id: number, items: readonly T[], body: (writer: this, item: T) => void): this {
    this.listHeader(id, items.length, CompactType.Struct);
    for (const item of items) this.structBody((writer) => body(writer, item));
    return this;
  }

  i32List(id: number, items: readonly number[]): this {
    this.listHeader(id, items.length, CompactType.I32);
    for (const item of items) this.out.zigzag(item);
    return this;
  }

  binaryList(id: number, items: readonly string[]): this {
    this.listHeader(id, items.length, CompactType.Binary);
    for (const item of items) this.rawBinary(item);
    return this;
  }

  /** A top-level struct (a page header or the file metadata). */
  message(body: (writer: this) => void): this {
    this.structBody(body);
    return this;
  }

  private structBody(body: (writer: this) => void): void {
    this.lastField.push(0);
    body(this);
    this.out.byte(0);
    this.lastField.pop();
  }

  private listHeader(id: number, size: number, type: CompactType): void {
    this.header(id, CompactType.List);
    if (size < 15) this.out.byte((size << 4) | type);
    else {
      this.out.byte(0xf0 | type);
      this.out.varint(size);
    }
  }

  private rawBinary(value: Uint8Array | string): void {
    const bytes = typeof value === 'string' ? utf8.encode(value) : value;
    this.out.varint(bytes.length);
    this.out.append(bytes);
  }
}
