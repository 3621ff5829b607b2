/**
 * Remote write 1.0 bodies: a snappy-compressed (block format) protobuf WriteRequest with one
 * TimeSeries per series present in the batch, its labels sorted by name (`__name__` included)
 * and its samples in time order.
 */
import * as snappy from 'snappyjs';
import { TeleforgeError } from '../../errors.js';
import { sourceSql } from '../read/sql.js';
import { SERIES_ROW_JSON_SQL, labelsOf } from '../encode/series-labels.js';
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import { WriteRequest, type Label, type TimeSeries } from './schema.js';

const SERIES_INDEX = 'replay_remote_write_series';

export const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

/** Sorted label sets of every series, by dense index (also loaded into DuckDB for the join). */
export async function loadSeriesLabels(tables: ReplayTable[], context: EncodeContext): Promise<Label[][]> {
  const series = tables.find((table) => table.spec.role === 'series');
  if (!series || series.files.length === 0) throw new TeleforgeError('BAD_ARGUMENT', 'remote-write: the dataset has no series table to take labels from');
  await context.sql.run(
    `CREATE OR REPLACE TEMP TABLE ${SERIES_INDEX} AS SELECT r.series_id, (row_number() OVER (ORDER BY r.series_id) - 1)::INTEGER AS idx, ` +
      `r.metric::VARCHAR AS metric, ${SERIES_ROW_JSON_SQL} AS row FROM ${sourceSql(series.files)}`,
  );
  const rows = await context.sql.rows(`SELECT idx, metric, row FROM ${SERIES_INDEX} ORDER BY idx`);
  return rows.map((row) => {
    const labels: Record<string, string> = { ...labelsOf(String(row.row)), __name__: String(row.metric) };
    return Object.keys(labels)
      .sort()
      .map((name) => ({ name, value: labels[name]! }));
  });
}

export function createRemoteWriteEncoder(labels: Label[][], context: EncodeContext): TableEncoder {
  return {
    kind: 'rows',
    columns: [
      { name: 'series', sql: 'si.idx', kind: 'int' },
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
    ],
    join: `JOIN ${SERIES_INDEX} si ON si.series_id = r.series_id`,
    encode: (batch) => encodeWriteRequest(batch, labels),
  };
}

export function encodeWriteRequest(batch: RowBatch, labels: Label[][]): EncodedRequest {
  const series = batch.ints.series!;
  const times = batch.doubles.t!;
  const values = batch.doubles.v!;
  const bySeries = new Map<number, TimeSeries>();
  for (let row = 0; row < batch.rows; row++) {
    const id = series[row]!;
    let entry = bySeries.get(id);
    if (!entry) bySeries.set(id, (entry = { labels: labels[id]!, samples: [] }));
    entry.samples.push({ value: values[row]!, timestamp: times[row]! });
  }
  const timeseries = [...bySeries.values()];
  for (const entry of timeseries) entry.samples.sort((a, b) => a.timestamp - b.timestamp);
  const body = snappy.compress(WriteRequest.encode({ timeseries }).finish());
  return { path: '', headers: REMOTE_WRITE_HEADERS, body, records: batch.rows };
}
