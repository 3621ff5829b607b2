/** `query`: the views of a dataset, or the result of one SQL statement over them. */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { openDataset } from '../dataset/open.js';
import { TeleforgeError, badArgument } from '../errors.js';
import { exportQuery, type ExportFormat } from './export.js';
import { renderTable } from './render.js';
import { openSession, type QuerySession } from './session.js';

export type QueryFormat = 'table' | ExportFormat;
export const QUERY_FORMATS: readonly QueryFormat[] = ['table', 'csv', 'json', 'parquet'];
/** Rows a terminal table shows; exports have no limit. */
export const TABLE_ROWS = 1000;

export interface ViewInfo {
  name: string;
  /** Null for a derived view: its rows are not counted. */
  rows: number | null;
  columns: Array<{ name: string; type: string }>;
}

export async function listViews(session: QuerySession): Promise<ViewInfo[]> {
  const views: ViewInfo[] = [];
  for (const view of session.views) {
    const columns = await session.rows(`DESCRIBE ${view.name}`);
    views.push({ name: view.name, rows: view.rows, columns: columns.map((column) => ({ name: String(column.column_name), type: shortType(String(column.column_type)) })) });
  }
  return views;
}

/** An ENUM column is listed as `ENUM`, not with every value it can take. */
function shortType(type: string): string {
  return type.startsWith('ENUM(') ? 'ENUM' : type;
}

export interface QueryOptions {
  format: QueryFormat;
  out?: string;
  /** Where table text and view lists go (stdout in the CLI). */
  write: (text: string) => void;
}

export async function runQuery(path: string, sql: string | undefined, options: QueryOptions): Promise<void> {
  if (options.format === 'parquet' && !options.out) throw badArgument('--format parquet needs --out FILE');
  if (options.out) checkOut(options.out);
  const session = await openSession(openDataset(path));
  try {
    if (session.views.length === 0) {
      throw new TeleforgeError('NOT_A_DATASET', `query: ${path} holds no Parquet files (compiled with --format jsonl); the views need Parquet`);
    }
    if (sql === undefined || sql.trim() === '') return await printViews(session, options);
    await expectOneStatement(session, sql);
    if (options.format !== 'table') return await exportQuery(session, sql, options.format, options.out);
    const reader = await session.readUntil(sql, TABLE_ROWS + 1);
    const more = reader.currentRowCount > TABLE_ROWS ? `(first ${TABLE_ROWS} rows; use --format csv|json|parquet --out FILE for all)\n` : '';
    const text = renderTable(reader, TABLE_ROWS) + more;
    if (options.out) await writeFile(options.out, text);
    else options.write(text);
  } finally {
    session.close();
  }
}

async function expectOneStatement(session: QuerySession, sql: string): Promise<void> {
  // A statement that does not parse is left to run, which reports DuckDB's own message.
  const statements = await session.connection.extractStatements(sql).catch(() => null);
  if (statements && statements.count !== 1) throw new TeleforgeError('QUERY_FAILED', `query: one SQL statement at a time (got ${statements.count})`);
}

/** Before any work: the result goes to `out` through a temp name, which no message should show. */
function checkOut(out: string): void {
  const dir = dirname(resolve(out));
  if (!existsSync(dir)) throw new TeleforgeError('OUTPUT_UNWRITABLE', `query: --out: directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new TeleforgeError('OUTPUT_UNWRITABLE', `query: --out: ${dir} is not a directory`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new TeleforgeError('OUTPUT_UNWRITABLE', `query: --out: ${out} is a directory`);
}

async function printViews(session: QuerySession, options: QueryOptions): Promise<void> {
  const views = await listViews(session);
  if (options.format === 'json') return options.write(`${JSON.stringify(views, null, 2)}\n`);
  const width = Math.max(...views.map((view) => view.name.length));
  for (const view of views) {
    options.write(`${view.name.padEnd(width)}  ${(view.rows === null ? 'derived' : `${view.rows} rows`).padStart(15)}  ${view.columns.map((column) => `${column.name} ${column.type}`).join(', ')}\n`);
  }
}
