/**
 * What a replay target implements: name, description, roles and an encoder per table; the rest
 * is optional (defaults below, a check group for --verify and retention, its own transport).
 * The stages around it: read/ (dataset, DuckDB reader) → encode/ → send/ (rate, retry loop,
 * checkpoint) → check/ (verify, retention).
 */
import type { TableRole } from '../contract/table.js';
import type { ColumnSelect, ReplayTable, RowBatch, RowSelection, SqlRunner } from './read/types.js';
import type { HttpClient } from './send/http.js';
import type { Counts, EncodedRequest, Transport } from './send/types.js';

export type { ReplayTable } from './read/types.js';
export type { Counts, EncodedRequest } from './send/types.js';

/** What the encoder needs to know about the replay. */
export interface EncodeContext {
  /** SQL expression of the row's time in epoch milliseconds, shifted for --shift-to-now. */
  timeMsSql: string;
  /** SQL expression of the row's time as RFC 3339 text, shifted. */
  timeTextSql: string;
  sql: SqlRunner;
  /** Values of the target's own options (registry.ts), by name. */
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
  /**
   * Rows other than the unit's own: SQL (aliased `r` by the reader) over the unit's selected rows,
   * given as a SELECT; ordered by time, then `orderKey`.
   */
  source?: { sql(selected: string): string; orderKey: string };
  request(body: Uint8Array, rows: number): EncodedRequest;
}

export type TableEncoder = RowEncoder | LineEncoder;

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

/** A target's own command-line option (string-valued), e.g. otlp's `--protocol`; declared in registry.ts. */
export interface TargetOption {
  name: string;
  describe: string;
  choices?: string[];
  default?: string;
}

export type TargetOptionValues = Record<string, string | undefined>;

/** What a target's own transport gets. */
export interface TransportContext {
  url: string;
  headers: Record<string, string>;
  workers: number;
  timeoutMs: number;
  /** The transport compresses itself when set (the engine does not gzip for it). */
  gzip: boolean;
  targetOptions: TargetOptionValues;
}

/** How a target checks a replay: counts to compare after it (--verify) and the backend's retention before it. */
export interface TargetCheck {
  /** SQL aggregates over the selected rows giving the counts `verify` must find, e.g. `count(*) AS samples`. */
  expectedCounts(table: ReplayTable, selection: RowSelection, options: TargetOptionValues): string[];
  /** The same counts according to summary.json, for a replay of whole tables (a count it does not hold left out). */
  summaryCounts(selected: ReplayTable[], all: ReplayTable[], options: TargetOptionValues): Counts;
  /** Counts as the backend reports them, after making fresh data visible. */
  verify(context: VerifyContext, expected: Counts): Promise<Counts>;
  /** The time window the backend accepts, or null when it does not say (default: not asked). */
  window?(http: HttpClient): Promise<AcceptedWindow | null>;
  /** Rows the backend holds in [startMs, endMs] (shifted, inclusive), for locating short units; absent: --verify cannot say which. */
  countRange?(http: HttpClient, startMs: number, endMs: number): Promise<number>;
  /** Why a re-sent row would be stored twice (the server flag to add), or undefined when re-sending is a no-op; absent: no --repair. */
  resendRefusal?(http: HttpClient): Promise<string | undefined>;
}

/** How far back (retention) and ahead (future limit) of the server's clock a backend keeps data it is sent. */
export interface AcceptedWindow {
  /** `limit` names what sets it, for the message (a server flag and its value); `name` what the limit is (default retention). */
  past?: { ms: number; limit: string; name?: string };
  future?: { ms: number; limit: string };
  /** What the server does with rows outside, for the message (default: drop them with a 2xx answer). */
  answer?: string;
}

/** Defaults of --workers and --batch-size, and the DuckDB threads of the reader. */
export interface TargetDefaults {
  workers: number;
  batchSize: number;
  readerThreads: number;
}

export const TARGET_DEFAULTS: TargetDefaults = { workers: 2, batchSize: 10_000, readerThreads: 2 };

export interface ReplayTarget {
  name: string;
  description: string;
  /** Table roles this target sends. */
  roles: TableRole[];
  /** Builds the encoder of one table (may load lookup tables through `context.sql`). */
  createEncoder(table: ReplayTable, tables: ReplayTable[], context: EncodeContext): Promise<TableEncoder>;

  /** Where they differ from TARGET_DEFAULTS. */
  defaults?: Partial<TargetDefaults>;
  /** Absent: the backend cannot be asked what it stored (no --verify) nor its retention. */
  check?: TargetCheck;
  /**
   * Writes a file or a stream that keeps every row whatever its time (file, stdout): no backend
   * drops old or future rows, so there is no accepted window to check or warn about.
   */
  keepsAnyTime?: boolean;
  /**
   * SQL counting the records it sends for a table's selected rows (an aggregate or a scalar
   * subquery over `selection`), when that is not one per row (`count(*)`): the progress total.
   */
  recordsSql?(table: ReplayTable, selection: RowSelection, options: TargetOptionValues): string;
  /** Table roles sent with these option values, when they narrow `roles`. */
  rolesFor?(options: TargetOptionValues): TableRole[];
  /** Its own transport instead of an HTTP POST of each body to --url. */
  createTransport?(context: TransportContext): Transport;
}
