/** SQL text helpers of the query views (the dataset itself is opened by src/dataset/open.ts). */

/** `'…'` with quotes doubled: paths inside SQL string literals. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier (column names such as `end` are keywords). */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
