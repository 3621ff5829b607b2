/**
 * Checks of the rows themselves, driven by the table declarations: times inside the scenario's
 * range, no duplicate keys in series and samples tables, no nulls in required columns, and every
 * sample belonging to a series.
 */
import { dataFiles } from '../dataset/open.js';
import type { TableSpec } from '../contract/table.js';
import { check, type CheckResult } from './check.js';
import { sqlName } from './sql-text.js';
import { fileOrderChecks } from './file-order.js';
import type { QuerySession } from './session.js';
import { repeatedSeriesColumns, tableSource } from './views.js';

/** An ISO-8601 UTC instant as a DuckDB TIMESTAMP literal (views hold UTC timestamps without zone). */
export function timestampLiteral(iso: string): string {
  return `TIMESTAMP '${new Date(iso).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** Runs checks; a query that fails (e.g. an unreadable file) fails the check `name` with DuckDB's message. */
export async function guarded(name: string, run: () => Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> {
  try {
    return [await run()].flat();
  } catch (error) {
    return [check(name, false, `error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`)];
  }
}

export async function dataChecks(session: QuerySession): Promise<CheckResult[]> {
  const viewed = session.dataset.tables.filter((spec) => session.views.some((view) => view.name === spec.name));
  const results: CheckResult[] = [];
  for (const spec of viewed) {
    if (spec.timeColumn) results.push(...(await guarded(`${spec.name}: ${spec.timeColumn} inside the time range`, () => timeRange(session, spec))));
    const unique = `${spec.name}: no duplicate (${keyOf(spec).join(', ')})`;
    // Samples are sorted within files: checked by a streaming pass instead of hashing every key.
    if (spec.role === 'samples' && spec.timeColumn) results.push(...(await guarded(unique, () => fileOrderChecks(session, spec))));
    else if (spec.role === 'series' || spec.role === 'samples') results.push(...(await guarded(unique, () => duplicates(session, spec))));
    if (spec.requiredColumns.length > 0) results.push(...(await guarded(`${spec.name}: no nulls in required columns`, () => nulls(session, spec))));
  }
  const series = viewed.find((spec) => spec.role === 'series');
  for (const samples of viewed.filter((spec) => spec.role === 'samples')) {
    if (series) {
      results.push(...(await guarded(`${samples.name}: every row has its ${series.name} row`, () => orphans(session, samples, series))));
      for (const column of repeatedSeriesColumns(samples, series)) {
        results.push(...(await guarded(`${samples.name}: ${column} as in ${series.name}`, () => sameAsSeries(session, samples, series, column))));
      }
    }
  }
  return results;
}

function keyOf(spec: TableSpec): string[] {
  return spec.timeColumn ? [...spec.keyColumns, spec.timeColumn] : spec.keyColumns;
}

async function timeRange(session: QuerySession, spec: TableSpec): Promise<CheckResult> {
  const { start, end } = session.dataset.summary.time_range;
  const column = sqlName(spec.timeColumn!);
  const [row] = await session.rows(
    `SELECT min(${column}) AS first, max(${column}) AS last, ` +
      `count(*) FILTER (WHERE ${column} < ${timestampLiteral(start)} OR ${column} >= ${timestampLiteral(end)}) AS outside FROM ${spec.name}`,
  );
  const outside = Number(row?.outside ?? 0);
  return check(`${spec.name}: ${spec.timeColumn} inside the time range`, outside === 0, `${row?.first} … ${row?.last}, ${outside} rows outside [${start}, ${end})`);
}

async function duplicates(session: QuerySession, spec: TableSpec): Promise<CheckResult> {
  const key = keyOf(spec);
  const [row] = await session.rows(
    `SELECT count(*) AS keys, coalesce(sum(n - 1), 0) AS extra FROM (SELECT count(*) AS n FROM ${spec.name} GROUP BY ${key.map(sqlName).join(', ')})`,
  );
  const extra = Number(row?.extra ?? 0);
  return check(`${spec.name}: no duplicate (${key.join(', ')})`, extra === 0, `${extra} duplicate rows over ${row?.keys} keys`);
}

async function nulls(session: QuerySession, spec: TableSpec): Promise<CheckResult> {
  const columns = spec.requiredColumns;
  const [row] = await session.rows(`SELECT ${columns.map((column) => `count(*) - count(${sqlName(column)}) AS ${sqlName(column)}`).join(', ')} FROM ${spec.name}`);
  const found = columns.filter((column) => Number(row?.[column] ?? 0) > 0).map((column) => `${column} ${row?.[column]}`);
  return check(
    `${spec.name}: no nulls in required columns`,
    found.length === 0,
    found.length === 0 ? `0 nulls in ${columns.join(', ')}` : `nulls: ${found.join(', ')}`,
  );
}

async function orphans(session: QuerySession, samples: TableSpec, series: TableSpec): Promise<CheckResult> {
  const key = series.keyColumns[0]!;
  const [row] = await session.rows(`SELECT count(*) AS n FROM ${samples.name} s ANTI JOIN ${series.name} USING (${sqlName(key)})`);
  const count = Number(row?.n ?? 0);
  return check(`${samples.name}: every row has its ${series.name} row`, count === 0, `${count} rows without a ${series.name} row`);
}

async function sameAsSeries(session: QuerySession, samples: TableSpec, series: TableSpec, column: string): Promise<CheckResult> {
  const key = sqlName(series.keyColumns[0]!);
  const name = sqlName(column);
  // A Hive partition column is checked twice: as each file holds it, and as its directory names it
  // (the view shows the directory's value).
  const partitioned = samples.partitionColumns?.includes(column) ?? false;
  const source = partitioned
    ? tableSource(session.dataset.dir, samples, dataFiles(session.dataset, samples.name), 'filename = true', { hive: false })
    : samples.name;
  const inPath = `regexp_extract(sa.filename, '/${column}=([^/]+)/', 1) IS DISTINCT FROM se.${name}::VARCHAR`;
  const [row] = await session.rows(
    `SELECT count(*) AS n FROM ${source} sa JOIN ${series.name} se USING (${key})
     WHERE sa.${name}::VARCHAR IS DISTINCT FROM se.${name}::VARCHAR${partitioned ? ` OR ${inPath}` : ''}`,
  );
  const count = Number(row?.n ?? 0);
  return check(`${samples.name}: ${column} as in ${series.name}`, count === 0, `${count} rows whose ${column} differs from their ${series.name} row`);
}
