/**
 * Error rate and latency over time, with every ground-truth incident shaded: from the tables that
 * declare `signals` (a request counter and its error condition, or rows with an error condition
 * and a latency expression).
 */
import { sqlName } from '../query/sql-text.js';
import type { TableSpec } from '../contract/table.js';
import { timeSeriesOption } from './charts.js';
import { incidentsInProgress } from './incident-windows.js';
import type { ReportContext } from './context.js';
import { counterIncreases } from './counters.js';
import { metricsTables } from './metrics-tables.js';
import { QUANTILES } from './histograms.js';
import { bucketSql, bucketWidthMs, widthLabel } from './time-buckets.js';
import type { Chart, Point, Section } from './types.js';

export async function errorsSection(context: ReportContext): Promise<Section | undefined> {
  const charts: Chart[] = [];
  const tables = metricsTables(context);
  const counter = tables?.samples.signals;
  if (tables && counter?.requestCounter && counter.errorCondition) {
    const increases = await counterIncreases(context, tables, counter.requestCounter, `(${counter.errorCondition})`, { onePartition: false });
    const totals = new Map<number, { all: number; errors: number }>();
    for (const { t, group, increase } of increases) {
      const entry = totals.get(t) ?? { all: 0, errors: 0 };
      entry.all += increase;
      if (group === 'true') entry.errors += increase;
      totals.set(t, entry);
    }
    const points: Point[] = [...totals].filter(([, entry]) => entry.all > 0).map(([t, entry]) => [t, entry.errors / entry.all]);
    charts.push(errorChart(context, `errors-${tables.samples.name}`, `${counter.requestCounter}: share of requests where ${counter.errorCondition}`, points));
  }
  if (tables && counter?.errorPercentGauge) {
    const metric = counter.errorPercentGauge.replaceAll("'", "''");
    const rows = await context.session.rows(
      `SELECT ${bucketSql('ts', context.bucketMs)} AS t, avg(value) / 100 AS share FROM ${sqlName(tables.samples.name)} WHERE metric = '${metric}' GROUP BY 1 ORDER BY 1`,
    );
    charts.push(errorChart(context, `errors-${tables.samples.name}`, `${counter.errorPercentGauge}: mean over its series / 100`, rows.map((row): Point => [Number(row.t), Number(row.share)])));
  }
  for (const spec of [...context.tables('logs'), ...context.tables('spans')]) {
    if (!spec.timeColumn || !spec.signals) continue;
    charts.push(...(await rowCharts(context, spec)));
  }
  if (charts.length === 0 && context.incidents.length === 0) return undefined;
  if (charts.length === 0) {
    const option = timeSeriesOption([{ name: 'incidents in progress', points: incidentsInProgress(context.incidents, context.startMs, context.endMs, context.bucketMs) }], { yName: 'incidents', step: context.bucketMs });
    charts.push({ id: 'errors-incidents', title: 'Ground-truth incidents in progress', option, incidents: true, height: 380 });
  }
  return {
    id: 'errors',
    title: 'Errors, latency and incidents',
    note: `Every ground-truth incident (labels/incidents.parquet, ${context.incidents.length} windows) is shaded (windows closer than a pixel merged; zoom in to separate them); the tooltip lists the incidents near the mouse by kind, with their scopes; click a legend entry to hide a kind. Metrics in buckets of ${widthLabel(context.bucketMs)}.`,
    charts,
  };
}

function errorChart(context: ReportContext, id: string, title: string, points: Point[], step = context.bucketMs): Chart {
  return { id, title, option: timeSeriesOption([{ name: 'error rate', points }], { yName: 'share', step }), incidents: true, height: 380 };
}

async function rowCharts(context: ReportContext, spec: TableSpec): Promise<Chart[]> {
  const { errorCondition, latencySeconds } = spec.signals!;
  const time = sqlName(spec.timeColumn!);
  // Sparse tables (a few thousand spans a day) get wider buckets: ~25 rows each on average, not a
  // line jumping between 0 and 1 at every bucket of one or two requests.
  const rows = context.session.dataset.summary.tables[spec.name]!.rows;
  const step = Math.max(context.bucketMs, bucketWidthMs(context.startMs, context.endMs, Math.max(rows / 25, 1)));
  const selects = [`${bucketSql(time, step)} AS t`];
  if (errorCondition) selects.push(`avg(CASE WHEN ${errorCondition} THEN 1.0 ELSE 0.0 END) AS errors`);
  if (latencySeconds) selects.push(`quantile_cont(${latencySeconds}, [${QUANTILES.join(', ')}]) AS q`);
  const buckets = await context.session.rows(`SELECT ${selects.join(', ')} FROM ${sqlName(spec.name)} GROUP BY 1 ORDER BY 1`);
  const charts: Chart[] = [];
  if (errorCondition) {
    const points: Point[] = buckets.map((row) => [Number(row.t), Number(row.errors)]);
    charts.push(errorChart(context, `errors-${spec.name}`, `${spec.name}: share of rows where ${errorCondition} (buckets of ${widthLabel(step)})`, points, step));
  }
  if (latencySeconds) {
    const lines = QUANTILES.map((q, i) => ({ name: `p${Math.round(q * 100)}`, points: buckets.map((row): Point => [Number(row.t), Number((row.q as number[])[i])]) }));
    charts.push({
      id: `latency-${spec.name}`,
      title: `${spec.name}: p50 / p95 / p99 of ${latencySeconds} (seconds; buckets of ${widthLabel(step)})`,
      option: timeSeriesOption(lines, { yName: 'seconds', step }),
      incidents: true,
    });
  }
  return charts;
}
