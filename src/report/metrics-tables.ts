/** The two tables of a dataset's metrics: the series table and the samples table. */
import type { TableSpec } from '../contract/table.js';
import type { ReportContext } from './context.js';

export interface MetricsTables {
  series: TableSpec;
  samples: TableSpec;
}

export function metricsTables(context: ReportContext): MetricsTables | undefined {
  const series = context.table('series');
  const samples = context.table('samples');
  return series && samples ? { series, samples } : undefined;
}
