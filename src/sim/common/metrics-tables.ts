/**
 * The metrics contract every kind shares (ARCHITECTURE.md): a small `series` table and a long,
 * narrow `samples` table sorted by (series_id, ts). Samples repeat their series' metric name as a
 * dictionary column (a few bytes per file): per-metric questions then need no join with `series`.
 * Kinds add their own columns and tuning.
 */
import type { TableSpec } from '../../contract/table.js';

const SERIES_REQUIRED = ['series_id', 'metric', 'labels', 'type', 'unit', 'first_ts', 'last_ts'];

export function seriesTableSpec(extra: Partial<TableSpec> & { extraRequired?: string[] } = {}): TableSpec {
  const { extraRequired = [], ...rest } = extra;
  return { name: 'series', path: 'metrics/series', role: 'series', timePartition: null, keyColumns: ['series_id'], requiredColumns: [...SERIES_REQUIRED, ...extraRequired], ...rest };
}

export function samplesTableSpec(extra: Partial<TableSpec> = {}): TableSpec {
  const { parquet, ...rest } = extra;
  return {
    name: 'samples',
    path: 'metrics/samples',
    role: 'samples',
    timePartition: 'date',
    timeColumn: 'ts',
    keyColumns: ['series_id'],
    requiredColumns: ['series_id', 'metric', 'ts', 'value'],
    ...rest,
    parquet: { byteStreamSplitColumns: ['value'], ...parquet },
  };
}
