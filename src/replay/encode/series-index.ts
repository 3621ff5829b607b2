/**
 * The series table of a metrics dataset as the encoders that need labels see it: each series'
 * metric name and labels by dense index (series_id order), and the samples' series ids mapped to
 * those indices in JS. Samples carry their series_id as two exact halves, so the reader needs no
 * join (a join would make DuckDB sort every unit to keep the file's row order).
 */
import { TeleforgeError } from '../../errors.js';
import { sourceSql } from '../read/sql.js';
import { SERIES_ROW_JSON_SQL, labelsOf } from './series-labels.js';
import type { ColumnSelect, ReplayTable, RowBatch } from '../read/types.js';
import type { EncodeContext } from '../types.js';

const halves = (sql: string) => [`(${sql} >> 32)::UBIGINT`, `(${sql} & 4294967295)::UBIGINT`] as const;

/** Reader columns `hi` and `lo`: the halves of each sample's series_id. */
export const SERIES_ID_COLUMNS: ColumnSelect[] = halves('r.series_id').map((sql, i) => ({ name: i === 0 ? 'hi' : 'lo', sql, kind: 'double' }));

export interface SeriesIndex {
  /** Dense index by `hi:lo`. */
  index: Map<string, number>;
  /** Each series' metric name and labels (labels-map entries and text columns), by dense index. */
  series: { metric: string; labels: Record<string, string> }[];
}

export async function loadSeriesIndex(tables: ReplayTable[], context: EncodeContext, target: string): Promise<SeriesIndex> {
  const table = tables.find((candidate) => candidate.spec.role === 'series');
  if (!table || table.files.length === 0) throw new TeleforgeError('BAD_ARGUMENT', `${target}: the dataset has no series table to take labels from`);
  const [hi, lo] = halves('r.series_id');
  const rows = await context.sql.rows(`SELECT ${hi}::DOUBLE AS hi, ${lo}::DOUBLE AS lo, r.metric::VARCHAR AS metric, ${SERIES_ROW_JSON_SQL} AS row FROM ${sourceSql(table.files)} ORDER BY r.series_id`);
  const index = new Map<string, number>();
  const series = rows.map((row, i) => {
    index.set(`${row.hi}:${row.lo}`, i);
    return { metric: String(row.metric), labels: labelsOf(String(row.row)) };
  });
  return { index, series };
}

/** Dense series numbers of the rows (columns `hi`, `lo`); the lookup runs only where the series changes. */
export function seriesIds(batch: RowBatch, index: Map<string, number>, target: string, out = new Int32Array(batch.rows)): Int32Array {
  const hi = batch.doubles.hi!;
  const lo = batch.doubles.lo!;
  for (let i = 0; i < batch.rows; i++) {
    if (i > 0 && hi[i] === hi[i - 1] && lo[i] === lo[i - 1]) {
      out[i] = out[i - 1]!;
      continue;
    }
    const id = index.get(`${hi[i]}:${lo[i]}`);
    if (id === undefined) throw new TeleforgeError('BAD_ARGUMENT', `${target}: a sample refers to series_id ${BigInt(hi[i]!) * 2n ** 32n + BigInt(lo[i]!)}, absent from the series table`);
    out[i] = id;
  }
  return out;
}
