/** Writes batches in every requested format and reports each file written. */
import type { TableSpec } from '../contract/table.js';
import type { Batch } from '../contract/batch.js';
import { writeFileAtomic, type FileRecord } from './files.js';
import { writeJsonlFile } from './jsonl.js';
import type { OutputFormat, ParquetProfile } from './formats.js';
import { encodeParquet, type ParquetCompression } from './parquet/index.js';

export interface OutputOptions {
  formats: OutputFormat[];
  compression: ParquetCompression;
  /** Which Parquet encodings the files may use (see ParquetProfile). */
  parquetProfile: ParquetProfile;
}

/** Where a table's file goes; `partitionKey` null for tables written once per dataset. */
function tableFilePath(spec: TableSpec, format: OutputFormat, batch: Pick<Batch, 'date' | 'partitionValues'>, partitionKey: string | null, zstd: boolean): string {
  const dir = format === 'parquet' ? spec.path : `jsonl/${spec.name}`;
  const ext = format === 'parquet' ? 'parquet' : zstd ? 'jsonl.zst' : 'jsonl';
  if (partitionKey === null) return format === 'parquet' ? `${spec.path}.${ext}` : `${dir}/${spec.name}.${ext}`;
  return `${dir}${hivePath(spec, batch)}/part-${partitionKey}.${ext}`;
}

/** Every path a table written once per dataset (the ground truth) can have, in any format. */
export function onceFilePaths(spec: TableSpec): string[] {
  const once = { date: null };
  return [tableFilePath(spec, 'parquet', once, null, false), tableFilePath(spec, 'jsonl', once, null, false), tableFilePath(spec, 'jsonl', once, null, true)];
}

const PATH_SAFE = /^[A-Za-z0-9_.:-]+$/;

/** `/date=…/<column>=…` (or `/month=…`) of a batch (empty for tables written once per partition). */
function hivePath(spec: TableSpec, { date, partitionValues = [] }: Pick<Batch, 'date' | 'partitionValues'>): string {
  const columns = spec.partitionColumns ?? [];
  if (partitionValues.length !== columns.length) throw new Error(`${spec.name}: a batch needs values for the partition columns ${columns.join(', ') || '(none)'}`);
  const parts = date === null || !spec.timePartition ? [] : [`${spec.timePartition}=${date}`];
  columns.forEach((column, i) => {
    const value = partitionValues[i]!;
    if (!PATH_SAFE.test(value)) throw new Error(`${spec.name}: partition value '${value}' of ${column} is not path-safe`);
    parts.push(`${column}=${value}`);
  });
  return parts.map((part) => `/${part}`).join('');
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
    const path = tableFilePath(spec, format, batch, partitionKey, zstd);
    const common = { path, table: spec.name, format, date: batch.date };
    if (format === 'parquet') {
      const written = await writeFileAtomic(root, path, encodeParquet(batch.data, spec, options.compression, options.parquetProfile));
      records.push({ ...common, rows: batch.data.numRows, ...written });
    } else {
      const { rows, ...written } = writeJsonlFile(root, path, batch, zstd);
      records.push({ ...common, rows, ...written });
    }
  }
  return records;
}

export type { FileRecord };
