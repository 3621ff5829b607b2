/**
 * Remote write 1.0 bodies: a snappy-compressed (block format) protobuf WriteRequest with one
 * TimeSeries per series present in the batch (in first-seen order), its labels sorted by name
 * (`__name__` included) and its samples in time order. Written field by field from the batch's
 * columns (prompb field numbers below); each series' labels are encoded once per replay.
 */
import { TeleforgeError } from '../../errors.js';
import { FIXED64, LENGTH_DELIMITED, ProtoWriter, VARINT, varintSize } from '../encode/protobuf-writer.js';
import { sourceSql } from '../sql.js';
import { SERIES_ROW_JSON_SQL, labelsOf } from '../series-labels.js';
import type { EncodeContext, EncodedRequest, ReplayTable, RowBatch, TableEncoder } from '../types.js';
import { compressSnappy } from './snappy.js';

const SERIES_INDEX = 'replay_remote_write_series';

export const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

/** WriteRequest: timeseries = 1. TimeSeries: labels = 1, samples = 2. Label: name = 1, value = 2. Sample: value = 1 (double), timestamp = 2 (int64 ms). */
const TIMESERIES = 1;
const LABELS = 1;
const SAMPLES = 2;

/** Each series' labels (sorted by name, `__name__` included) encoded as TimeSeries label fields, by dense index. */
export async function loadSeriesLabels(tables: ReplayTable[], context: EncodeContext): Promise<Uint8Array[]> {
  const series = tables.find((table) => table.spec.role === 'series');
  if (!series || series.files.length === 0) throw new TeleforgeError('BAD_ARGUMENT', 'remote-write: the dataset has no series table to take labels from');
  await context.sql.run(
    `CREATE OR REPLACE TEMP TABLE ${SERIES_INDEX} AS SELECT r.series_id, (row_number() OVER (ORDER BY r.series_id) - 1)::INTEGER AS idx, ` +
      `r.metric::VARCHAR AS metric, ${SERIES_ROW_JSON_SQL} AS row FROM ${sourceSql(series.files)}`,
  );
  const rows = await context.sql.rows(`SELECT idx, metric, row FROM ${SERIES_INDEX} ORDER BY idx`);
  const w = new ProtoWriter(4096);
  return rows.map((row) => {
    const labels: Record<string, string> = { ...labelsOf(String(row.row)), __name__: String(row.metric) };
    for (const name of Object.keys(labels).sort()) {
      w.tag(LABELS, LENGTH_DELIMITED);
      const label = w.fork();
      w.tag(1, LENGTH_DELIMITED);
      w.string(name);
      w.tag(2, LENGTH_DELIMITED);
      w.string(labels[name]!);
      w.join(label);
    }
    return w.take();
  });
}

export function createRemoteWriteEncoder(labels: Uint8Array[], context: EncodeContext): TableEncoder {
  const writer = new WriteRequestWriter(labels);
  return {
    kind: 'rows',
    columns: [
      { name: 'series', sql: 'si.idx', kind: 'int' },
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
    ],
    join: `JOIN ${SERIES_INDEX} si ON si.series_id = r.series_id`,
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

  constructor(private readonly labels: Uint8Array[]) {
    this.rank = new Int32Array(labels.length);
    this.stamp = new Int32Array(labels.length);
  }

  encode(batch: RowBatch): EncodedRequest {
    const rows = batch.rows;
    const series = batch.ints.series!;
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
      w.raw(this.labels[id]!);
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
    return { path: '', headers: REMOTE_WRITE_HEADERS, body: compressSnappy(w.written()), records: rows };
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
