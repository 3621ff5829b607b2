/**
 * Counts a target's check expects. How many series a TSDB will hold after a replay: distinct label sets (metric + labels) among the
 * series the selected samples use. A dataset may give one label set several series ids (the
 * social-network kind numbers series per day); the backend merges them.
 */
import { sourceSql } from '../read/sql.js';
import type { ReplayTable, RowSelection } from '../read/types.js';

export function labelSetCountSql({ source, where, all }: RowSelection): string {
  const series = all.find((table) => table.spec.role === 'series');
  if (!series || series.files.length === 0) return 'count(DISTINCT r.series_id) AS series';
  const used = `SELECT DISTINCT r.series_id FROM ${source} ${where}`;
  const labelSets = `SELECT DISTINCT s.metric, s.labels FROM ${sourceSql(series.files).replace(/ r$/, ' s')} WHERE s.series_id IN (${used})`;
  return `(SELECT count(*) FROM (${labelSets})) AS series`;
}

/** Rows of the selected tables according to summary.json. */
export function summaryRows(selected: ReplayTable[]): number {
  return selected.reduce((sum, table) => sum + table.summaryRows, 0);
}
