/**
 * Encoded column chunks by the Arrow data they came from, kept until the end of the next file: a
 * table that repeats another's columns (social-network spans repeat most of the log lines'
 * columns, written just before) copies those chunks instead of encoding and compressing them again.
 * A chunk is reused only while its data's buffers hold the bytes they held when it was encoded (a
 * batch's buffers may be reused once the next batch is requested), so no file depends on the cache.
 */
import type { Data } from 'apache-arrow';
import type { Codec, Encoding } from './format.js';

/** What the file footer says of a column chunk, apart from where it lies. */
export interface ChunkFacts {
  codec: Codec;
  values: number;
  nulls: number;
  uncompressed: number;
  compressed: number;
  encodings: Set<Encoding>;
  stats: { min: Uint8Array; max: Uint8Array } | null;
}

/** A column chunk as written: its bytes (page headers and pages), with its pages' offsets within them. */
export interface EncodedChunk extends ChunkFacts {
  bytes: Uint8Array;
  dictionaryOffset?: number;
  dataOffset: number;
}

interface Entry {
  /** Copies of the data's buffers when its chunks were encoded. */
  snapshot: Uint8Array[];
  chunks: Map<string, EncodedChunk>;
}

export class ChunkCache {
  private current = new Map<Data, Entry>();
  private previous = new Map<Data, Entry>();
  /** Where the current file's and the previous file's entries keep their bytes: reused, not reallocated per file. */
  private arena = new ByteArena();
  private previousArena = new ByteArena();
  hits = 0;

  /** Chunks older than the previous file are dropped. */
  startFile(): void {
    this.previous = this.current;
    this.current = new Map();
    [this.arena, this.previousArena] = [this.previousArena.reset(), this.arena];
  }

  /** The chunk encoded from `data` with the same `layout` (encoding, codec, row range…), if its bytes are unchanged. */
  get(data: Data, layout: string): EncodedChunk | undefined {
    const entry = this.current.get(data) ?? this.previous.get(data);
    if (!entry) return undefined;
    if (!sameBytes(bufferBytes(data), entry.snapshot)) {
      this.current.delete(data);
      this.previous.delete(data);
      return undefined;
    }
    const chunk = entry.chunks.get(layout);
    if (chunk) this.hits++;
    return chunk;
  }

  /** Keeps a copy of `chunk` (its bytes may be a view of the file being written). */
  put(data: Data, layout: string, chunk: EncodedChunk): void {
    let entry = this.current.get(data);
    if (!entry) this.current.set(data, (entry = { snapshot: bufferBytes(data).map((bytes) => this.arena.copy(bytes)), chunks: new Map() }));
    entry.chunks.set(layout, { ...chunk, bytes: this.arena.copy(chunk.bytes) });
  }
}

/** Copies of byte ranges in one growing buffer, all released at once by `reset`. */
class ByteArena {
  private buffer = new Uint8Array(1 << 20);
  private used = 0;

  reset(): this {
    this.used = 0;
    return this;
  }

  copy(bytes: Uint8Array): Uint8Array {
    if (this.used + bytes.length > this.buffer.length) {
      // Copies already handed out keep the old buffer alive until their file is dropped.
      this.buffer = new Uint8Array(Math.max(this.buffer.length * 2, bytes.length));
      this.used = 0;
    }
    const copy = this.buffer.subarray(this.used, this.used + bytes.length);
    copy.set(bytes);
    this.used += bytes.length;
    return copy;
  }
}

/** Every buffer a flat column's pages are made of: values, offsets, validity and dictionary. */
function bufferBytes(data: Data): Uint8Array[] {
  const views: Array<ArrayBufferView | undefined> = [data.values, data.valueOffsets, data.nullBitmap];
  for (const dictionary of data.dictionary?.data ?? []) views.push(dictionary.values, dictionary.valueOffsets, dictionary.nullBitmap);
  return views.filter((view): view is ArrayBufferView => view !== undefined).map((view) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

function sameBytes(now: Uint8Array[], then: Uint8Array[]): boolean {
  return now.length === then.length && now.every((bytes, i) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(then[i]!));
}
