/** Query results as an aligned text table for the terminal. */
import type { DuckDBResultReader, Json } from '@duckdb/node-api';

function cell(value: Json, isMap: boolean): string {
  if (value === null) return 'NULL';
  if (isMap && Array.isArray(value)) {
    // DuckDB's JSON form of a MAP is a list of {key, value}: shown as {k=v, …}.
    return `{${value.map((entry) => (entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? `${entry.key}=${entry.value}` : String(entry))).join(', ')}}`;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function renderTable(reader: DuckDBResultReader, maxRows: number): string {
  const names = reader.columnNames();
  const maps = reader.columnTypes().map((type) => type.toString().startsWith('MAP('));
  const rows = reader.getRowsJson().slice(0, maxRows).map((row) => row.map((value, i) => cell(value, maps[i] ?? false)));
  const widths = names.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((text, i) => text.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(names), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}
