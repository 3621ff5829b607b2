/**
 * Metrics (a series table and a samples table): series count, series per metric, label
 * cardinalities, a few representative series per metric family (counters as a rate per second,
 * gauges as the bucket's mean) and histogram quantiles.
 */
import { basename, join } from 'node:path';
import { parquetFiles, sqlName, sqlString } from '../query/dataset.js';
import { barOption, timeSeriesOption } from './charts.js';
import type { ReportContext } from './context.js';
import { metricsTables, type MetricsTables } from './counters.js';
import { histogramCharts } from './histograms.js';
import { bucketSql, widthLabel } from './time-buckets.js';
import type { Chart, Section, TimeSeries } from './types.js';

const TOP_LABELS = 15;
const SERIES_PER_METRIC = 3;
/** Series types whose value only grows (between resets): plotted as a rate. */
const CUMULATIVE = ['counter', 'histogram_count', 'histogram_sum'];
const LEGEND_CHARS = 70;

export async function metricsSection(context: ReportContext): Promise<Section | undefined> {
  const tables = metricsTables(context);
  if (!tables) return undefined;
  const series = sqlName(tables.series.name);
  const columns = await context.columns(tables.series.name);
  const hasLabels = columns.has('labels');
  const perMetric = await context.session.rows(`SELECT metric, count(*) AS n FROM ${series} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const total = perMetric.reduce((sum, row) => sum + Number(row.n), 0);
  const charts: Chart[] = [
    {
      id: 'metrics-per-metric',
      title: 'Series per metric',
      option: barOption(perMetric.map((row) => String(row.metric)), perMetric.map((row) => Number(row.n)), { yName: 'series', horizontal: true }),
      height: 80 + 22 * perMetric.length,
    },
  ];
  if (hasLabels) {
    const labels = await context.session.rows(
      `SELECT entry.key AS label, count(DISTINCT entry.value) AS n FROM (SELECT unnest(map_entries(labels)) AS entry FROM ${series}) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_LABELS}`,
    );
    charts.push({
      id: 'metrics-labels',
      title: `Label cardinalities (distinct values, top ${TOP_LABELS})`,
      option: barOption(labels.map((row) => String(row.label)), labels.map((row) => Number(row.n)), { yName: 'values', horizontal: true }),
      height: 80 + 22 * labels.length,
    });
  }
  charts.push(...(await representativeCharts(context, tables, columns)));
  if (hasLabels && columns.has('type')) charts.push(...(await histogramCharts(context, tables)));
  return {
    id: 'metrics',
    title: 'Metrics',
    note: `Time series are downsampled in SQL to ${widthLabel(context.bucketMs)} buckets (drag or scroll to zoom). Counters are plotted as a rate per second, gauges as each bucket's mean.`,
    facts: [
      ['series', total.toLocaleString('en-US')],
      ['metrics', String(perMetric.length)],
      ['samples', context.session.dataset.summary.tables[tables.samples.name]!.rows.toLocaleString('en-US')],
    ],
    charts,
  };
}

/**
 * One chart per metric family (histogram buckets and sums left to the quantile chart): its
 * longest-lived series among those of one partition (the file name with the most files: one
 * partition's series for the whole timeline), so only that partition's files are read.
 */
async function representativeCharts(context: ReportContext, tables: MetricsTables, columns: Set<string>): Promise<Chart[]> {
  const key = sqlName(tables.series.keyColumns[0]!);
  const type = columns.has('type') ? 'type' : sqlString('gauge');
  const labels = columns.has('labels') ? 'CAST(labels AS VARCHAR)' : sqlString('');
  const life = columns.has('first_ts') && columns.has('last_ts') ? 'epoch_ms(last_ts) - epoch_ms(first_ts)' : '0';
  const files = onePartitionFiles(parquetFiles(context.session.dataset, tables.samples.name)).map((file) => sqlString(join(context.session.dataset.dir, file)));
  if (files.length === 0) return [];
  const source = `read_parquet([${files.join(', ')}], hive_partitioning = false)`;
  const picked = await context.session.rows(
    `SELECT CAST(${key} AS VARCHAR) AS id, metric, ${type} AS type, ${labels} AS labels FROM ${sqlName(tables.series.name)}
     WHERE ${type} NOT IN ('histogram_bucket', 'histogram_sum') AND ${key} IN (SELECT DISTINCT ${key} FROM ${source})
     QUALIFY row_number() OVER (PARTITION BY metric ORDER BY ${life} DESC, ${key}) <= ${SERIES_PER_METRIC}
     ORDER BY metric, ${life} DESC, ${key}`,
  );
  if (picked.length === 0) return [];
  const cumulative = picked.filter((row) => CUMULATIVE.includes(String(row.type))).map((row) => String(row.id));
  const time = sqlName(tables.samples.timeColumn ?? 'ts');
  const ids = picked.map((row) => String(row.id)).join(', ');
  const metrics = [...new Set(picked.map((row) => String(row.metric)))];
  const values = await context.session.rows(
    `WITH x AS (SELECT ${key} AS id, ${time} AS ts, value FROM ${source} WHERE ${key} IN (${ids})),
     d AS (SELECT id, ts, value, value - lag(value) OVER w AS dv, epoch_ms(ts) - epoch_ms(lag(ts) OVER w) AS dt FROM x WINDOW w AS (PARTITION BY id ORDER BY ts))
     SELECT CAST(id AS VARCHAR) AS id, ${bucketSql('ts', context.bucketMs)} AS t,
       CASE WHEN id IN (${cumulative.join(', ') || 'NULL'}) THEN sum(CASE WHEN dv < 0 THEN value ELSE dv END) / nullif(sum(dt) / 1000, 0) ELSE avg(value) END AS v
     FROM d GROUP BY d.id, t HAVING v IS NOT NULL ORDER BY 1, t`,
  );
  const points = new Map<string, Array<[number, number]>>();
  for (const row of values) {
    const id = String(row.id);
    if (!points.has(id)) points.set(id, []);
    points.get(id)!.push([Number(row.t), Number(row.v)]);
  }
  return metrics.map((metric, index) => {
    const rows = picked.filter((row) => row.metric === metric);
    const rate = cumulative.includes(String(rows[0]!.id));
    const lines: TimeSeries[] = rows.map((row) => ({ name: legend(String(row.labels)), points: points.get(String(row.id)) ?? [] }));
    return {
      id: `metrics-series-${index}`,
      title: `${metric}${rate ? ' (rate per second)' : ''}: ${rows.length} representative series`,
      option: timeSeriesOption(lines, { yName: rate ? '/s' : '', step: context.bucketMs }),
    };
  });
}

/** The files of the partition with the most files (ties: the first name). */
function onePartitionFiles(files: string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    const name = basename(file);
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name)!.push(file);
  }
  let best: string[] = [];
  for (const name of [...byName.keys()].sort()) if (byName.get(name)!.length > best.length) best = byName.get(name)!;
  return best;
}

function legend(labels: string): string {
  const text = labels.replace(/^\{|\}$/g, '');
  return text.length > LEGEND_CHARS ? `${text.slice(0, LEGEND_CHARS - 1)}…` : text || '(no labels)';
}
