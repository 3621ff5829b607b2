/**
 * Logs table → ExportLogsServiceRequest: one LogRecord per row with time, severity number and
 * text from the level, the message as body, trace/span ids as bytes, `observed_timestamp` (when
 * the record arrived, if the table has it) as observed time, other columns as attributes;
 * one ResourceLogs per resource (service, k8s and cloud columns) in the batch.
 */
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import { codecs, idBytes, nanos, stringValue } from './codec.js';
import { extraSelects, rowAttributes, rowResource, tableColumns } from './columns.js';
import { groupByResource, ResourceTable, SCOPE } from './resource.js';
import { signalPath } from './options.js';

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

export function severityNumber(level: string | null | undefined): number {
  return level ? (SEVERITY[level.toUpperCase()] ?? 0) : 0;
}

export async function createLogsEncoder(table: ReplayTable, context: EncodeContext): Promise<TableEncoder> {
  const message = table.spec.messageColumn ?? 'message';
  const mapped = [table.spec.timeColumn!, 'level', message, 'trace_id', 'span_id', 'observed_timestamp'];
  const columns = await tableColumns(table, context, mapped, [table.spec.timeColumn!, message]);
  const has = (name: string) => columns.names.includes(name);
  const text = (name: string, sql: string) => ({ name, sql: has(sql) ? `r."${sql}"` : 'NULL', kind: 'text' as const });
  const resources = new ResourceTable();
  const codec = codecs('logs').request;
  const path = signalPath('logs', context.targetOptions);
  return {
    kind: 'rows',
    columns: [
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'us', sql: `epoch_us(r."${table.spec.timeColumn}") % 1000`, kind: 'double' },
      // Arrival after the event (late data): kept as the same offset from the replayed time.
      { name: 'late', sql: has('observed_timestamp') ? `epoch_us(r.observed_timestamp) - epoch_us(r."${table.spec.timeColumn}")` : '0', kind: 'double' },
      text('level', 'level'),
      text('body', message),
      text('trace_id', 'trace_id'),
      text('span_id', 'span_id'),
      ...extraSelects(columns),
    ],
    encode(batch: RowBatch): EncodedRequest {
      const groups = groupByResource((row) => rowResource(columns, resources, batch, row), batch.rows);
      const resourceLogs = [...groups].map(([id, rows]) => ({
        resource: resources.resources[id],
        scopeLogs: [{ scope: SCOPE, logRecords: rows.map((row) => logRecord(batch, row, columns)) }],
      }));
      const body = codec.encode({ resourceLogs }).finish();
      return { path, headers: { 'Content-Type': 'application/x-protobuf' }, body, records: batch.rows };
    },
  };
}

function logRecord(batch: RowBatch, row: number, columns: Parameters<typeof rowAttributes>[0]) {
  const level = batch.texts.level![row];
  const ms = batch.doubles.t![row]!;
  const us = batch.doubles.us![row]!;
  const late = Math.max(0, batch.doubles.late![row] || 0);
  const observedUs = us + late;
  return {
    timeUnixNano: nanos(ms, us * 1000),
    observedTimeUnixNano: nanos(ms + Math.floor(observedUs / 1000), (observedUs % 1000) * 1000),
    severityNumber: severityNumber(level),
    severityText: level ?? undefined,
    body: stringValue(batch.texts.body![row] ?? ''),
    attributes: rowAttributes(columns, batch, row),
    traceId: idBytes(batch.texts.trace_id![row], 16),
    spanId: idBytes(batch.texts.span_id![row], 8),
  };
}
