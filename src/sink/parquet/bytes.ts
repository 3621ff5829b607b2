/** The Parquet writer's little-endian byte writer: the project's byte buffer plus fixed-width numbers and LEB128. */
import { ByteBuffer } from '../../bytes/byte-buffer.js';

export class ByteWriter extends ByteBuffer {
  private view: DataView;

  constructor(capacity = 1 << 16) {
    super(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  protected override grow(needed: number): void {
    super.grow(needed);
    this.view = new DataView(this.bytes.buffer);
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  uint32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  patchUint32(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  float64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  /** Unsigned LEB128 of a whole number below 2^53. */
  varint(value: number): void {
    this.reserve(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  /** Zigzag LEB128 of a whole number with |value| < 2^52. */
  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }
}
