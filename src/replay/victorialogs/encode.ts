/**
 * VictoriaLogs `POST /insert/jsonline`: one JSON object per line, Content-Type
 * application/stream+json, with `_time_field`, `_msg_field` and `_stream_fields` taken from the
 * table's declaration (few, low-cardinality fields; ids are refused as stream fields). DuckDB
 * renders each row's JSON line; the time field is RFC 3339 UTC with milliseconds.
 */
import { TeleforgeError } from '../../errors.js';
import { column } from '../read/sql.js';
import type { EncodeContext, LineEncoder } from '../types.js';
import type { ReplayTable } from '../read/types.js';

export const INSERT_PATH = '/insert/jsonline';
const ID_LIKE = /(^|_)(id|ids|uuid)$/;

export interface LogFields {
  time: string;
  message: string;
  streams: string[];
}

/** Time, message and stream fields from the declaration, checked against the file's columns. */
export function logFields(table: ReplayTable, columns: string[]): LogFields {
  const { spec } = table;
  const time = spec.timeColumn ?? 'timestamp';
  const message = spec.messageColumn ?? 'message';
  for (const [what, name] of [['time', time], ['message', message]] as const) {
    if (!columns.includes(name)) throw new TeleforgeError('BAD_ARGUMENT', `victorialogs: table ${spec.name} has no ${what} column '${name}'`);
  }
  const streams = (spec.streamFields ?? []).filter((name) => columns.includes(name));
  const ids = streams.filter((name) => ID_LIKE.test(name));
  if (ids.length > 0) throw new TeleforgeError('BAD_ARGUMENT', `victorialogs: table ${spec.name} declares id columns as stream fields (${ids.join(', ')}); streams must be few and low-cardinality`);
  return { time, message, streams };
}

export async function createJsonlineEncoder(table: ReplayTable, context: EncodeContext): Promise<LineEncoder> {
  const first = table.files[0];
  if (first === undefined) throw new TeleforgeError('BAD_ARGUMENT', `victorialogs: table ${table.spec.name} has no files`);
  const described = await context.sql.rows(`DESCRIBE SELECT * FROM read_parquet('${first.replace(/'/g, "''")}', hive_partitioning = false)`);
  const names = described.map((row) => String(row.column_name));
  const fields = logFields(table, names);
  // One JSON object per row, built field by field (much faster in DuckDB than to_json of a struct).
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const members = names.map((name, i) => {
    const key = literal(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`);
    const value = name === fields.time ? `'"' || ${context.timeTextSql} || '"'` : `coalesce(to_json(${column(name)})::VARCHAR, 'null')`;
    return `${key}, ${value}`;
  });
  const params = new URLSearchParams({ _stream_fields: fields.streams.join(','), _time_field: fields.time, _msg_field: fields.message });
  const path = `${INSERT_PATH}?${params.toString().replace(/%2C/g, ',')}`;
  return {
    kind: 'lines',
    line: `concat(${members.join(', ')}, '}')`,
    request: (body, rows) => ({ path, headers: { 'Content-Type': 'application/stream+json' }, body, records: rows }),
  };
}
