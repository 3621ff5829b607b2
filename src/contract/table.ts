/**
 * The table contract: what a table of a dataset is (its role, time partitioning, key and required
 * columns, Parquet tuning). Simulators declare tables with it, the sink writes by it, summary.json
 * carries it, and query and replay read datasets through it — none of them needs the others.
 */

/** What a table is for: query views and replay targets work from this, not from scenario code. */
export type TableRole = 'series' | 'samples' | 'logs' | 'spans' | 'incidents' | 'table';

export type TimePartition = 'date' | 'month';

/** How the Parquet writer encodes some columns of a table (output size, never content). */
export interface ParquetTuning {
  /** Columns written DELTA_BINARY_PACKED (sorted ints, timestamps). */
  deltaColumns?: string[];
  /** Floating-point columns written BYTE_STREAM_SPLIT (compresses noisy doubles). */
  byteStreamSplitColumns?: string[];
  /**
   * The next table of the partition repeats columns of this one (the same Arrow data), so the
   * writer keeps their encoded chunks for it to copy.
   */
  columnsRepeatedNext?: boolean;
}

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
  parquet?: ParquetTuning;
  /** Requests, errors and latency in this table, for `teleforge report` (absent: not plotted). */
  signals?: TableSignals;
  /** Query views derived from this table and the others (e.g. a wide pivot for training), made after the table views. */
  views?: DerivedView[];
  /** Replay's producer targets: one record per entity and tick instead of one per row (`--shape`). */
  entityTicks?: EntityTickRecords;
}

/**
 * One record per entity and tick, as SQL over `selected` (the table's rows a replay selects) and
 * the tables named in `uses` (by name). It yields the table's time column, `key` (the record's
 * entity, its Kafka key) and the record's other fields, in `columns` order.
 */
export interface EntityTickRecords {
  uses: string[];
  columns: string[];
  key: string;
  sql: string;
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
  /** Samples: a gauge of the error rate in percent (no request counter), e.g. `datacenter_service_error_rate_percent`. */
  errorPercentGauge?: string;
}

/** A query view a kind declares as SQL over the dataset's other views. */
export interface DerivedView {
  name: string;
  /** What a row is, in words. */
  description: string;
  sql: string;
}
