/**
 * The replay stage: reader → encoder → rate limiter → sender → checkpoint → verify.
 * A target (one folder each, listed in registry.ts) only encodes rows into request bodies,
 * verifies counts and reports the backend's retention; everything else is shared.
 */
import type { TableRole, TableSpec } from '../contract/table.js';
import type { HttpClient } from './http.js';
import type { ReplayMetrics } from './metrics.js';
import type { Sender } from './sender.js';

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

/** A request body a target produced for one batch. */
export interface EncodedRequest {
  /** Path and query string appended to --url. */
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
  records: number;
}

/** What the encoder needs to know about the replay. */
export interface EncodeContext {
  /** SQL expression of the row's time in epoch milliseconds, shifted for --shift-to-now. */
  timeMsSql: string;
  /** SQL expression of the row's time as RFC 3339 text, shifted. */
  timeTextSql: string;
  sql: SqlRunner;
  /** Values of the target's own options (`ReplayTarget.options`), by name. */
  targetOptions: TargetOptionValues;
}

/** Turns rows of one table into requests, from columns the reader streams to JS. */
export interface RowEncoder {
  kind: 'rows';
  /** Columns the reader streams for this table. */
  columns: ColumnSelect[];
  /** Extra FROM clause after `read_parquet(...) r` (e.g. a join on a lookup table). */
  join?: string;
  encode(batch: RowBatch): EncodedRequest;
}

/**
 * Turns rows into requests whose bodies are text lines, one per row, rendered by DuckDB: the
 * reader hands over each batch's lines already joined (no per-row crossing into JS).
 */
export interface LineEncoder {
  kind: 'lines';
  /** SQL expression (over the row alias `r`) of one row's line, without the newline (readLines adds it). */
  line: string;
  request(body: Uint8Array, rows: number): EncodedRequest;
}

export type TableEncoder = RowEncoder | LineEncoder;

/** Counts the backend reports, by name (`samples`, `series`, `logs`). */
export type Counts = Record<string, number>;

export interface VerifyContext {
  http: HttpClient;
  /** Time range of the replayed rows, shifted, in epoch ms (inclusive). */
  startMs: number;
  endMs: number;
  /** Base URL (no credentials), request headers and target options of the replay. */
  url: string;
  headers: Record<string, string>;
  targetOptions: TargetOptionValues;
}

/** A target's own command-line option (string-valued), e.g. otlp's `--protocol`. */
export interface TargetOption {
  name: string;
  describe: string;
  choices?: string[];
  default?: string;
}

export type TargetOptionValues = Record<string, string | undefined>;

/** What a target's own sender gets (targets that do not speak plain HTTP POST, or read responses). */
export interface SenderContext {
  url: string;
  headers: Record<string, string>;
  workers: number;
  timeoutMs: number;
  maxRetries: number;
  gzip: boolean;
  metrics: ReplayMetrics;
  stopped: () => boolean;
  targetOptions: TargetOptionValues;
}

export interface TargetSender extends Sender {
  /** Items the backend acknowledged but rejected (e.g. OTLP partial_success), by kind. */
  rejected(): Counts;
  close(): void;
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

export interface ReplayTarget {
  name: string;
  description: string;
  /** Table roles this target sends. */
  roles: TableRole[];
  defaultWorkers: number;
  defaultBatchSize: number;
  /** DuckDB threads of the dataset reader (default 2). */
  readerThreads?: number;
  /** Builds the encoder of one table (may load lookup tables through `context.sql`). */
  createEncoder(table: ReplayTable, tables: ReplayTable[], context: EncodeContext): Promise<TableEncoder>;
  /** SQL aggregates over the selected rows giving the counts `verify` must find, e.g. `count(*) AS samples`. */
  expectedCounts(table: ReplayTable, selection: RowSelection): string[];
  /** The same counts according to summary.json, for a replay of whole tables. */
  summaryCounts(selected: ReplayTable[], all: ReplayTable[]): Counts;
  /** Counts as the backend reports them, after making fresh data visible; absent when the backend cannot count. */
  verify?(context: VerifyContext, expected: Counts): Promise<Counts>;
  /** The backend's retention in ms, or null when it does not say. */
  retentionMs(http: HttpClient): Promise<number | null>;
  /** The target's own command-line options. */
  options?: TargetOption[];
  /** Table roles sent with these option values, when they narrow `roles`. */
  rolesFor?(options: TargetOptionValues): TableRole[];
  /** Its own sender, used instead of the engine's HTTP POST sender; it compresses itself when `gzip`. */
  createSender?(context: SenderContext): TargetSender;
}
