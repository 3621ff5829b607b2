/**
 * DuckDB views over a dataset, made from the table declarations: one view per table, named after
 * it, over its Parquet files (Hive-partitioned by `date` when the table is), and `metrics`, which
 * joins the samples table to the series table so each sample carries its metric and labels.
 */
import { dataFiles, type Dataset } from '../dataset/open.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableSpec } from '../contract/table.js';
import { sqlName, sqlString } from './sql-text.js';

export const METRICS_VIEW = 'metrics';

export interface ViewDef {
  name: string;
  sql: string;
  /** Statements the view needs first (the ENUM types of its `enumColumns`). */
  setup: string[];
  /** Rows as recorded in summary.json (metrics: one per sample); null for a derived view (not counted). */
  rows: number | null;
}

/**
 * The `read_parquet(…)` call that reads a table as plain DuckDB would (globs, not file lists); `extra`
 * adds options. `hive: false` reads the columns as written in the files, not the path's values.
 */
export function tableSource(dir: string, spec: TableSpec, files: string[], extra = '', { hive = true } = {}): string {
  const more = extra ? `, ${extra}` : '';
  if (spec.timePartition) return `read_parquet(${sqlString(`${dir}/${spec.path}/${hiveGlob(spec)}*.parquet`)}, hive_partitioning = ${hive}${more})`;
  if (files.length === 1 && files[0] === `${spec.path}.parquet`) return `read_parquet(${sqlString(`${dir}/${files[0]}`)}${more})`;
  return `read_parquet(${sqlString(`${dir}/${spec.path}/*.parquet`)}${more})`;
}

/** The directory glob of a time-partitioned table: `date=*` (or `month=*`) and one `<column>=*` per partition column, each followed by a slash. */
function hiveGlob(spec: TableSpec): string {
  return [spec.timePartition!, ...(spec.partitionColumns ?? [])].map((column) => `${column}=*/`).join('');
}

export function viewDefs(dataset: Dataset): ViewDef[] {
  const views: ViewDef[] = [];
  for (const spec of dataset.tables) {
    const files = dataFiles(dataset, spec.name);
    if (files.length === 0) continue;
    views.push({ name: spec.name, ...tableView(spec, tableSource(dataset.dir, spec, files)), rows: dataset.summary.tables[spec.name]!.rows });
  }
  const withViews = dataset.tables.filter((spec) => views.some((view) => view.name === spec.name));
  const series = withViews.filter((spec) => spec.role === 'series');
  const samples = withViews.filter((spec) => spec.role === 'samples');
  if (series.length === 1 && samples.length === 1) {
    const [seriesSpec, samplesSpec] = [series[0]!, samples[0]!];
    const key = sqlName(seriesSpec.keyColumns[0]!);
    // Columns samples repeat from their series (`metric`) are taken from the series side, once. The
    // lambda, unlike EXCLUDE, also accepts files compiled before samples carried them.
    const repeated = repeatedSeriesColumns(samplesSpec, seriesSpec);
    const samplesOwn = `SELECT COLUMNS(c -> c NOT IN (${repeated.map(sqlString).join(', ') || "''"})) FROM ${samplesSpec.name}`;
    views.push({
      name: METRICS_VIEW,
      sql:
        `SELECT sa.${key}, se.* EXCLUDE (${key}), sa.* EXCLUDE (${key}) ` +
        `FROM (${samplesOwn}) sa JOIN ${seriesSpec.name} se ON sa.${key} = se.${key}`,
      setup: [],
      rows: dataset.summary.tables[samplesSpec.name]!.rows,
    });
  }
  // A kind's derived views read the views above: only when every table is there to read.
  if (withViews.length === dataset.tables.length) {
    for (const spec of withViews) for (const view of spec.views ?? []) views.push({ name: view.name, sql: view.sql, setup: [], rows: null });
  }
  return views;
}

/** Required columns a samples table repeats from its series (not the key), e.g. `metric`. */
export function repeatedSeriesColumns(samples: TableSpec, series: TableSpec): string[] {
  return samples.requiredColumns.filter((column) => series.requiredColumns.includes(column) && !series.keyColumns.includes(column));
}

/** `SELECT *` over the table, with each of its `enumColumns` cast to an ENUM of the values in its files. */
function tableView(spec: TableSpec, source: string): Pick<ViewDef, 'sql' | 'setup'> {
  const columns = spec.enumColumns ?? [];
  // A monthly table's rows get the `date` a daily table has from its directories.
  const date = spec.timePartition === 'month' && spec.timeColumn ? `, CAST(${sqlName(spec.timeColumn)} AS DATE) AS date` : '';
  if (columns.length === 0) return { sql: `SELECT *${date} FROM ${source}`, setup: [] };
  const typeName = (column: string) => sqlName(`${spec.name}_${column}`);
  return {
    sql: `SELECT * REPLACE (${columns.map((column) => `CAST(${sqlName(column)} AS ${typeName(column)}) AS ${sqlName(column)}`).join(', ')})${date} FROM ${source}`,
    setup: columns.map(
      (column) =>
        `CREATE TYPE ${typeName(column)} AS ENUM (SELECT DISTINCT ${sqlName(column)} FROM ${source} WHERE ${sqlName(column)} IS NOT NULL ORDER BY 1)`,
    ),
  };
}

/** Creates each view; returns the ones DuckDB refused (an unreadable file) with its error. */
export async function createViews(connection: DuckDBConnection, views: ViewDef[]): Promise<Array<{ view: ViewDef; error: unknown }>> {
  const failed: Array<{ view: ViewDef; error: unknown }> = [];
  for (const view of views) {
    try {
      for (const statement of view.setup) await connection.run(statement);
      await connection.run(`CREATE VIEW ${view.name} AS ${view.sql}`);
    } catch (error) {
      failed.push({ view, error });
    }
  }
  return failed;
}
