/** Rows per table per day (or month) and bytes per table, from summary.json: no query needed. */
import { barOption, stackedBarsOption } from './charts.js';
import type { ReportContext } from './context.js';
import type { Section, TimeSeries } from './types.js';

export function volumesSection(context: ReportContext): Section {
  const { summary } = context.session.dataset;
  const tables = Object.entries(summary.tables);
  const daily: TimeSeries[] = [];
  const monthly: TimeSeries[] = [];
  for (const [name, table] of tables) {
    if (table.rows_per_day) daily.push({ name, points: Object.entries(table.rows_per_day).map(([day, rows]) => [Date.parse(`${day}T00:00:00Z`), rows]) });
    if (table.rows_per_month) monthly.push({ name, points: Object.entries(table.rows_per_month).map(([month, rows]) => [Date.parse(`${month}-01T00:00:00Z`), rows]) });
  }
  const charts = [];
  if (daily.length > 0) charts.push({ id: 'volumes-daily', title: 'Rows per table per day', option: stackedBarsOption(daily, 'rows') });
  if (monthly.length > 0) charts.push({ id: 'volumes-monthly', title: 'Rows per table per month', option: stackedBarsOption(monthly, 'rows') });
  const names = tables.map(([name]) => name);
  charts.push(
    { id: 'volumes-rows', title: 'Rows per table', option: barOption(names, tables.map(([, table]) => table.rows), { yName: 'rows', horizontal: true }), height: 80 + 40 * names.length },
    { id: 'volumes-bytes', title: 'Bytes per table (MiB, all formats)', option: barOption(names, tables.map(([, table]) => table.bytes / 2 ** 20), { yName: 'MiB', horizontal: true }), height: 80 + 40 * names.length },
  );
  return { id: 'volumes', title: 'Volumes', charts };
}
