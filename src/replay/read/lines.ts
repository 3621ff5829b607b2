/**
 * Batches of text lines for targets whose bodies are one line per row (LineEncoder): DuckDB
 * renders each row's line with its newline, handed over as bytes so JS never decodes or
 * re-encodes the text.
 */
import { type DatasetReader } from './reader.js';
import { column, sourceSql, timeFilter, type ReadOptions, type ReadUnit } from './sql.js';
import { StringRuns } from './string-runs.js';
import type { LineEncoder } from '../types.js';

export interface LineBatch {
  index: number;
  rows: number;
  firstTimeMs: number;
  body: Uint8Array;
}

/**
 * Batches of one unit as text: `line` rendered by DuckDB for each row, newline-terminated and
 * joined per batch (runs of lines copied at once, string-runs.ts), in the same order and batch
 * boundaries as `read`.
 */
export async function* readLines(
  reader: DatasetReader,
  unit: ReadUnit,
  encoder: Pick<LineEncoder, 'line' | 'source'>,
  options: ReadOptions,
  skip: (index: number) => boolean,
  onEnd: (batches: number) => void,
): AsyncGenerator<LineBatch> {
  const time = column(unit.timeColumn);
  const selected = `${sourceSql(unit.files)} ${timeFilter(unit, options)}`;
  // Derived rows have no file order: always by time then key, so batches (and resume) stay stable.
  const from = encoder.source ? `(${encoder.source.sql(`SELECT r.* FROM ${selected}`)}) r` : selected;
  const order = encoder.source ? `ORDER BY ${time}, ${column(encoder.source.orderKey)}` : options.timeOrdered ? `ORDER BY ${time}, r.filename, r.file_row_number` : '';
  const withTime = options.timeOrdered || encoder.source;
  const result = await reader.stream(`SELECT concat(${encoder.line}, chr(10)) AS line, ${withTime ? `epoch_ms(${time})` : '0'}::DOUBLE AS t FROM ${from} ${order}`);
  let index = 0;
  let rows = 0;
  const body = new StringRuns();
  let firstTimeMs = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const size = chunk.rowCount;
    for (let offset = 0; offset < size; ) {
      const take = Math.min(size - offset, options.batchSize - rows);
      if (!skip(index)) {
        if (rows === 0) firstTimeMs = chunk.getColumnVector(1).getItem(offset) as number;
        body.append(chunk.chunk, size, 0, offset, offset + take);
      }
      rows += take;
      offset += take;
      if (rows === options.batchSize) {
        if (!skip(index)) yield { index, rows, firstTimeMs, body: body.take() };
        index++;
        rows = 0;
      }
    }
  }
  if (rows > 0) {
    if (!skip(index)) yield { index, rows, firstTimeMs, body: body.take() };
    index++;
  }
  onEnd(index);
}
