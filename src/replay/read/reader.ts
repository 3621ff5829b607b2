/**
 * Streams a table's Parquet files through DuckDB, one unit (a file, or in realtime mode all files
 * of one date) at a time, in a defined row order, as batches of `batchSize` rows. The order and
 * batch boundaries depend only on the data and options, so batch numbers identify the same rows
 * on every run (the checkpoint relies on this). Memory holds one batch per unit being read.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResult } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { openDuckDB } from '../../util/duckdb.js';
import { column, sourceSql, timeFilter, type ReadOptions, type ReadUnit } from './sql.js';
import type { ColumnSelect, RowBatch, SqlRunner } from './types.js';
import { Utf8Column } from './utf8-column.js';

export interface ReadBatch {
  index: number;
  rows: RowBatch;
  /** Dataset time (unshifted, ms) of the batch's first row; 0 unless time-ordered. */
  firstTimeMs: number;
}

const CAST = { int: 'INTEGER', double: 'DOUBLE', text: 'VARCHAR', utf8: 'VARCHAR' } as const;

export class DatasetReader implements SqlRunner {
  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) {}

  static async open(threads = 2): Promise<DatasetReader> {
    const { instance, connection } = await openDuckDB({ threads: String(threads) });
    return new DatasetReader(instance, connection);
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  }

  /**
   * Batches of one unit; `skip(index)` true means the batch is already acknowledged (it is counted,
   * not materialised). `onEnd` receives the number of batches once the unit is read to its end.
   */
  async *read(
    unit: ReadUnit,
    columns: ColumnSelect[],
    join: string,
    options: ReadOptions,
    skip: (index: number) => boolean,
    onEnd: (batches: number) => void,
  ): AsyncGenerator<ReadBatch> {
    // The dataset time of each batch's first row only matters for realtime pacing.
    const selects = options.timeOrdered ? [...columns, { name: '__t', sql: `epoch_ms(${column(unit.timeColumn)})`, kind: 'double' as const }] : columns;
    const firstTime = (rows: RowBatch) => rows.doubles.__t?.[0] ?? 0;
    // A unit of one file keeps the file's order (DuckDB preserves insertion order without ORDER BY,
    // but not through a join): batch boundaries must be the same in every run for --resume.
    const fileOrder = 'r.filename, r.file_row_number';
    const order = options.timeOrdered ? `ORDER BY ${column(unit.timeColumn)}, ${fileOrder}` : join ? `ORDER BY ${fileOrder}` : '';
    const sql =
      `SELECT ${selects.map((c) => `(${c.sql})::${CAST[c.kind]} AS "${c.name}"`).join(', ')} ` +
      `FROM ${sourceSql(unit.files)} ${join} ${timeFilter(unit, options)} ${order}`;
    const result = await this.connection.stream(sql);
    let index = 0;
    // One batch buffer, refilled: a batch is valid until the next one is requested.
    const batch = emptyBatch(selects, options.batchSize);
    for (;;) {
      const chunk = await result.fetchChunk();
      const size = chunk?.rowCount ?? 0;
      let offset = 0;
      while (offset < size) {
        const take = Math.min(size - offset, options.batchSize - batch.rows);
        if (!skip(index)) copyRows(chunk!, selects, offset, take, batch);
        batch.rows += take;
        offset += take;
        if (batch.rows === options.batchSize) {
          if (!skip(index)) yield { index, rows: batch, firstTimeMs: firstTime(batch) };
          index++;
          batch.rows = 0;
          for (const column of Object.values(batch.utf8)) column.reset();
        }
      }
      if (size === 0) break;
    }
    if (batch.rows > 0) {
      if (!skip(index)) yield { index, rows: trim(batch), firstTimeMs: firstTime(batch) };
      index++;
    }
    onEnd(index);
  }

  /** A streaming query (chunks fetched on demand). */
  stream(sql: string): Promise<DuckDBResult> {
    return this.connection.stream(sql);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function emptyBatch(columns: ColumnSelect[], size: number): RowBatch {
  const batch: RowBatch = { rows: 0, ints: {}, doubles: {}, texts: {}, utf8: {} };
  for (const c of columns) {
    if (c.kind === 'utf8') batch.utf8[c.name] = new Utf8Column(size);
    else if (c.kind === 'int') batch.ints[c.name] = new Int32Array(size);
    else if (c.kind === 'double') batch.doubles[c.name] = new Float64Array(size);
    else batch.texts[c.name] = new Array<string | null>(size).fill(null);
  }
  return batch;
}

function copyRows(chunk: DuckDBDataChunk, columns: ColumnSelect[], offset: number, count: number, batch: RowBatch): void {
  columns.forEach((c, columnIndex) => {
    const base = batch.rows - offset;
    if (c.kind === 'utf8') {
      batch.utf8[c.name]!.append(duckdb.data_chunk_get_vector(chunk.chunk, columnIndex), chunk.rowCount, offset, offset + count, batch.rows);
      return;
    }
    if (c.kind === 'text') {
      const vector = chunk.getColumnVector(columnIndex);
      const texts = batch.texts[c.name]!;
      for (let row = offset; row < offset + count; row++) texts[base + row] = vector.getItem(row) as string | null;
      return;
    }
    const numbers = c.kind === 'int' ? batch.ints[c.name]! : batch.doubles[c.name]!;
    const view = numericView(chunk, columnIndex, c.kind);
    if (view) {
      numbers.set(view.subarray(offset, offset + count), base + offset);
      return;
    }
    const vector = chunk.getColumnVector(columnIndex);
    for (let row = offset; row < offset + count; row++) numbers[base + row] = (vector.getItem(row) as number | null) ?? Number.NaN;
  });
}

/**
 * A numeric column of the chunk as a typed view of DuckDB's own vector memory (result vectors
 * are flat), valid until the next fetch; undefined when the vector has a validity mask (NULLs
 * possible), which the caller reads value by value instead.
 */
function numericView(chunk: DuckDBDataChunk, columnIndex: number, kind: 'int' | 'double'): Int32Array | Float64Array | undefined {
  const rows = chunk.rowCount;
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, columnIndex);
  if (duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8)) return undefined;
  if (kind === 'int') {
    const data = duckdb.vector_get_data(vector, rows * 4);
    return new Int32Array(data.buffer, data.byteOffset, rows);
  }
  const data = duckdb.vector_get_data(vector, rows * 8);
  return new Float64Array(data.buffer, data.byteOffset, rows);
}

function trim(batch: RowBatch): RowBatch {
  const n = batch.rows;
  const ints = Object.fromEntries(Object.entries(batch.ints).map(([name, values]) => [name, values.subarray(0, n)]));
  const doubles = Object.fromEntries(Object.entries(batch.doubles).map(([name, values]) => [name, values.subarray(0, n)]));
  const texts = Object.fromEntries(Object.entries(batch.texts).map(([name, values]) => [name, values.slice(0, n)]));
  return { rows: n, ints, doubles, texts, utf8: batch.utf8 };
}
