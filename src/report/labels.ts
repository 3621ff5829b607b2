/**
 * Label cardinalities of a series table, and how to print a series' labels. A big series table
 * (social-network: 7.7M label sets) is not read through its `labels` map, whose decoding alone takes
 * seconds, but through the label columns it promotes (same names as the keys): keys are read from
 * its first rows, keys without a column are counted on those rows only.
 */
import { sqlName, sqlString } from '../query/sql-text.js';
import type { ReportContext } from './context.js';
import type { MetricsTables } from './metrics-tables.js';

export const BIG_SERIES_TABLE = 1_000_000;
const KEY_SAMPLE_ROWS = 100_000;
const TOP_LABELS = 15;

export interface LabelCount {
  label: string;
  values: number;
  /** Counted on the table's first rows only (no promoted column). */
  sampled: boolean;
}

export interface SeriesLabels {
  counts: LabelCount[];
  /** SQL over the series table: a series' labels as text. */
  legendSql: string;
}

export async function seriesLabels(context: ReportContext, tables: MetricsTables, columns: Set<string>): Promise<SeriesLabels> {
  const series = sqlName(tables.series.name);
  if (!columns.has('labels')) return { counts: [], legendSql: sqlString('') };
  const rows = context.session.dataset.summary.tables[tables.series.name]!.rows;
  if (rows <= BIG_SERIES_TABLE) {
    const counts = await context.session.rows(
      `SELECT entry.key AS label, count(DISTINCT entry.value) AS n FROM (SELECT unnest(map_entries(labels)) AS entry FROM ${series}) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_LABELS}`,
    );
    return { counts: counts.map((row) => ({ label: String(row.label), values: Number(row.n), sampled: false })), legendSql: 'CAST(labels AS VARCHAR)' };
  }
  const head = `(SELECT * FROM ${series} LIMIT ${KEY_SAMPLE_ROWS})`;
  const keys = (await context.session.rows(`SELECT DISTINCT unnest(map_keys(labels)) AS k FROM ${head} ORDER BY 1`)).map((row) => String(row.k));
  const promoted = keys.filter((key) => columns.has(key));
  const others = keys.filter((key) => !columns.has(key));
  const count = (key: string, from: string, value: string) => `(SELECT count(DISTINCT ${value}) FROM ${from}) AS ${sqlName(key)}`;
  const selects = [...promoted.map((key) => count(key, series, sqlName(key))), ...others.map((key) => count(key, head, `labels[${sqlString(key)}]`))];
  const [row] = selects.length > 0 ? await context.session.rows(`SELECT ${selects.join(', ')}`) : [];
  const counts = keys
    .map((key) => ({ label: key, values: Number(row?.[key] ?? 0), sampled: !columns.has(key) }))
    .sort((a, b) => b.values - a.values || (a.label < b.label ? -1 : 1))
    .slice(0, TOP_LABELS);
  const legendSql = promoted.length > 0 ? `concat_ws(', ', ${promoted.map((key) => `${sqlString(`${key}=`)} || ${sqlName(key)}`).join(', ')})` : sqlString('');
  return { counts, legendSql };
}
