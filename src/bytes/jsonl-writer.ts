/** JSON lines: the JSON byte writer with row framing, handing full ~4 MiB chunks to a consumer. */
import { JsonBytes } from './json-bytes.js';

const CHUNK_BYTES = 4 << 20;

export class JsonlWriter extends JsonBytes {
  rows = 0;

  constructor(private readonly onChunk: (chunk: Uint8Array) => void) {
    super(CHUNK_BYTES);
  }

  endRow(): void {
    this.reserve(1);
    this.bytes[this.length++] = 0x0a;
    this.rows++;
    if (this.length >= CHUNK_BYTES) this.flush();
  }

  flush(): void {
    if (this.length === 0) return;
    this.onChunk(this.take());
  }
}
