/**
 * Increases of counter series per time bucket, downsampled in SQL: only the samples in the first
 * scrape interval of each bucket are kept (a 30-day k8s request counter in 15-minute buckets: 1.5M
 * of 89M rows), and each increase between two kept samples of a series (a reset counts from 0) is
 * given to the bucket of the first. Good for rates and ratios over many series.
 */
import { repeatedSeriesColumns } from '../query/views.js';
import { sqlName, sqlString } from '../query/sql-text.js';
import type { ReportContext } from './context.js';
import type { MetricsTables } from './metrics-tables.js';
import { samplesSource } from './sample-files.js';
import { bucketSql } from './time-buckets.js';

/**
 * The samples of one metric: by the metric column when samples repeat it (files split by metric are
 * then the only ones read), else by a semi-join with the series table (2 s more on 148M rows).
 */
function ofMetric(tables: MetricsTables, metric: string, key: string): string {
  return repeatedSeriesColumns(tables.samples, tables.series).includes('metric') ? `metric = ${sqlString(metric)}` : `${key} IN (SELECT id FROM s)`;
}

export interface IncreaseRow {
  t: number;
  group: string;
  increase: number;
}

/**
 * Summed increases per bucket and group of the series of `metric` (the group: a SQL expression
 * over the series table, e.g. an error condition or `labels['le']`).
 */
export async function counterIncreases(context: ReportContext, tables: MetricsTables, metric: string, group: string, options: { onePartition: boolean }): Promise<IncreaseRow[]> {
  const { bucketMs } = context;
  const key = sqlName(tables.series.keyColumns[0]!);
  const time = sqlName(tables.samples.timeColumn ?? 'ts');
  // One scrape interval of each bucket holds one sample of every live series; a sixtieth of the
  // bucket at least, for series scraped more often than that.
  const windowMs = Math.max(context.stepMs, Math.floor(bucketMs / 60), 1);
  const source = samplesSource(context, tables, { ...options, metrics: [metric] });
  if (!source) return [];
  const rows = await context.session.rows(
    `WITH s AS (SELECT ${key} AS id, CAST(${group} AS VARCHAR) AS g FROM ${sqlName(tables.series.name)} WHERE metric = ${sqlString(metric)}),
     x AS (SELECT ${key} AS id, ${time} AS ts, value FROM ${source}
           WHERE epoch_ms(${time}) % ${bucketMs} < ${windowMs} AND ${ofMetric(tables, metric, key)}),
     d AS (SELECT id, value, value - lag(value) OVER w AS dv, lag(ts) OVER w AS previous FROM x WINDOW w AS (PARTITION BY id ORDER BY ts))
     SELECT ${bucketSql('previous', bucketMs)} AS t, s.g AS g, sum(CASE WHEN dv < 0 THEN value ELSE dv END) AS inc
     FROM d JOIN s USING (id) WHERE dv IS NOT NULL GROUP BY ALL ORDER BY t, g`,
  );
  return rows.map((row) => ({ t: Number(row.t), group: String(row.g), increase: Number(row.inc) }));
}
