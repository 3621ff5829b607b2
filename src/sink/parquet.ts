/** Parquet encoding with parquet-wasm: zstd, v2 pages, per-column encodings from the table's declaration. */
import type { Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import type { TableSpec } from '../sim/types.js';
import { tableToIpcStream } from './arrow-ipc.js';

/** Pinned so that files do not change with the parquet-wasm version. */
const CREATED_BY = 'teleforge';

export type ParquetCompression = 'zstd' | 'none';

export function encodeParquet(table: Table, spec: TableSpec, compression: ParquetCompression): Uint8Array {
  // writeParquet consumes its properties: build them fresh for every file.
  let builder = new parquet.WriterPropertiesBuilder()
    .setCreatedBy(CREATED_BY)
    .setWriterVersion(parquet.WriterVersion.V2)
    .setCompression(compression === 'zstd' ? parquet.Compression.ZSTD : parquet.Compression.UNCOMPRESSED)
    .setMaxRowGroupSize(1 << 20);
  for (const column of spec.deltaColumns ?? []) {
    builder = builder.setColumnDictionaryEnabled(column, false).setColumnEncoding(column, parquet.Encoding.DELTA_BINARY_PACKED);
  }
  for (const column of spec.plainColumns ?? []) builder = builder.setColumnDictionaryEnabled(column, false);
  for (const column of spec.byteStreamSplitColumns ?? []) {
    builder = builder.setColumnDictionaryEnabled(column, false).setColumnEncoding(column, parquet.Encoding.BYTE_STREAM_SPLIT);
  }
  const wasmTable = parquet.Table.fromIPCStream(tableToIpcStream(table));
  return parquet.writeParquet(wasmTable, builder.build());
}
