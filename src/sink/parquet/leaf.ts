/** What the file writer needs of one leaf column: its place in the schema and its page bodies. */
import type { ByteWriter } from './bytes.js';
import type { Encoding, PhysicalType } from './format.js';
import { rangeOf } from './kernels.js';

export interface PageBody {
  /** Level entries in the page (rows, for flat columns). */
  values: number;
  nulls: number;
  encoding: Encoding;
}

export interface Leaf {
  readonly path: string[];
  readonly type: PhysicalType;
  /** Rows of the column (top-level records). */
  readonly rows: number;
  /** Writes the PLAIN dictionary of a dictionary-encoded leaf; returns its entry count. */
  dictionary?(out: ByteWriter): number;
  /** Writes the uncompressed body of a V1 data page for rows [from, to). */
  page(out: ByteWriter, from: number, to: number): PageBody;
  /** Starts a column chunk: statistics restart. */
  beginChunk(): void;
  /** min/max of the chunk as little-endian physical values, when the type has an order we track. */
  chunkStats(): { min: Uint8Array; max: Uint8Array } | null;
}

/** Running min/max of numbers; NaN never enters (parquet's rule for floating-point statistics). */
export class MinMax {
  min = Infinity;
  max = -Infinity;

  reset(): void {
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** Takes the first `count` values in (NaN never compares, so it never enters). */
  include(values: Int32Array | Float64Array, count: number): void {
    const { min, max } = rangeOf(values, count);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  get usable(): boolean {
    return this.min <= this.max;
  }
}
