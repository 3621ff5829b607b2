/**
 * Metrics (a series table and a samples table): series count, series per metric, label
 * cardinalities, a few representative series per metric family (counters as a rate per second,
 * gauges as the bucket's mean) and histogram quantiles.
 */
import { sqlName } from '../query/sql-text.js';
import { barOption } from './charts.js';
import type { ReportContext } from './context.js';
import { metricsTables } from './metrics-tables.js';
import { histogramCharts } from './histograms.js';
import { seriesLabels } from './labels.js';
import { metricSpreadCharts, representativeCharts } from './metric-lines.js';
import { widthLabel } from './time-buckets.js';
import type { Chart, Section } from './types.js';

/**
 * Series with fewer samples than this on average are events (social-network: a sample per request
 * and label set, 1.6 per series): one series says nothing, each metric is plotted over all of them.
 */
const SPARSE_SAMPLES_PER_SERIES = 20;

export async function metricsSection(context: ReportContext): Promise<Section | undefined> {
  const tables = metricsTables(context);
  if (!tables) return undefined;
  const series = sqlName(tables.series.name);
  const columns = await context.columns(tables.series.name);
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
  const labels = await seriesLabels(context, tables, columns);
  if (labels.counts.length > 0) {
    const sampled = labels.counts.some((entry) => entry.sampled);
    charts.push({
      id: 'metrics-labels',
      title: `Label cardinalities (distinct values, top ${labels.counts.length}${sampled ? '; * = counted on the first 100k series' : ''})`,
      option: barOption(labels.counts.map((entry) => `${entry.label}${entry.sampled ? ' *' : ''}`), labels.counts.map((entry) => entry.values), { yName: 'values', horizontal: true }),
      height: 80 + 22 * labels.counts.length,
    });
  }
  const summary = context.session.dataset.summary.tables;
  const sparse = summary[tables.samples.name]!.rows < SPARSE_SAMPLES_PER_SERIES * summary[tables.series.name]!.rows;
  charts.push(...(sparse ? await metricSpreadCharts(context, tables) : await representativeCharts(context, tables, columns, labels.legendSql)));
  if (columns.has('labels') && columns.has('type')) charts.push(...(await histogramCharts(context, tables)));
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
