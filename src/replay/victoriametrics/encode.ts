/**
 * VictoriaMetrics `POST /api/v1/import`: JSON lines
 * `{"metric":{"__name__":"x","k":"v"},"values":[…],"timestamps":[ms…]}`, one line per series
 * present in the batch. Labels are the series table's `metric` and `labels` map only: exemplar
 * columns of the samples table (trace_id, request_id) are never labels.
 */
import { TeleforgeError } from '../../errors.js';
import { JsonlWriter } from '../../sink/jsonl-writer.js';
import { sourceSql } from '../reader.js';
import type { EncodeContext, EncodedRequest, ReplayTable, RowBatch, TableEncoder } from '../types.js';

export const IMPORT_PATH = '/api/v1/import';
const SERIES_INDEX = 'replay_series_index';

/** Loads the series table into DuckDB (dense index per series) and JS (line prefix per series). */
export async function loadSeriesPrefixes(tables: ReplayTable[], context: EncodeContext): Promise<string[]> {
  const series = tables.find((table) => table.spec.role === 'series');
  if (!series || series.files.length === 0) throw new TeleforgeError('BAD_ARGUMENT', 'victoriametrics: the dataset has no series table to take labels from');
  await context.sql.run(
    `CREATE OR REPLACE TEMP TABLE ${SERIES_INDEX} AS SELECT r.series_id, (row_number() OVER (ORDER BY r.series_id) - 1)::INTEGER AS idx, ` +
      `r.metric::VARCHAR AS metric, to_json(r.labels)::VARCHAR AS labels FROM ${sourceSql(series.files)}`,
  );
  const rows = await context.sql.rows(`SELECT idx, metric, labels FROM ${SERIES_INDEX} ORDER BY idx`);
  return rows.map((row) => {
    const labels = JSON.parse(String(row.labels ?? '{}')) as Record<string, string>;
    return `{"metric":${JSON.stringify({ __name__: String(row.metric), ...labels })},"values":[`;
  });
}

export function createImportEncoder(prefixes: string[], context: EncodeContext): TableEncoder {
  const write = importWriter(prefixes);
  return {
    columns: [
      { name: 'series', sql: 'si.idx', kind: 'int' },
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
    ],
    join: `JOIN ${SERIES_INDEX} si ON si.series_id = r.series_id`,
    encode: write,
  };
}

/**
 * The import body of a batch: one line per series, its rows gathered (stably) even when they
 * interleave. The byte buffer is kept from batch to batch.
 */
export function importWriter(prefixes: string[]): (batch: RowBatch) => EncodedRequest {
  let chunks: Uint8Array[] = [];
  const out = new JsonlWriter((chunk) => chunks.push(chunk));
  return (batch) => {
    chunks = [];
    writeImportLines(out, batch, prefixes);
    out.flush();
    return { path: IMPORT_PATH, headers: { 'Content-Type': 'application/json' }, body: concat(chunks), records: batch.rows };
  };
}

function writeImportLines(out: JsonlWriter, batch: RowBatch, prefixes: string[]): void {
  const series = batch.ints.series!;
  const times = batch.doubles.t!;
  const values = batch.doubles.v!;
  const order = groupedOrder(series, batch.rows);
  let start = 0;
  while (start < batch.rows) {
    const id = series[order[start]!]!;
    let end = start + 1;
    while (end < batch.rows && series[order[end]!] === id) end++;
    out.raw(prefixes[id]!);
    for (let i = start; i < end; i++) {
      if (i > start) out.raw(',');
      out.number(values[order[i]!]!);
    }
    out.raw('],"timestamps":[');
    for (let i = start; i < end; i++) out.raw(i > start ? `,${times[order[i]!]}` : String(times[order[i]!]));
    out.raw(']}');
    out.endRow();
    start = end;
  }
}

/** Row positions with each series' rows contiguous; the identity when rows already come grouped. */
function groupedOrder(series: Int32Array, rows: number): Uint32Array {
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const seen = new Set<number>();
  let grouped = true;
  for (let i = 0; i < rows && grouped; i++) {
    if (i > 0 && series[i] === series[i - 1]) continue;
    if (seen.has(series[i]!)) grouped = false;
    seen.add(series[i]!);
  }
  return grouped ? order : order.sort((a, b) => series[a]! - series[b]! || a - b);
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  return Buffer.concat(chunks);
}
