/**
 * One JSON object per row, rendered by DuckDB field by field (much faster there than to_json of a
 * struct), with the time column as RFC 3339 UTC text (shifted for --shift-to-now). Used by the
 * targets that send rows as JSON (victorialogs, kafka, http, file, stdout).
 */
import { TeleforgeError } from '../../errors.js';
import { column } from '../read/sql.js';
import type { ReplayTable, SqlRunner } from '../read/types.js';

/** The column names of a table's files (from its first file). */
export async function tableColumns(table: ReplayTable, sql: SqlRunner, target: string): Promise<string[]> {
  const first = table.files[0];
  if (first === undefined) throw new TeleforgeError('BAD_ARGUMENT', `${target}: table ${table.spec.name} has no files`);
  const described = await sql.rows(`DESCRIBE SELECT * FROM read_parquet('${first.replace(/'/g, "''")}', hive_partitioning = false)`);
  return described.map((row) => String(row.column_name));
}

/** SQL (over the row alias `r`) of the row as one JSON object, without a newline. */
export function jsonObjectSql(names: string[], timeColumn: string | undefined, timeTextSql: string): string {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const members = names.map((name, i) => {
    const key = literal(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`);
    const value = name === timeColumn ? `'"' || ${timeTextSql} || '"'` : `coalesce(to_json(${column(name)})::VARCHAR, 'null')`;
    return `${key}, ${value}`;
  });
  return `concat(${members.join(', ')}, '}')`;
}
