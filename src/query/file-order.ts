/**
 * Samples-role tables are sorted by (key columns, time) within each file (ARCHITECTURE.md). Checking
 * that in one streaming pass (`lag() OVER ()` in file order) and then that no key's time range
 * overlaps across files proves there are no duplicate keys without hashing every row; the exact
 * duplicate count (a full GROUP BY) is only computed when that proof fails.
 */
import { dataFiles } from '../dataset/open.js';
import type { TableSpec } from '../contract/table.js';
import { check, type CheckResult } from './check.js';
import { sqlName } from './sql-text.js';
import type { QuerySession } from './session.js';
import { tableSource } from './views.js';

/** `(a, b, t) > (lag a, lag b, lag t)`, lexicographically. */
function strictlyAfterPrevious(columns: string[]): string {
  const [head, ...rest] = columns;
  if (!head) return 'false';
  const column = sqlName(head);
  const previous = sqlName(`previous_${head}`);
  return rest.length === 0 ? `${column} > ${previous}` : `(${column} > ${previous} OR (${column} = ${previous} AND ${strictlyAfterPrevious(rest)}))`;
}

export interface FileOrder {
  /** Rows DuckDB did not hand over in file order (then nothing below can be trusted). */
  scanDisorder: number;
  /** Rows not strictly after the previous row of their file by (key, time). */
  unsorted: number;
  /** Pairs of files whose time ranges for one key overlap. */
  overlaps: number;
}

export async function fileOrder(session: QuerySession, spec: TableSpec): Promise<FileOrder> {
  const columns = [...spec.keyColumns, spec.timeColumn!];
  const source = tableSource(session.dataset.dir, spec, dataFiles(session.dataset, spec.name), 'file_row_number = true');
  const lags = ['file_index', 'file_row_number', ...columns].map((column) => `lag(${sqlName(column)}) OVER () AS ${sqlName(`previous_${column}`)}`);
  const [order] = await session.rows(
    `SELECT count(*) FILTER (WHERE file_index = previous_file_index AND file_row_number <> previous_file_row_number + 1
                               OR file_index IS DISTINCT FROM previous_file_index AND file_row_number <> 0) AS disorder,
            count(*) FILTER (WHERE file_index = previous_file_index AND NOT (${strictlyAfterPrevious(columns)})) AS unsorted
     FROM (SELECT file_index, file_row_number, ${columns.map(sqlName).join(', ')}, ${lags.join(', ')} FROM ${source})`,
  );
  const keys = spec.keyColumns.map(sqlName);
  const time = sqlName(spec.timeColumn!);
  const [overlap] = await session.rows(
    `WITH ranges AS (SELECT file_index, ${keys.join(', ')}, min(${time}) AS first, max(${time}) AS last FROM ${source} GROUP BY ALL)
     SELECT count(*) AS n FROM ranges a JOIN ranges b ON ${keys.map((key) => `a.${key} = b.${key}`).join(' AND ')}
     AND a.file_index < b.file_index AND a.first <= b.last AND b.first <= a.last`,
  );
  return { scanDisorder: Number(order?.disorder ?? 0), unsorted: Number(order?.unsorted ?? 0), overlaps: Number(overlap?.n ?? 0) };
}

export async function fileOrderChecks(session: QuerySession, spec: TableSpec): Promise<CheckResult[]> {
  const key = [...spec.keyColumns, spec.timeColumn!].join(', ');
  const order = await fileOrder(session, spec);
  const sorted = order.scanDisorder === 0 && order.unsorted === 0;
  const results = [
    check(`${spec.name}: sorted by (${key}) within each file`, sorted, order.scanDisorder > 0 ? `DuckDB scanned ${order.scanDisorder} rows out of file order` : `${order.unsorted} rows out of order`),
  ];
  const name = `${spec.name}: no duplicate (${key})`;
  if (sorted && order.overlaps === 0) {
    results.push(check(name, true, '0 duplicates: each file strictly sorted, no key in two files at overlapping times'));
  } else {
    const keys = [...spec.keyColumns, spec.timeColumn!].map(sqlName).join(', ');
    const [row] = await session.rows(`SELECT coalesce(sum(n - 1), 0) AS extra FROM (SELECT count(*) AS n FROM ${spec.name} GROUP BY ${keys})`);
    const extra = Number(row?.extra ?? 0);
    results.push(check(name, extra === 0, `${extra} duplicate rows (${order.overlaps} key ranges overlap across files)`));
  }
  return results;
}
