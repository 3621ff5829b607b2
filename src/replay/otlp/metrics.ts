/**
 * Samples table → ExportMetricsServiceRequest. Counters become cumulative monotonic Sums whose
 * start time is the sample's `start_ts` (the series' start or last reset), gauges Gauges, and
 * each histogram's `_count` sample, joined with its bucket and sum samples of the same time, one
 * explicit-bucket Histogram point. Exemplars carry the sample's trace/span ids when it has them.
 * Written field by field (opentelemetry-proto metrics/v1 field numbers below).
 */
import { FIXED64, isHexId, LENGTH_DELIMITED, ProtoWriter, VARINT } from '../encode/protobuf-writer.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { Utf8Column } from '../read/utf8-column.js';
import { RowGrouper } from './group.js';
import { signalPath } from './options.js';
import { ANCHOR_TYPES, HISTOGRAM_TABLE, loadSeries, SERIES_TABLE, type MetricKind, type SeriesInfo } from './series.js';
import { SCOPE_CONTENT, writeMessage } from './wire.js';

const CUMULATIVE = 2;
/** Metric: name = 1, unit = 3, gauge = 5, sum = 7, histogram = 9; Gauge/Sum/Histogram: data_points = 1, aggregation_temporality = 2, Sum.is_monotonic = 3. */
const DATA_FIELD: Record<MetricKind, number> = { gauge: 5, sum: 7, histogram: 9 };
/** NumberDataPoint: start 2, time 3, as_double 4, exemplars 5. HistogramDataPoint: start 2, time 3, count 4, sum 5, bucket_counts 6, explicit_bounds 7. */
const P = { start: 2, time: 3, asDouble: 4, exemplars: 5, count: 4, sum: 5, bucketCounts: 6, explicitBounds: 7 } as const;
/** Exemplar: time 2, as_double 3, span_id 4, trace_id 5. */
const X = { time: 2, asDouble: 3, spanId: 4, traceId: 5 } as const;

const bucket = (i: number) => `hb${i}`;

export async function createMetricsEncoder(table: ReplayTable, tables: ReplayTable[], context: EncodeContext): Promise<TableEncoder> {
  const info = await loadSeries(tables, table, context);
  const first = table.files[0]!.replace(/'/g, "''");
  const names = (await context.sql.rows(`DESCRIBE SELECT * FROM read_parquet('${first}', hive_partitioning = false)`)).map((row) => String(row.column_name));
  const has = (name: string) => names.includes(name);
  // The shift of --shift-to-now, applied to start_ts as the engine applies it to ts.
  const shifted = (sql: string) => `(${context.timeMsSql} - epoch_ms(r.ts) + epoch_ms(${sql}))`;
  const path = signalPath('metrics', context.targetOptions);
  const grouper = new RowGrouper();
  const w = new ProtoWriter();
  const metricHeaders = info.metrics.map(({ name, unit }) => {
    const header = new ProtoWriter(64);
    header.tag(1, LENGTH_DELIMITED);
    header.string(name);
    if (unit !== '') {
      header.tag(3, LENGTH_DELIMITED);
      header.string(unit);
    }
    return header.take();
  });
  return {
    kind: 'rows',
    columns: [
      { name: 's', sql: 'l.idx', kind: 'int' },
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'st', sql: has('start_ts') ? shifted('r.start_ts') : 'NULL', kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
      ...Array.from({ length: info.maxBuckets }, (_, i) => ({ name: bucket(i), sql: `h.buckets[${i + 1}]`, kind: 'double' as const })),
      { name: 'hs', sql: 'h.sum', kind: 'double' },
      { name: 'trace_id', sql: has('trace_id') ? 'r.trace_id' : 'NULL', kind: 'utf8' },
      { name: 'span_id', sql: has('span_id') ? 'r.span_id' : 'NULL', kind: 'utf8' },
    ],
    join: `JOIN (SELECT * FROM ${SERIES_TABLE} l WHERE ${ANCHOR_TYPES}) l ON l.series_id = r.series_id LEFT JOIN ${HISTOGRAM_TABLE} h ON h.grp = l.grp AND h.ts = r.ts`,
    encode(batch: RowBatch): EncodedRequest {
      const groups = groupPoints(info, batch, grouper);
      const point = pointWriter(info, batch, w);
      let open = -1;
      let resourceMetrics = 0;
      let scopeMetrics = 0;
      for (let p = 0; p < groups.start.length; p++) {
        const resource = groups.resource[p]!;
        if (resource !== open) {
          if (open >= 0) {
            w.join(scopeMetrics);
            w.join(resourceMetrics);
          }
          open = resource;
          w.tag(1, LENGTH_DELIMITED);
          resourceMetrics = w.fork(3);
          writeMessage(w, 1, info.resources.contents[resource]!);
          w.tag(2, LENGTH_DELIMITED);
          scopeMetrics = w.fork(3);
          writeMessage(w, 1, SCOPE_CONTENT);
        }
        const metric = groups.metric[p]!;
        const kind = info.metrics[metric]!.kind;
        w.tag(2, LENGTH_DELIMITED);
        const metricMark = w.fork(3);
        w.raw(metricHeaders[metric]!);
        w.tag(DATA_FIELD[kind], LENGTH_DELIMITED);
        const data = w.fork(3);
        for (let i = groups.start[p]!; i < groups.end[p]!; i++) point(groups.order[i]!, kind);
        if (kind !== 'gauge') {
          w.tag(2, VARINT);
          w.uint32(CUMULATIVE);
        }
        if (kind === 'sum') {
          w.tag(3, VARINT);
          w.uint32(1);
        }
        w.join(data);
        w.join(metricMark);
      }
      if (open >= 0) {
        w.join(scopeMetrics);
        w.join(resourceMetrics);
      }
      return { path, headers: { 'Content-Type': 'application/x-protobuf' }, body: w.take(), records: batch.rows };
    },
  };
}

interface PointGroups {
  order: Int32Array;
  /** Each Metric to write, in order: its rows `order[start, end)`, its resource and metric. */
  start: number[];
  end: number[];
  resource: number[];
  metric: number[];
}

/**
 * Rows grouped by (resource, metric) in first-seen order, and those groups ordered by their
 * resource's first appearance: one ResourceMetrics per resource, one Metric per name within it.
 */
function groupPoints(info: SeriesInfo, batch: RowBatch, grouper: RowGrouper): PointGroups {
  const series = batch.ints.s!;
  const pairIds = new Int32Array(batch.rows);
  const pairOf = new Map<number, number>();
  const resourceOfPair: number[] = [];
  const metricOfPair: number[] = [];
  const metrics = info.metrics.length;
  for (let row = 0; row < batch.rows; row++) {
    const s = series[row]!;
    const key = info.resource[s]! * metrics + info.metric[s]!;
    let pair = pairOf.get(key);
    if (pair === undefined) {
      pairOf.set(key, (pair = resourceOfPair.length));
      resourceOfPair.push(info.resource[s]!);
      metricOfPair.push(info.metric[s]!);
    }
    pairIds[row] = pair;
  }
  const { order, groups, bounds } = grouper.group(pairIds, batch.rows);
  // `groups` holds pair ids in first-seen order; a resource first appears with its first pair.
  const rank = new Map<number, number>();
  for (const pair of groups) if (!rank.has(resourceOfPair[pair]!)) rank.set(resourceOfPair[pair]!, rank.size);
  const positions = groups.map((_, g) => g).sort((a, b) => rank.get(resourceOfPair[groups[a]!]!)! - rank.get(resourceOfPair[groups[b]!]!)! || a - b);
  return {
    order,
    start: positions.map((g) => bounds[g]!),
    end: positions.map((g) => bounds[g + 1]!),
    resource: positions.map((g) => resourceOfPair[groups[g]!]!),
    metric: positions.map((g) => metricOfPair[groups[g]!]!),
  };
}

/** Writes one data point (a field of the Metric's data message) for a row. */
function pointWriter(info: SeriesInfo, batch: RowBatch, w: ProtoWriter): (row: number, kind: MetricKind) => void {
  const series = batch.ints.s!;
  const { t, st, v, hs } = batch.doubles as Record<'t' | 'st' | 'v' | 'hs', Float64Array>;
  const buckets = Array.from({ length: info.maxBuckets }, (_, i) => batch.doubles[bucket(i)]!);
  const { trace_id: traceId, span_id: spanId } = batch.utf8 as Record<'trace_id' | 'span_id', Utf8Column>;
  return (row, kind) => {
    const s = series[row]!;
    const time = t[row]!;
    const start = st[row]!;
    const value = v[row]!;
    w.tag(1, LENGTH_DELIMITED);
    const point = w.fork(2);
    w.raw(info.attributes[s]!);
    if (kind !== 'gauge' && !Number.isNaN(start)) {
      w.tag(P.start, FIXED64);
      w.nanos(start, 0);
    }
    w.tag(P.time, FIXED64);
    w.nanos(time, 0);
    if (kind !== 'histogram') {
      w.tag(P.asDouble, FIXED64);
      w.double(value);
      const traceLength = traceId.length[row]!;
      if (isHexId(traceId.data, traceId.start[row]!, traceLength, 16)) {
        w.tag(P.exemplars, LENGTH_DELIMITED);
        const exemplar = w.fork();
        w.tag(X.time, FIXED64);
        w.nanos(time, 0);
        w.tag(X.asDouble, FIXED64);
        w.double(value);
        w.hexField(X.spanId, spanId.data, spanId.start[row]!, spanId.length[row]!, 8);
        w.hexField(X.traceId, traceId.data, traceId.start[row]!, traceLength, 16);
        w.join(exemplar);
      }
    } else {
      w.tag(P.count, FIXED64);
      w.fixed64Number(value);
      const sum = hs[row]!;
      if (!Number.isNaN(sum)) {
        w.tag(P.sum, FIXED64);
        w.double(sum);
      }
      const bounds = info.bounds[s]!;
      const n = bounds.length;
      if (n > 0) {
        // Bucket counts are the differences of the cumulative `_bucket` values (missing ones 0); the last is `_count` minus the last finite bucket.
        w.tag(P.bucketCounts, LENGTH_DELIMITED);
        w.uint32(8 * (n + 1));
        let previous = 0;
        for (let i = 0; i < n; i++) {
          const cumulative = cumulativeAt(buckets, i, row);
          w.fixed64Number(cumulative - previous);
          previous = cumulative;
        }
        w.fixed64Number(value - previous);
        w.tag(P.explicitBounds, LENGTH_DELIMITED);
        w.uint32(8 * n);
        for (let i = 0; i < n; i++) w.double(bounds[i]!);
      }
    }
    w.join(point);
  };
}

function cumulativeAt(buckets: Float64Array[], i: number, row: number): number {
  const value = i < buckets.length ? buckets[i]![row]! : Number.NaN;
  return Number.isNaN(value) ? 0 : value;
}
