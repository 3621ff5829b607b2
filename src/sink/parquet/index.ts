/** Parquet encoding of the compiler's tables (see writer.ts); tuning comes from each table's declaration. */
import type { Table } from 'apache-arrow';
import type { TableSpec } from '../../contract/table.js';
import type { ParquetProfile } from '../formats.js';
import { Codec } from './format.js';
import type { NumericEncoding } from './numeric.js';
import { writeParquet } from './writer.js';

export type ParquetCompression = 'zstd' | 'none';

/**
 * The file's bytes, valid until the next call: callers write them out at once. A fresh copy of
 * every file (~2 MB per partition-day) was garbage that let a 30-day worker's RSS grow past a 1-day one's.
 */
export function encodeParquet(table: Table, spec: TableSpec, compression: ParquetCompression, profile: ParquetProfile): Uint8Array {
  const tuning = spec.parquet ?? {};
  const modern = profile === 'modern';
  const delta = new Set(modern ? (tuning.deltaColumns ?? []) : []);
  const split = new Set(modern ? (tuning.byteStreamSplitColumns ?? []) : []);
  const encodingOf = (column: string): NumericEncoding => (delta.has(column) ? 'delta' : split.has(column) ? 'byteStreamSplit' : 'plain');
  return writeParquet(table, { codec: compression === 'zstd' ? Codec.ZSTD : Codec.UNCOMPRESSED, encodingOf, keepChunks: tuning.columnsRepeatedNext ?? false });
}
