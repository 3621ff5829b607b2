/**
 * Logs table → ExportLogsServiceRequest: one LogRecord per row with time, severity number and
 * text from the level, the message as body, trace/span ids as bytes, `observed_timestamp` (when
 * the record arrived, if the table has it; else the record's time) as observed time, other
 * columns as attributes;
 * one ResourceLogs per resource (service, k8s and cloud columns) in the batch. Written field by
 * field (opentelemetry-proto logs/v1 field numbers below).
 */
import { FIXED64, LENGTH_DELIMITED, ProtoWriter, VARINT } from '../encode/protobuf-writer.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { Utf8Column } from '../read/utf8-column.js';
import { extraSelects, RowFields, tableColumns, writeByResource } from './columns.js';
import { enumSql } from './enum-sql.js';
import { RowGrouper } from './group.js';
import { signalPath } from './options.js';
import { writeStringAnyValue } from './wire.js';

/** Level text → OTLP SeverityNumber (the first of each range: INFO = 9, WARN = 13, ...). */
const SEVERITY: Record<string, number> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  NOTICE: 10,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  ERR: 17,
  CRITICAL: 21,
  FATAL: 21,
  PANIC: 21,
};

const severityNumberSql = (sql: string) => enumSql(`upper(${sql})`, SEVERITY);

/** LogRecord fields; ResourceLogs: resource = 1, scope_logs = 2; ScopeLogs: scope = 1, log_records = 2. */
const F = { time: 1, severityNumber: 2, severityText: 3, body: 5, attributes: 6, traceId: 9, spanId: 10, observedTime: 11 } as const;

export async function createLogsEncoder(table: ReplayTable, context: EncodeContext): Promise<TableEncoder> {
  const message = table.spec.messageColumn ?? 'message';
  const mapped = [table.spec.timeColumn!, 'level', message, 'trace_id', 'span_id', 'observed_timestamp'];
  const columns = await tableColumns(table, context, mapped, [table.spec.timeColumn!, message]);
  const has = (name: string) => columns.names.includes(name);
  const sql = (name: string) => (has(name) ? `r."${name}"` : 'NULL');
  const fields = new RowFields(columns, F.attributes);
  const grouper = new RowGrouper();
  const w = new ProtoWriter();
  const path = signalPath('logs', context.targetOptions);
  return {
    kind: 'rows',
    columns: [
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'us', sql: `epoch_us(r."${table.spec.timeColumn}") % 1000`, kind: 'double' },
      // Arrival after the event (late data, µs): kept as the same offset from the replayed time.
      ...(has('observed_timestamp') ? [{ name: 'late', sql: `epoch_us(r.observed_timestamp) - epoch_us(r."${table.spec.timeColumn}")`, kind: 'double' as const }] : []),
      { name: 'severity', sql: severityNumberSql(sql('level')), kind: 'int' },
      { name: 'level', sql: sql('level'), kind: 'utf8' },
      { name: 'body', sql: sql(message), kind: 'utf8' },
      { name: 'trace_id', sql: sql('trace_id'), kind: 'utf8' },
      { name: 'span_id', sql: sql('span_id'), kind: 'utf8' },
      ...extraSelects(columns),
    ],
    encode(batch: RowBatch): EncodedRequest {
      fields.bind(batch);
      writeByResource(w, fields, grouper, batch.rows, recordWriter(batch, fields, w));
      return { path, headers: { 'Content-Type': 'application/x-protobuf' }, body: w.take(), records: batch.rows };
    },
  };
}

function recordWriter(batch: RowBatch, fields: RowFields, w: ProtoWriter): (row: number) => void {
  const { t, us } = batch.doubles as Record<'t' | 'us', Float64Array>;
  const severity = batch.ints.severity!;
  const late = batch.doubles.late;
  const { level, body, trace_id: traceId, span_id: spanId } = batch.utf8 as Record<'level' | 'body' | 'trace_id' | 'span_id', Utf8Column>;
  return (row) => {
    w.tag(2, LENGTH_DELIMITED);
    const record = w.fork(2);
    const ms = t[row]!;
    const extraNs = us[row]! * 1000;
    w.tag(F.time, FIXED64);
    w.nanos(ms, extraNs);
    if (severity[row] !== 0) {
      w.tag(F.severityNumber, VARINT);
      w.uint32(severity[row]!);
    }
    const levelLength = level.length[row]!;
    if (levelLength > 0) {
      w.tag(F.severityText, LENGTH_DELIMITED);
      w.slice(level.data, level.start[row]!, levelLength);
    }
    // The body is always there (a NULL message is an empty string): an AnyValue's oneof is set.
    const bodyLength = body.length[row]!;
    writeStringAnyValue(w, F.body, body.data, body.start[row]!, Math.max(0, bodyLength));
    fields.writeAttributes(w, row);
    w.hexField(F.traceId, traceId.data, traceId.start[row]!, traceId.length[row]!, 16);
    w.hexField(F.spanId, spanId.data, spanId.start[row]!, spanId.length[row]!, 8);
    w.tag(F.observedTime, FIXED64);
    if (late === undefined) w.nanos(ms, extraNs);
    else {
      // A NULL or earlier arrival counts as on time.
      const observedUs = us[row]! + Math.max(0, late[row]! || 0);
      w.nanos(ms + Math.floor(observedUs / 1000), (observedUs % 1000) * 1000);
    }
    w.join(record);
  };
}
