/** Writes batches in every requested format and reports each file written. */
import type { Batch, TableSpec } from '../sim/types.js';
import { writeFileAtomic, type FileRecord } from './files.js';
import { writeJsonlFile } from './jsonl.js';
import type { OutputFormat } from './formats.js';
import { encodeParquet, type ParquetCompression } from './parquet/index.js';

export interface OutputOptions {
  formats: OutputFormat[];
  compression: ParquetCompression;
}

/** Where a table's file goes; `partitionKey` null for tables written once per dataset. */
export function tableFilePath(spec: TableSpec, format: OutputFormat, date: string | null, partitionKey: string | null, zstd: boolean): string {
  const dir = format === 'parquet' ? spec.path : `jsonl/${spec.name}`;
  const partition = date === null ? '' : `/date=${date}`;
  const ext = format === 'parquet' ? 'parquet' : zstd ? 'jsonl.zst' : 'jsonl';
  if (partitionKey === null) return format === 'parquet' ? `${spec.path}.${ext}` : `${dir}/${spec.name}.${ext}`;
  return `${dir}${partition}/part-${partitionKey}.${ext}`;
}

export async function writeBatch(
  root: string,
  spec: TableSpec,
  batch: Batch,
  partitionKey: string | null,
  options: OutputOptions,
): Promise<FileRecord[]> {
  const records: FileRecord[] = [];
  const zstd = options.compression === 'zstd';
  for (const format of options.formats) {
    const path = tableFilePath(spec, format, batch.date, partitionKey, zstd);
    const common = { path, table: spec.name, format, date: batch.date };
    if (format === 'parquet') {
      const written = await writeFileAtomic(root, path, encodeParquet(batch.data, spec, options.compression));
      records.push({ ...common, rows: batch.data.numRows, ...written });
    } else {
      const { rows, ...written } = writeJsonlFile(root, path, batch, zstd);
      records.push({ ...common, rows, ...written });
    }
  }
  return records;
}

export type { FileRecord };
