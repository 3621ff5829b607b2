/**
 * Lines of a metrics section: a few representative series per metric (counters as a rate per
 * second, gauges as each bucket's mean), or, when series are sparse events, each metric's mean and
 * p99 over all its samples.
 */
import { sqlName, sqlString } from '../query/sql-text.js';
import { timeSeriesOption } from './charts.js';
import type { ReportContext } from './context.js';
import type { MetricsTables } from './metrics-tables.js';
import { isBigSamplesTable, samplesSource } from './sample-files.js';
import { bucketSql } from './time-buckets.js';
import type { Chart, TimeSeries } from './types.js';

const SERIES_PER_METRIC = 3;
/** Series types whose value only grows (between resets): plotted as a rate. */
const CUMULATIVE = ['counter', 'histogram_count', 'histogram_sum'];
const LEGEND_CHARS = 70;

/**
 * One chart per metric family (histogram buckets and sums left to the quantile chart): its
 * longest-lived series (of one partition, in a big samples table: sample-files.ts).
 */
export async function representativeCharts(context: ReportContext, tables: MetricsTables, columns: Set<string>, legendSql: string): Promise<Chart[]> {
  const key = sqlName(tables.series.keyColumns[0]!);
  const type = columns.has('type') ? 'type' : sqlString('gauge');
  const life = columns.has('first_ts') && columns.has('last_ts') ? 'epoch_ms(last_ts) - epoch_ms(first_ts)' : '0';
  const big = isBigSamplesTable(context, tables);
  const source = samplesSource(context, tables, { onePartition: true });
  if (!source) return [];
  // Picked without their labels, labelled after (a big series table's labels map is slow to read).
  const picked = await context.session.rows(
    `WITH p AS (SELECT ${key} AS id, metric, ${type} AS type, ${life} AS life FROM ${sqlName(tables.series.name)}
       WHERE ${type} NOT IN ('histogram_bucket', 'histogram_sum')${big ? ` AND ${key} IN (SELECT DISTINCT ${key} FROM ${source})` : ''}
       QUALIFY row_number() OVER (PARTITION BY metric ORDER BY ${life} DESC, ${key}) <= ${SERIES_PER_METRIC})
     SELECT CAST(p.id AS VARCHAR) AS id, p.metric, p.type, ${legendSql} AS labels FROM p JOIN ${sqlName(tables.series.name)} se ON se.${key} = p.id
     ORDER BY p.metric, p.life DESC, p.id`,
  );
  if (picked.length === 0) return [];
  const cumulative = picked.filter((row) => CUMULATIVE.includes(String(row.type))).map((row) => String(row.id));
  const time = sqlName(tables.samples.timeColumn ?? 'ts');
  const ids = picked.map((row) => String(row.id)).join(', ');
  const metrics = [...new Set(picked.map((row) => String(row.metric)))];
  const values = await context.session.rows(
    `WITH x AS (SELECT ${key} AS id, ${time} AS ts, value FROM ${samplesSource(context, tables, { onePartition: true, metrics }) ?? source} WHERE ${key} IN (${ids})),
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

/** Sparse metrics: each metric's mean and p99 per bucket over all its samples. */
export async function metricSpreadCharts(context: ReportContext, tables: MetricsTables): Promise<Chart[]> {
  const time = sqlName(tables.samples.timeColumn ?? 'ts');
  const rows = await context.session.rows(
    `SELECT metric, ${bucketSql(time, context.bucketMs)} AS t, avg(value) AS mean, quantile_cont(value, 0.99) AS p99 FROM ${sqlName(tables.samples.name)} GROUP BY ALL ORDER BY 1, 2`,
  );
  const metrics = [...new Set(rows.map((row) => String(row.metric)))];
  return metrics.map((metric, index) => {
    const own = rows.filter((row) => row.metric === metric);
    return {
      id: `metrics-series-${index}`,
      title: `${metric}: mean and p99 of every sample in the bucket (series are sparse)`,
      option: timeSeriesOption(
        [
          { name: 'mean', points: own.map((row): [number, number] => [Number(row.t), Number(row.mean)]) },
          { name: 'p99', points: own.map((row): [number, number] => [Number(row.t), Number(row.p99)]) },
        ],
        { yName: '', step: context.bucketMs },
      ),
    };
  });
}

function legend(labels: string): string {
  const text = labels.replace(/^\{|\}$/g, '');
  return text.length > LEGEND_CHARS ? `${text.slice(0, LEGEND_CHARS - 1)}…` : text || '(no labels)';
}
