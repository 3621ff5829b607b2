/**
 * Remote write 1.0 bodies: a snappy-compressed (block format) protobuf WriteRequest with one
 * TimeSeries per series present in the batch (in first-seen order), its labels sorted by name
 * (`__name__` included) and its samples in time order. Written field by field from the batch's
 * columns (prompb field numbers below); each series' labels are encoded once per replay.
 */
import { FIXED64, LENGTH_DELIMITED, ProtoWriter, VARINT, varintSize } from '../encode/protobuf-writer.js';
import { loadSeriesIndex, SERIES_ID_COLUMNS, seriesIds } from '../encode/series-index.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import { compressSnappy } from './snappy.js';

export const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

/** WriteRequest: timeseries = 1. TimeSeries: labels = 1, samples = 2. Label: name = 1, value = 2. Sample: value = 1 (double), timestamp = 2 (int64 ms). */
const TIMESERIES = 1;
const LABELS = 1;
const SAMPLES = 2;

export interface SeriesLabels {
  /** Dense index by the `hi:lo` halves of series_id. */
  index: Map<string, number>;
  /** Each series' labels (sorted by name, `__name__` included) encoded as TimeSeries label fields, by dense index. */
  labels: Uint8Array[];
}

export async function loadSeriesLabels(tables: ReplayTable[], context: EncodeContext): Promise<SeriesLabels> {
  const { index, series } = await loadSeriesIndex(tables, context, 'remote-write');
  const w = new ProtoWriter(4096);
  const labels = series.map((entry) => {
    const all: Record<string, string> = { ...entry.labels, __name__: entry.metric };
    for (const name of Object.keys(all).sort()) {
      w.tag(LABELS, LENGTH_DELIMITED);
      const label = w.fork();
      w.tag(1, LENGTH_DELIMITED);
      w.string(name);
      w.tag(2, LENGTH_DELIMITED);
      w.string(all[name]!);
      w.join(label);
    }
    return w.take();
  });
  return { index, labels };
}

export function createRemoteWriteEncoder(series: SeriesLabels, context: EncodeContext): TableEncoder {
  const writer = new WriteRequestWriter(series);
  return {
    kind: 'rows',
    columns: [...SERIES_ID_COLUMNS, { name: 't', sql: context.timeMsSql, kind: 'double' }, { name: 'v', sql: 'r.value', kind: 'double' }],
    encode: (batch) => writer.encode(batch),
  };
}

/** Encodes batches into one reused protobuf buffer, then snappy. */
export class WriteRequestWriter {
  private readonly w = new ProtoWriter();
  /** Each series' rank in the batch by first appearance (stamped with the batch number). */
  private rank: Int32Array;
  private stamp: Int32Array;
  private batchNumber = 0;
  private order = new Int32Array(0);
  private ranks = new Int32Array(0);
  private ids = new Int32Array(0);

  constructor(private readonly series: SeriesLabels) {
    this.rank = new Int32Array(series.labels.length);
    this.stamp = new Int32Array(series.labels.length);
  }

  encode(batch: RowBatch): EncodedRequest {
    const rows = batch.rows;
    if (this.ids.length < rows) this.ids = new Int32Array(rows);
    const series = seriesIds(batch, this.series.index, 'remote-write', this.ids);
    const times = batch.doubles.t!;
    const values = batch.doubles.v!;
    const order = this.sampleOrder(series, times, rows);
    const w = this.w;
    w.reset();
    let row = 0;
    while (row < rows) {
      const id = series[order[row]!]!;
      w.tag(TIMESERIES, LENGTH_DELIMITED);
      const timeseries = w.fork(2);
      w.raw(this.series.labels[id]!);
      for (; row < rows && series[order[row]!] === id; row++) {
        const at = order[row]!;
        const timestamp = times[at]!;
        w.tag(SAMPLES, LENGTH_DELIMITED);
        // value: tag + 8 bytes; timestamp: tag + varint (int64: ten bytes when negative).
        w.uint32(10 + (timestamp < 0 ? 10 : varintSize(timestamp)));
        w.tag(1, FIXED64);
        w.double(values[at]!);
        w.tag(2, VARINT);
        w.int64(timestamp);
      }
      w.join(timeseries);
    }
    return { path: '', headers: REMOTE_WRITE_HEADERS, body: compressSnappy(w.view8()), records: rows };
  }

  /**
   * Rows ordered by their series' first appearance, then by time, then by position: the order
   * rows already have when a unit is one file sorted by (series, time), checked in one pass;
   * otherwise (time-ordered units) sorted.
   */
  private sampleOrder(series: Int32Array, times: Float64Array, rows: number): Int32Array {
    if (this.order.length < rows) {
      this.order = new Int32Array(rows);
      this.ranks = new Int32Array(rows);
    }
    const batchNumber = ++this.batchNumber;
    let seen = 0;
    let sorted = true;
    for (let row = 0; row < rows; row++) {
      const id = series[row]!;
      if (this.stamp[id] !== batchNumber) {
        this.stamp[id] = batchNumber;
        this.rank[id] = seen++;
      }
      this.ranks[row] = this.rank[id]!;
      this.order[row] = row;
      if (row > 0 && (this.ranks[row]! < this.ranks[row - 1]! || (this.ranks[row] === this.ranks[row - 1] && times[row]! < times[row - 1]!))) sorted = false;
    }
    const order = this.order.subarray(0, rows);
    if (!sorted) order.sort((a, b) => this.ranks[a]! - this.ranks[b]! || times[a]! - times[b]! || a - b);
    return order;
  }
}
