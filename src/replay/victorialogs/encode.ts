/**
 * VictoriaLogs `POST /insert/jsonline`: one JSON object per line, Content-Type
 * application/stream+json, with `_time_field`, `_msg_field` and `_stream_fields` taken from the
 * table's declaration (few, low-cardinality fields; ids are refused as stream fields). DuckDB
 * renders each row as JSON; the time field is RFC 3339 UTC with milliseconds.
 */
import { TeleforgeError } from '../../errors.js';
import { column } from '../reader.js';
import type { EncodeContext, ReplayTable, TableEncoder } from '../types.js';

export const INSERT_PATH = '/insert/jsonline';
const ID_LIKE = /(^|_)(id|ids|uuid)$/;
const encoder = new TextEncoder();

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

export async function createJsonlineEncoder(table: ReplayTable, context: EncodeContext): Promise<TableEncoder> {
  const first = table.files[0];
  if (first === undefined) throw new TeleforgeError('BAD_ARGUMENT', `victorialogs: table ${table.spec.name} has no files`);
  const described = await context.sql.rows(`DESCRIBE SELECT * FROM read_parquet('${first.replace(/'/g, "''")}', hive_partitioning = false)`);
  const names = described.map((row) => String(row.column_name));
  const fields = logFields(table, names);
  const members = names.map((name) => `"${name.replace(/"/g, '""')}" := ${name === fields.time ? context.timeTextSql : column(name)}`);
  const params = new URLSearchParams({ _stream_fields: fields.streams.join(','), _time_field: fields.time, _msg_field: fields.message });
  const path = `${INSERT_PATH}?${params.toString().replace(/%2C/g, ',')}`;
  return {
    columns: [{ name: 'line', sql: `to_json(struct_pack(${members.join(', ')}))`, kind: 'text' }],
    encode(batch) {
      const lines = batch.texts.line!;
      let text = '';
      for (let i = 0; i < batch.rows; i++) text += `${lines[i]}\n`;
      return { path, headers: { 'Content-Type': 'application/stream+json' }, body: encoder.encode(text), records: batch.rows };
    },
  };
}
