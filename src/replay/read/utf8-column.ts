/**
 * A text column of a batch as UTF-8 bytes: one byte pool per column and batch, each row a
 * (start, length) slice of it, length −1 for NULL. Protobuf encoders copy the bytes as they are,
 * so no JavaScript string exists per value. Filled from DuckDB's VARCHAR vectors (16-byte
 * duckdb_string_t entries: length, then the bytes inline when at most 12, else a pointer):
 * strings that lie back to back in DuckDB's memory are copied in one native call, and a string
 * repeated through one pointer (a Parquet dictionary value) is copied once per chunk and shared.
 */
import duckdb from '@duckdb/node-bindings';
import { ByteBuffer } from '../../bytes/byte-buffer.js';

const ENTRY = 16;
const INLINE_LIMIT = 12;
const TWO_32 = 2 ** 32;

export class Utf8Column {
  private readonly pool = new ByteBuffer(1 << 16);
  /** The pool's bytes (replaced when it grows). */
  data = this.pool.bytes;
  readonly start: Int32Array;
  /** Byte length of each row's text; −1 for NULL. */
  readonly length: Int32Array;
  /** Length × 2^32 + pool offset of each pointer that started a run in the current chunk. */
  private readonly seen = new Map<number, number>();
  /** The run being gathered: its first row (−1: none), pool offset, bytes, and where its bytes end in DuckDB's memory. */
  private runRow = -1;
  private runPool = 0;
  private runBytes = 0;
  private runEnd = 0;

  constructor(rows: number) {
    this.start = new Int32Array(rows);
    this.length = new Int32Array(rows);
  }

  /** Empties the pool (the batch starts over). */
  reset(): void {
    this.pool.reset();
  }

  /** Row `row` as a string (for the rare values that must be looked at, not copied). */
  text(row: number): string | null {
    const length = this.length[row]!;
    if (length < 0) return null;
    return Buffer.from(this.data.buffer, this.data.byteOffset + this.start[row]!, length).toString('utf8');
  }

  /** Copies rows [from, to) of a VARCHAR vector of a chunk of `rowCount` rows to rows `into`, `into + 1`, …. */
  append(vector: duckdb.Vector, rowCount: number, from: number, to: number, into: number): void {
    const data = duckdb.vector_get_data(vector, rowCount * ENTRY);
    const validity = duckdb.vector_get_validity(vector, Math.ceil(rowCount / 64) * 8) as Uint8Array | null;
    const entries = new DataView(data.buffer, data.byteOffset, rowCount * ENTRY);
    const seen = this.seen;
    seen.clear();
    this.runRow = -1;
    for (let row = from, out = into; row < to; row++, out++) {
      if (validity && ((validity[row >> 3]! >> (row & 7)) & 1) === 0) {
        this.length[out] = -1;
        continue;
      }
      const at = row * ENTRY;
      const length = entries.getUint32(at, true);
      this.length[out] = length;
      if (length <= INLINE_LIMIT) {
        this.flush(data);
        const pool = this.take(length);
        for (let i = 0; i < length; i++) this.data[pool + i] = data[at + 4 + i]!;
        this.start[out] = pool;
        continue;
      }
      // User-space pointers lie below 2^47 (Linux maps higher only on request): exact as doubles.
      const pointer = entries.getUint32(at + 8, true) + entries.getUint32(at + 12, true) * TWO_32;
      if (this.runRow >= 0 && pointer === this.runEnd) {
        this.start[out] = this.take(length);
        this.runBytes += length;
        this.runEnd += length;
        continue;
      }
      // The same pointer again: the same bytes, or a prefix of them (never more).
      const shared = seen.get(pointer);
      if (shared !== undefined && length <= Math.floor(shared / TWO_32)) {
        this.start[out] = shared % TWO_32;
        continue;
      }
      this.flush(data);
      this.runRow = row;
      this.runPool = this.take(length);
      this.runBytes = length;
      this.runEnd = pointer + length;
      this.start[out] = this.runPool;
      seen.set(pointer, length * TWO_32 + this.runPool);
    }
    this.flush(data);
  }

  /** Copies the run gathered so far (rows whose bytes follow each other in DuckDB's memory) in one native call. */
  private flush(entries: Uint8Array): void {
    if (this.runRow < 0) return;
    this.data.set(duckdb.get_data_from_pointer(entries.buffer as ArrayBuffer, entries.byteOffset + this.runRow * ENTRY + 8, this.runBytes), this.runPool);
    this.runRow = -1;
  }

  private take(bytes: number): number {
    const at = this.pool.reserve(bytes);
    this.pool.length += bytes;
    this.data = this.pool.bytes;
    return at;
  }
}
