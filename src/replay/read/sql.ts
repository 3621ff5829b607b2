/**
 * The SQL text the replay reader runs over a dataset's files: which files, which columns, which
 * time slice. Apart from the reader so that targets can build their queries without loading DuckDB
 * (every CLI command registers the targets' options at start-up).
 */

export interface ReadUnit {
  /** Stable name for checkpoints: the table and its file(s) relative to the dataset. */
  id: string;
  files: string[];
  timeColumn: string;
}

export interface ReadOptions {
  batchSize: number;
  /** Dataset-time slice [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  /** Order rows by time across the unit's files (realtime); else keep each file's own order. */
  timeOrdered: boolean;
}

const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;
export const column = (name: string) => `r."${name.replace(/"/g, '""')}"`;

export function timeFilter(unit: Pick<ReadUnit, 'timeColumn'>, options: Pick<ReadOptions, 'fromMs' | 'toMs'>): string {
  const parts: string[] = [];
  if (options.fromMs !== undefined) parts.push(`epoch_ms(${column(unit.timeColumn)}) >= ${options.fromMs}`);
  if (options.toMs !== undefined) parts.push(`epoch_ms(${column(unit.timeColumn)}) < ${options.toMs}`);
  return parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`;
}

export function sourceSql(files: string[]): string {
  return `read_parquet([${files.map(quote).join(', ')}], filename = true, file_row_number = true, hive_partitioning = false) r`;
}
