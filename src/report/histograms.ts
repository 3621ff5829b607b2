/**
 * p50/p95/p99 over time from histogram bucket series (type `histogram_bucket`, label `le`), the way
 * Prometheus' histogram_quantile does it: cumulative bucket increases per time bucket, linear
 * interpolation inside the bucket holding the quantile, the highest finite bound when it is +Inf.
 */
import { sqlName } from '../query/sql-text.js';
import { timeSeriesOption } from './charts.js';
import type { ReportContext } from './context.js';
import { counterIncreases } from './counters.js';
import type { MetricsTables } from './metrics-tables.js';
import { isBigSamplesTable } from './sample-files.js';
import type { Chart, Point, TimeSeries } from './types.js';

export const QUANTILES = [0.5, 0.95, 0.99];

export async function histogramCharts(context: ReportContext, tables: MetricsTables): Promise<Chart[]> {
  const families = await context.session.rows(
    `SELECT DISTINCT metric FROM ${sqlName(tables.series.name)} WHERE type = 'histogram_bucket' ORDER BY 1`,
  );
  const charts: Chart[] = [];
  for (const [index, row] of families.entries()) {
    const metric = String(row.metric);
    const increases = await counterIncreases(context, tables, metric, "labels['le']", { onePartition: true });
    const byTime = new Map<number, Array<[number, number]>>();
    for (const { t, group, increase } of increases) {
      if (!byTime.has(t)) byTime.set(t, []);
      byTime.get(t)!.push([group === '+Inf' ? Infinity : Number(group), increase]);
    }
    const lines: TimeSeries[] = QUANTILES.map((q) => ({ name: `p${Math.round(q * 100)}`, points: [] as Point[] }));
    for (const [t, buckets] of byTime) {
      buckets.sort((a, b) => a[0] - b[0]);
      // Sampled increases can break the cumulative order by a little: keep it non-decreasing.
      for (let i = 1; i < buckets.length; i++) buckets[i]![1] = Math.max(buckets[i]![1], buckets[i - 1]![1]);
      QUANTILES.forEach((q, i) => {
        const value = histogramQuantile(q, buckets);
        if (value !== undefined) lines[i]!.points.push([t, value]);
      });
    }
    charts.push({
      id: `metrics-histogram-${index}`,
      title: `${metric.replace(/_bucket$/, '')}: p50 / p95 / p99 (from the histogram's buckets${isBigSamplesTable(context, tables) ? ", of one partition's series" : ''})`,
      option: timeSeriesOption(lines, { yName: 'seconds', step: context.bucketMs }),
      incidents: true,
    });
  }
  return charts;
}

/** The q-quantile of cumulative buckets `[upper bound, count]` sorted by bound (the last +Inf). */
export function histogramQuantile(q: number, buckets: Array<[number, number]>): number | undefined {
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(count - lowerCount, Number.MIN_VALUE);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
