/**
 * A second Parquet reader for the tests: hyparquet (pure JavaScript, its own Thrift, encodings and
 * page assembly; zstd from hyparquet-compressors) shares no code with DuckDB or with our writer.
 * Both read a file into the same plain values, compared cell by cell.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/** A cell in the form both readers are brought to: times as epoch µs (bigint), maps as [key, value] pairs, null for missing. */
type Cell = unknown;

const canonical = (value: unknown): Cell => {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((entry: { key: string; value: unknown }) => [entry.key, entry.value ?? null]);
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return Object.entries(value).map(([key, item]) => [key, item ?? null]);
  return value;
};

/** Columns and rows as hyparquet reads them. */
export async function readWithHyparquet(file: string): Promise<{ columns: string[]; rows: Cell[][] }> {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const objects = await parquetReadObjects({
    file: buffer,
    compressors,
    // Times as whole numbers: hyparquet's default Date would drop microseconds.
    parsers: { timestampFromMilliseconds: (ms: bigint) => ms * 1000n, timestampFromMicroseconds: (us: bigint) => us },
  });
  const columns = objects.length > 0 ? Object.keys(objects[0]!) : [];
  return { columns, rows: objects.map((row) => columns.map((column) => canonical(row[column]))) };
}

/** Columns and rows as DuckDB reads them (no Hive columns: the file alone). */
export async function readWithDuckDB(connection: DuckDBConnection, file: string): Promise<{ columns: string[]; rows: Cell[][] }> {
  const source = `read_parquet('${file}', hive_partitioning = false)`;
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
  const columns = described.map((row) => String(row.column_name));
  const select = described.map(({ column_name: name, column_type: type }) => {
    const column = `"${String(name)}"`;
    if (String(type).startsWith('TIMESTAMP')) return `epoch_us(${column})`;
    if (String(type).startsWith('MAP(')) return `map_entries(${column})`;
    return column;
  });
  const rows = (await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source}`)).getRowsJS();
  return { columns, rows: rows.map((row) => row.map(canonical)) };
}

/** The first difference between the two readers' view of `file`, or null when they agree value for value. */
export async function firstDifference(connection: DuckDBConnection, file: string): Promise<string | null> {
  const [duck, hyp] = [await readWithDuckDB(connection, file), await readWithHyparquet(file)];
  if (duck.rows.length !== hyp.rows.length) return `${file}: DuckDB reads ${duck.rows.length} rows, hyparquet ${hyp.rows.length}`;
  if (duck.rows.length > 0 && !isDeepStrictEqual(duck.columns, hyp.columns)) return `${file}: columns ${duck.columns.join(',')} vs ${hyp.columns.join(',')}`;
  for (let r = 0; r < duck.rows.length; r++) {
    for (let c = 0; c < duck.columns.length; c++) {
      const [a, b] = [duck.rows[r]![c], hyp.rows[r]![c]];
      if (!isDeepStrictEqual(a, b)) return `${file}: row ${r} column ${duck.columns[c]}: DuckDB ${String(a)}, hyparquet ${String(b)}`;
    }
  }
  return null;
}
