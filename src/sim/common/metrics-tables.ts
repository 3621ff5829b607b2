/**
 * The metrics contract every kind shares (ARCHITECTURE.md): a small `series` table and a long,
 * narrow `samples` table sorted by (series_id, ts). Samples repeat their series' metric name as a
 * dictionary column (a few bytes per file): per-metric questions then need no join with `series`.
 * Kinds add their own columns and tuning.
 */
import { makeVector, type Vector } from 'apache-arrow';
import type { TableSpec } from '../../contract/table.js';
import { NO_NULLS, indexedDictionaryColumn, timestampColumn, uint64Column } from './columns.js';

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

/** A samples batch's shared columns, from typed arrays (kinds add theirs, e.g. k8s its `start_ts`). */
export interface NarrowSamples {
  seriesIds: BigUint64Array;
  /** Index of each row's metric in `metricNames`. */
  metrics: Int32Array;
  timestamps: BigInt64Array;
  values: Float64Array;
}

export function narrowSamplesColumns(columns: NarrowSamples, metricNames: readonly string[]): Record<string, Vector> {
  return {
    series_id: uint64Column(columns.seriesIds),
    metric: indexedDictionaryColumn(columns.metrics, metricNames, NO_NULLS),
    ts: timestampColumn(columns.timestamps),
    value: makeVector(columns.values),
  };
}
