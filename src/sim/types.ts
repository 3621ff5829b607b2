/** The contract between the compiler and a scenario kind's simulator. */
import type { Table } from 'apache-arrow';
import type { z } from 'zod';
import type { ResolvedScenario } from '../scenario/types.js';
import type { JsonlWriter } from '../sink/jsonl-writer.js';

/** What a table is for: query views and replay targets work from this, not from scenario code. */
export type TableRole = 'series' | 'samples' | 'logs' | 'spans' | 'incidents' | 'table';

export type TimePartition = 'date' | 'month';

export interface TableSpec {
  name: string;
  /** Directory of the table inside a dataset, e.g. `metrics/samples`. */
  path: string;
  role: TableRole;
  /**
   * The time level of the table's Hive directories: `date=YYYY-MM-DD`, `month=YYYY-MM` (sparse
   * tables, whose daily files would hold a few hundred rows each), or none.
   */
  timePartition: TimePartition | null;
  /**
   * Hive partition columns below the time level, e.g. `metric`: every file then holds one value of each
   * (also kept as a column in the file), so DuckDB answers a GROUP BY on them per partition, with no
   * hash table, and a WHERE on them reads only the matching files.
   */
  partitionColumns?: string[];
  timeColumn?: string;
  /** Columns that identify a row together with the time column. */
  keyColumns: string[];
  /** Logs: the column holding the log message (replay targets map it to their message field). */
  messageColumn?: string;
  /** Logs: few, low-cardinality columns that identify a log stream (never ids). */
  streamFields?: string[];
  /** Columns that are never null. */
  requiredColumns: string[];
  /**
   * Query views: text columns with few distinct values, read as an ENUM of the values the files hold
   * (same text, but a join carries and a GROUP BY hashes a small integer instead of a string).
   */
  enumColumns?: string[];
  /** Parquet tuning: columns written DELTA_BINARY_PACKED (sorted ints, timestamps). */
  deltaColumns?: string[];
  /**
   * Parquet tuning: the next table of the partition repeats columns of this one (the same Arrow
   * data), so the writer keeps their encoded chunks for it to copy.
   */
  columnsRepeatedNext?: boolean;
  /** Parquet tuning: floating-point columns written BYTE_STREAM_SPLIT (compresses noisy doubles). */
  byteStreamSplitColumns?: string[];
  /** Requests, errors and latency in this table, for `teleforge report` (absent: not plotted). */
  signals?: TableSignals;
}

/**
 * Where a table's requests, errors and latency are. Rows (logs, spans): each row is a request.
 * Samples: the requests are the increases of `requestCounter`'s series.
 */
export interface TableSignals {
  /** Samples: the counter of requests, e.g. `http_requests_total`. */
  requestCounter?: string;
  /** SQL condition true for a failed request: over a row, or over the series table's columns (samples). */
  errorCondition?: string;
  /** Rows: SQL expression of a row's latency in seconds, e.g. `duration_ns / 1e9`. */
  latencySeconds?: string;
}

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

/** Context every simulator call receives: the resolved scenario and its hash (an RNG seed input). */
export interface SimContext<World> {
  scenario: ResolvedScenario<World>;
  scenarioHash: string;
}

export interface PartitionSpec {
  /** Stable key used in file names (`part-<key>`). */
  key: string;
  /** Estimated rows, used only for progress. */
  estimatedRows: number;
}

export interface SizeEstimate {
  series?: number;
  samples?: number;
  rows: number;
  days: number;
}

/**
 * A property a simulator promises about its output, checked by `teleforge validate` as SQL over
 * the dataset's views (one view per table, named after it; `metrics` joins series to samples).
 */
export interface Invariant {
  name: string;
  /** What is checked, in words. */
  description: string;
  /** Returns one row: `failures` (a count; 0 means the check passes) and `figure` (text for people). */
  sql: string;
}

export interface Simulator<World, Plan> {
  kind: string;
  /** One line for `teleforge scenarios`. */
  summary: string;
  worldSchema: z.ZodType<World, unknown>;
  tables: TableSpec[];
  /** The world plan: topology, lifecycles, incident schedule. Cheap, pure, deterministic. */
  createPlan(context: SimContext<World>): Plan;
  partitions(plan: Plan): PartitionSpec[];
  /** Rows of one partition as batches, in a defined order. Pure: depends only on (plan, key). */
  simulate(plan: Plan, partitionKey: string): Iterable<Batch>;
  /** Ground truth of every injected anomaly, in the `incidents` contract. */
  incidents(plan: Plan): Table;
  estimate(plan: Plan): SizeEstimate;
  /** Checked by `teleforge validate`. */
  invariants?: Invariant[];
  /** Young generation (MiB per semi-space) of its compile workers, when not the pool's default. */
  workerSemiSpaceMiB?: number;
}

/** A simulator with its types erased, as stored in the registry (methods are bivariant). */
export type AnySimulator = Simulator<unknown, unknown>;
