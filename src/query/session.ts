/** A DuckDB connection with a dataset's views, and DuckDB errors turned into one-line TeleforgeErrors. */
import type { Dataset } from '../dataset/open.js';
import type { DuckDBConnection, DuckDBResultReader, Json } from '@duckdb/node-api';
import { EXIT_BAD_INPUT, EXIT_FAILURE, TeleforgeError } from '../errors.js';
import { openDuckDB } from '../util/duckdb.js';
import { createViews, viewDefs, type ViewDef } from './views.js';

export type JsonRow = Record<string, Json>;

export interface QuerySession {
  dataset: Dataset;
  /** The views that could be created. */
  views: ViewDef[];
  /** Views DuckDB refused, with its message (only with `lenient`). */
  failedViews: Array<{ name: string; message: string }>;
  connection: DuckDBConnection;
  /** Runs SQL and reads every row. */
  read(sql: string): Promise<DuckDBResultReader>;
  /** Runs SQL and reads at least `rows` rows (fewer when the result is shorter). */
  readUntil(sql: string, rows: number): Promise<DuckDBResultReader>;
  /** Runs SQL and returns rows as JSON-safe objects (64-bit integers as strings). */
  rows(sql: string): Promise<JsonRow[]>;
  close(): void;
}

/** Opens the views; a view that cannot be created is an error unless `lenient` (validate reports it). */
export async function openSession(dataset: Dataset, options: { lenient?: boolean } = {}): Promise<QuerySession> {
  const { instance, connection } = await openDuckDB();
  const views = viewDefs(dataset);
  const session: QuerySession = {
    dataset,
    views,
    failedViews: [],
    connection,
    read: (sql) => connection.runAndReadAll(sql).catch((error: unknown) => Promise.reject(queryError(error, session.views))),
    readUntil: (sql, rows) => connection.runAndReadUntil(sql, rows).catch((error: unknown) => Promise.reject(queryError(error, session.views))),
    rows: async (sql) => (await session.read(sql)).getRowObjectsJson() as JsonRow[],
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
  const failed = await createViews(connection, views);
  if (failed.length > 0 && !options.lenient) {
    session.close();
    throw queryError(failed[0]!.error, views);
  }
  session.views = views.filter((view) => !failed.some((entry) => entry.view === view));
  session.failedViews = failed.map(({ view, error }) => ({ name: view.name, message: queryError(error, views).message }));
  return session;
}

/**
 * DuckDB's error classes that blame the SQL. Others (IO, memory, DuckDB itself, a damaged file:
 * "Invalid Input Error: No magic bytes found at end of file …") are failures while working.
 */
const THE_SQL = /^(Parser|Binder|Catalog|Conversion|Out of Range|Not implemented|Syntax|Invalid type|Dependency) Error|^Invalid Input Error: (?!.*\bfile\b)/;

/**
 * DuckDB's own message, first line only; an unknown table is reported with the views there are.
 * SQL that does not parse, bind or convert is bad input (exit 2); a failure to read is not.
 */
export function queryError(error: unknown, views: ViewDef[]): TeleforgeError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Catalog Error: Table with name (\S+) does not exist/.exec(message);
  if (unknown) {
    return new TeleforgeError('UNKNOWN_VIEW', `query: unknown view '${unknown[1]}' (views: ${views.map((view) => view.name).join(', ')})`, EXIT_BAD_INPUT);
  }
  return new TeleforgeError('QUERY_FAILED', `query: ${message.split('\n')[0]}`, THE_SQL.test(message) ? EXIT_BAD_INPUT : EXIT_FAILURE);
}
