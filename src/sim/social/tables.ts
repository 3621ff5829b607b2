/** The tables a social-network compile writes, and how each is assembled from a partition's columns. */
import { makeVector, type Table, type Vector } from 'apache-arrow';
import { NO_NULLS, indexedDictionaryColumn, tableOf, timestampColumn, uint64Column } from '../common/columns.js';
import { samplesTableSpec, seriesTableSpec } from '../common/metrics-tables.js';
import type { TableSpec } from '../../contract/table.js';
import { TAG_NAMES } from './releases.js';
import { DICT, type SpanColumns } from './span-columns.js';

const TAGS = [...TAG_NAMES];
/** The seed's 21 log keys (upstream_request_id last). */
export const LOG_KEYS = [
  'timestamp', 'level', 'service', 'stack', 'action', 'user_id', 'request_id', 'success', 'message', 'release_id', 'trace_id',
  'span_id', 'parent_span_id', 'target_user_id', 'object_type', 'object_id', 'error_code', 'error_message', 'error_source', 'error_type', 'upstream_request_id',
] as const;
const EXTRA_TAGS = TAGS.filter((t) => !(LOG_KEYS as readonly string[]).includes(t));

export const LOGS_TABLE: TableSpec = {
  name: 'logs',
  path: 'logs',
  role: 'logs',
  timePartition: 'month',
  timeColumn: 'timestamp',
  keyColumns: ['request_id'],
  messageColumn: 'message',
  // The spans table, written next, shares most of these columns.
  parquet: { columnsRepeatedNext: true },
  // Few, low-cardinality stream fields (VictoriaLogs): never ids.
  streamFields: ['environment', 'service', 'level'],
  requiredColumns: ['timestamp', 'level', 'service', 'stack', 'action', 'user_id', 'request_id', 'success', 'message', 'release_id', 'trace_id', 'span_id', ...TAGS],
};

export const SPANS_TABLE: TableSpec = {
  name: 'spans',
  path: 'spans',
  role: 'spans',
  timePartition: 'month',
  timeColumn: 'start_time',
  keyColumns: ['trace_id', 'span_id'],
  signals: { errorCondition: "status_code = 'ERROR'", latencySeconds: 'duration_ns / 1e9' },
  requiredColumns: ['trace_id', 'span_id', 'name', 'kind', 'service_name', 'start_time', 'end_time', 'duration_ns', 'status_code', 'request_id', ...TAGS],
};

export const SERIES_TABLE = seriesTableSpec({
  extraRequired: ['service', 'stack', 'action', 'success', 'is_write', 'persona', ...TAGS],
});

export const SAMPLES_TABLE = samplesTableSpec({ timePartition: 'month', parquet: { deltaColumns: ['series_id', 'ts'] } });

export function logsTable(c: SpanColumns): Table {
  const v = c.vectors;
  const columns: Record<string, Vector> = {};
  for (const key of LOG_KEYS) columns[key] = v[key]!;
  columns.persona = v.persona!;
  columns.is_write = v.is_write!;
  for (const tag of EXTRA_TAGS) columns[tag] = v[tag]!;
  return tableOf(columns);
}

export function spansTable(c: SpanColumns): Table {
  const v = c.vectors;
  const columns: Record<string, Vector> = {
    trace_id: v.trace_id!,
    span_id: v.span_id!,
    parent_span_id: v.parent_span_id!,
    name: v.action!,
    kind: v.kind!,
    service_name: v.service_name!,
    start_time: v.timestamp!,
    end_time: v.end_time!,
    duration_ns: v.duration_ns!,
    status_code: v.status_code!,
    status_message: v.error_message!,
    request_id: v.request_id!,
  };
  for (const key of ['action', 'persona', 'user_id', 'target_user_id', 'is_write', 'object_type', 'object_id', 'error_code', 'error_source', 'error_type', 'upstream_request_id']) {
    columns[key === 'error_code' ? 'http_status_code' : key] = v[key]!;
  }
  for (const tag of TAGS) columns[tag] = v[tag]!;
  return tableOf(columns);
}

export interface SampleColumns {
  seriesIds: BigUint64Array;
  /** Index of each row's metric in the metrics dictionary. */
  metrics: Int32Array;
  ts: BigInt64Array;
  values: Float64Array;
  traceId: Vector;
  requestId: Vector;
}

export function samplesTable(c: SampleColumns): Table {
  return tableOf({
    series_id: uint64Column(c.seriesIds),
    metric: indexedDictionaryColumn(c.metrics, DICT.metrics, NO_NULLS),
    ts: timestampColumn(c.ts),
    value: makeVector(c.values),
    trace_id: c.traceId,
    request_id: c.requestId,
  });
}
