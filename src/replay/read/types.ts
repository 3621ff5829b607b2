/** What the read stage hands on: a dataset's tables with their files, and rows column by column. */
import type { TableSpec } from '../../contract/table.js';

/** A table of the dataset as the replayer sees it: its declaration plus its files. */
export interface ReplayTable {
  spec: TableSpec;
  /** Absolute paths of the table's Parquet files, in dataset order (by date, then part). */
  files: string[];
  /** Rows according to summary.json. */
  summaryRows: number;
}

/** Something the reader can run SQL against (DuckDB underneath). */
export interface SqlRunner {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** One column the reader streams, as a SQL expression over the row alias `r`. */
export interface ColumnSelect {
  name: string;
  sql: string;
  kind: 'int' | 'double' | 'text';
}

/** Rows read for one batch, column by column (typed arrays for numbers). */
export interface RowBatch {
  rows: number;
  ints: Record<string, Int32Array>;
  doubles: Record<string, Float64Array>;
  texts: Record<string, (string | null)[]>;
}

/** The rows a replay selects from one table, for SQL that must look at the same rows. */
export interface RowSelection {
  /** `read_parquet(...) r` over the selected files. */
  source: string;
  /** `WHERE …` of the time slice, or empty. */
  where: string;
  /** Every table of the dataset (lookup tables such as `series` included). */
  all: ReplayTable[];
}
