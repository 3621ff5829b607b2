/**
 * Samples table → ExportMetricsServiceRequest. Counters become cumulative monotonic Sums whose
 * start time is the sample's `start_ts` (the series' start or last reset), gauges Gauges, and
 * each histogram's `_count` sample, joined with its bucket and sum samples of the same time, one
 * explicit-bucket Histogram point. Exemplars carry the sample's trace/span ids when it has them.
 */
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import { codecs, idBytes, nanos } from './codec.js';
import { signalPath } from './options.js';
import { groupByResource, SCOPE } from './resource.js';
import { ANCHOR_TYPES, HISTOGRAM_TABLE, loadSeries, SERIES_TABLE, type SeriesInfo } from './series.js';

const CUMULATIVE = 2;

export async function createMetricsEncoder(table: ReplayTable, tables: ReplayTable[], context: EncodeContext): Promise<TableEncoder> {
  const info = await loadSeries(tables, table, context);
  const first = table.files[0]!.replace(/'/g, "''");
  const names = (await context.sql.rows(`DESCRIBE SELECT * FROM read_parquet('${first}', hive_partitioning = false)`)).map((row) => String(row.column_name));
  const has = (name: string) => names.includes(name);
  // The shift of --shift-to-now, applied to start_ts as the engine applies it to ts.
  const shifted = (sql: string) => `(${context.timeMsSql} - epoch_ms(r.ts) + epoch_ms(${sql}))`;
  const codec = codecs('metrics').request;
  const path = signalPath('metrics', context.targetOptions);
  return {
    kind: 'rows',
    columns: [
      { name: 's', sql: 'l.idx', kind: 'int' },
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'st', sql: has('start_ts') ? shifted('r.start_ts') : 'NULL', kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
      { name: 'hb', sql: 'h.buckets', kind: 'text' },
      { name: 'hs', sql: 'h.sum', kind: 'double' },
      { name: 'trace_id', sql: has('trace_id') ? 'r.trace_id' : 'NULL', kind: 'text' },
      { name: 'span_id', sql: has('span_id') ? 'r.span_id' : 'NULL', kind: 'text' },
    ],
    join: `JOIN (SELECT * FROM ${SERIES_TABLE} l WHERE ${ANCHOR_TYPES}) l ON l.series_id = r.series_id LEFT JOIN ${HISTOGRAM_TABLE} h ON h.grp = l.grp AND h.ts = r.ts`,
    encode(batch: RowBatch): EncodedRequest {
      const series = batch.ints.s!;
      const groups = groupByResource((row) => info.resource[series[row]!]!, batch.rows);
      const resourceMetrics = [...groups].map(([id, rows]) => ({
        resource: info.resources.resources[id],
        scopeMetrics: [{ scope: SCOPE, metrics: metricsOf(info, batch, rows) }],
      }));
      const body = codec.encode({ resourceMetrics }).finish();
      return { path, headers: { 'Content-Type': 'application/x-protobuf' }, body, records: batch.rows };
    },
  };
}

interface Metric {
  name: string;
  unit: string;
  sum?: { dataPoints: object[]; aggregationTemporality: number; isMonotonic: boolean };
  gauge?: { dataPoints: object[] };
  histogram?: { dataPoints: object[]; aggregationTemporality: number };
}

/** One Metric per name (and kind) among `rows`, points in row order. */
function metricsOf(info: SeriesInfo, batch: RowBatch, rows: number[]): Metric[] {
  const metrics = new Map<string, Metric>();
  for (const row of rows) {
    const s = batch.ints.s![row]!;
    const kind = info.kind[s]!;
    const key = `${kind}:${info.name[s]}`;
    let metric = metrics.get(key);
    if (!metric) {
      metric = { name: info.name[s]!, unit: info.unit[s]! };
      if (kind === 'sum') metric.sum = { dataPoints: [], aggregationTemporality: CUMULATIVE, isMonotonic: true };
      else if (kind === 'histogram') metric.histogram = { dataPoints: [], aggregationTemporality: CUMULATIVE };
      else metric.gauge = { dataPoints: [] };
      metrics.set(key, metric);
    }
    (metric.sum ?? metric.histogram ?? metric.gauge)!.dataPoints.push(point(info, batch, row, s, kind));
  }
  return [...metrics.values()];
}

function point(info: SeriesInfo, batch: RowBatch, row: number, s: number, kind: SeriesInfo['kind'][number]): object {
  const time = nanos(batch.doubles.t![row]!);
  const start = batch.doubles.st![row]!;
  const value = batch.doubles.v![row]!;
  const common = { attributes: info.attributes[s], timeUnixNano: time, startTimeUnixNano: Number.isNaN(start) || kind === 'gauge' ? undefined : nanos(start) };
  if (kind !== 'histogram') return { ...common, asDouble: value, exemplars: exemplars(batch, row, time, value) };
  const bounds = info.bounds[s]!;
  const cumulative = JSON.parse(batch.texts.hb![row] ?? '[]') as number[];
  const bucketCounts = bounds.length === 0 && cumulative.length === 0 ? [] : bounds.map((_, i) => (cumulative[i] ?? 0) - (i > 0 ? (cumulative[i - 1] ?? 0) : 0));
  if (bucketCounts.length > 0) bucketCounts.push(value - (cumulative[bounds.length - 1] ?? 0));
  const sum = batch.doubles.hs![row]!;
  return { ...common, count: value, sum: Number.isNaN(sum) ? undefined : sum, bucketCounts, explicitBounds: bounds };
}

function exemplars(batch: RowBatch, row: number, time: object, value: number): object[] | undefined {
  const traceId = idBytes(batch.texts.trace_id![row], 16);
  if (!traceId) return undefined;
  return [{ timeUnixNano: time, asDouble: value, traceId, spanId: idBytes(batch.texts.span_id![row], 8) }];
}
