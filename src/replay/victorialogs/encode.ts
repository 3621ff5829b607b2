/**
 * VictoriaLogs `POST /insert/jsonline`: one JSON object per line, Content-Type
 * application/stream+json, with `_time_field`, `_msg_field` and `_stream_fields` taken from the
 * table's declaration (few, low-cardinality fields; ids are refused as stream fields). DuckDB
 * renders each row's JSON line; the time field is RFC 3339 UTC with milliseconds.
 */
import { TeleforgeError } from '../../errors.js';
import { jsonObjectSql, tableColumns } from '../encode/json-row.js';
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
  const names = await tableColumns(table, context.sql, 'victorialogs');
  const fields = logFields(table, names);
  const params = new URLSearchParams({ _stream_fields: fields.streams.join(','), _time_field: fields.time, _msg_field: fields.message });
  const path = `${INSERT_PATH}?${params.toString().replace(/%2C/g, ',')}`;
  return {
    kind: 'lines',
    line: jsonObjectSql(names, fields.time, context.timeTextSql),
    request: (body, rows) => ({ path, headers: { 'Content-Type': 'application/stream+json' }, body, records: rows }),
  };
}
