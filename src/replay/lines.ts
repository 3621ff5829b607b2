/**
 * Batches of text lines for targets whose bodies are one line per row (LineEncoder): DuckDB
 * renders each row's line, handed over as bytes so JS never decodes or re-encodes the text.
 */
import type { DuckDBBlobVector } from '@duckdb/node-api';
import { column, sourceSql, timeFilter, type DatasetReader, type ReadOptions, type ReadUnit } from './reader.js';

export interface LineBatch {
  index: number;
  rows: number;
  firstTimeMs: number;
  body: Uint8Array;
}

/**
 * Batches of one unit as text: `line` rendered by DuckDB for each row (as bytes, so no text
 * decoding in JS), newline-terminated and joined per batch, in the same order and batch
 * boundaries as `read`.
 */
export async function* readLines(reader: DatasetReader, unit: ReadUnit, line: string, options: ReadOptions, skip: (index: number) => boolean, onEnd: (batches: number) => void): AsyncGenerator<LineBatch> {
  const time = column(unit.timeColumn);
  const order = options.timeOrdered ? `ORDER BY ${time}, r.filename, r.file_row_number` : '';
  const result = await reader.stream(`SELECT encode(${line}) AS line, ${options.timeOrdered ? `epoch_ms(${time})` : '0'}::DOUBLE AS t FROM ${sourceSql(unit.files)} ${timeFilter(unit, options)} ${order}`);
  let index = 0;
  let rows = 0;
  let body: Uint8Array = new Uint8Array(1 << 20);
  let length = 0;
  let firstTimeMs = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const lines = chunk.getColumnVector(0) as DuckDBBlobVector;
    const times = chunk.getColumnVector(1);
    for (let row = 0; row < chunk.rowCount; row++) {
      if (!skip(index)) {
        if (rows === 0) firstTimeMs = times.getItem(row) as number;
        const bytes = lines.getItemBytes(row)!;
        if (length + bytes.length + 1 > body.length) body = grow(body, length, length + bytes.length + 1);
        body.set(bytes, length);
        body[length + bytes.length] = 0x0a;
        length += bytes.length + 1;
      }
      if (++rows === options.batchSize) {
        if (!skip(index)) yield { index, rows, firstTimeMs, body: body.slice(0, length) };
        index++;
        rows = length = 0;
      }
    }
  }
  if (rows > 0) {
    if (!skip(index)) yield { index, rows, firstTimeMs, body: body.slice(0, length) };
    index++;
  }
  onEnd(index);
}

function grow(buffer: Uint8Array, used: number, needed: number): Uint8Array {
  const grown = new Uint8Array(Math.max(buffer.length * 2, needed));
  grown.set(buffer.subarray(0, used));
  return grown;
}
