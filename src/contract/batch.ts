/** Column batches: what a simulator yields and the sink writes. */
import type { Table } from 'apache-arrow';
import type { JsonlWriter } from '../bytes/jsonl-writer.js';

/** A slice of one table produced by a partition; valid until the next batch is requested. */
export interface Batch {
  table: string;
  /** Value of the table's time partition (a day, or a month for monthly tables); null for tables without one. */
  date: string | null;
  /** Values of the table's `partitionColumns`, in their order (path-safe text). */
  partitionValues?: readonly string[];
  data: Table;
  /** A table-specific JSON-lines encoding; the generic row encoder is used when absent. */
  writeJsonl?: (out: JsonlWriter) => void;
}
