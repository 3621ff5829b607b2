/**
 * The project's one growable byte buffer: Parquet pages and files, JSON bodies and lines, Arrow
 * text columns. Reused between uses (reset) so hot paths do not allocate; `bytes` may be replaced
 * by a larger array on growth, so read it after reserving.
 */
export class ByteBuffer {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  reset(): this {
    this.length = 0;
    return this;
  }

  /** Makes room for `more` bytes; returns the offset they start at. */
  reserve(more: number): number {
    const needed = this.length + more;
    if (needed > this.bytes.length) this.grow(needed);
    return this.length;
  }

  /** Appends bytes (reserving room for them). */
  append(data: Uint8Array): this {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** What was written, without copying (valid until the next write). */
  view8(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Copies out what was written and starts over. */
  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }

  protected grow(needed: number): void {
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}
