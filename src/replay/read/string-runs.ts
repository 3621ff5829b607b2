/**
 * Gathers the bytes of a VARCHAR/BLOB result vector's rows with few native calls, into one body.
 * Each row is a 16-byte duckdb_string_t: its length, then the bytes themselves when at most 12,
 * else a pointer into DuckDB's memory. Strings built in one chunk usually lie back to back, so a
 * run of adjacent strings is copied out with one get_data_from_pointer (the first string's pointer
 * and the run's total length) instead of one call and one Uint8Array per row; the pieces are
 * joined once per body (two copies in all, no buffer zeroed).
 */
import duckdb from '@duckdb/node-bindings';

const ENTRY = 16;
const INLINE_LIMIT = 12;

export class StringRuns {
  private pieces: Uint8Array[] = [];
  private length = 0;

  /** Appends rows [from, to) of column `columnIndex` of a chunk of `rowCount` rows (no NULLs). */
  append(chunk: duckdb.DataChunk, rowCount: number, columnIndex: number, from: number, to: number): void {
    const data = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, columnIndex), rowCount * ENTRY);
    const entries = new DataView(data.buffer, data.byteOffset, rowCount * ENTRY);
    let runStart = -1;
    let runBytes = 0;
    let runEnd = 0;
    for (let row = from; row < to; row++) {
      const at = row * ENTRY;
      const length = entries.getUint32(at, true);
      // User-space pointers lie below 2^47 (Linux maps higher only on request): exact as doubles.
      const pointer = length <= INLINE_LIMIT ? -1 : entries.getUint32(at + 8, true) + entries.getUint32(at + 12, true) * 2 ** 32;
      if (runStart >= 0 && pointer === runEnd) {
        runBytes += length;
        runEnd += length;
        continue;
      }
      if (runStart >= 0) this.push(duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + runStart * ENTRY + 8, runBytes));
      runStart = -1;
      if (pointer < 0) {
        // Inline bytes live in the chunk's own memory: copied, so that the body does not keep the chunk.
        this.push(data.slice(at + 4, at + 4 + length));
      } else {
        runStart = row;
        runBytes = length;
        runEnd = pointer + length;
      }
    }
    if (runStart >= 0) this.push(duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + runStart * ENTRY + 8, runBytes));
  }

  /** Everything appended since the last take, as one buffer. */
  take(): Uint8Array {
    const body = Buffer.concat(this.pieces, this.length);
    this.pieces = [];
    this.length = 0;
    return body;
  }

  private push(piece: Uint8Array): void {
    this.pieces.push(piece);
    this.length += piece.length;
  }
}
