/**
 * Spans table → ExportTraceServiceRequest: one Span per row with ids (hex → bytes), parent,
 * name, kind, start/end (nanoseconds: the start's microseconds plus duration_ns), status,
 * attributes, and links and events when the table has those JSON columns (span-links-events.ts);
 * one ResourceSpans per resource (service_name, k8s and cloud columns) in the batch. Written field
 * by field (opentelemetry-proto trace/v1 field numbers below).
 */
import { FIXED64, LENGTH_DELIMITED, ProtoWriter, VARINT } from '../encode/protobuf-writer.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { Utf8Column } from '../read/utf8-column.js';
import { extraSelects, RowFields, tableColumns, writeByResource } from './columns.js';
import { enumSql } from './enum-sql.js';
import { RowGrouper } from './group.js';
import { signalPath } from './options.js';
import { writeEvents, writeLinks } from './span-links-events.js';

const SPAN_KIND: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS: Record<string, number> = { unset: 0, ok: 1, error: 2 };

/** `server`, `SPAN_KIND_SERVER`, `Server` → 2; unknown → 0 (unspecified). */
const spanKindSql = (sql: string) => enumSql(`regexp_replace(lower(${sql}), '^span_kind_', '')`, SPAN_KIND);
const statusCodeSql = (sql: string) => enumSql(`regexp_replace(lower(${sql}), '^status_code_', '')`, STATUS);

const MAPPED = ['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_time', 'end_time', 'duration_ns', 'status_code', 'status_message', 'links', 'events'];

/** Span fields; ResourceSpans: resource = 1, scope_spans = 2; ScopeSpans: scope = 1, spans = 2. */
const F = { traceId: 1, spanId: 2, parentSpanId: 4, name: 5, kind: 6, start: 7, end: 8, attributes: 9, status: 15, statusMessage: 2, statusCode: 3 } as const;

export async function createSpansEncoder(table: ReplayTable, context: EncodeContext): Promise<TableEncoder> {
  const start = table.spec.timeColumn ?? 'start_time';
  const columns = await tableColumns(table, context, [...MAPPED, start], ['trace_id', 'span_id', 'name', start]);
  const has = (name: string) => columns.names.includes(name);
  const sql = (name: string) => (has(name) ? `r."${name}"` : 'NULL');
  const text = (name: string) => ({ name, sql: sql(name), kind: 'utf8' as const });
  // End: start + duration_ns when given (nanosecond exact), else the end_time column.
  const duration = has('duration_ns') ? `r.duration_ns` : has('end_time') ? `(epoch_us(r.end_time) - epoch_us(r."${start}")) * 1000` : '0';
  const fields = new RowFields(columns, F.attributes);
  const grouper = new RowGrouper();
  const w = new ProtoWriter();
  const path = signalPath('traces', context.targetOptions);
  return {
    kind: 'rows',
    columns: [
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'us', sql: `epoch_us(r."${start}") % 1000`, kind: 'double' },
      { name: 'dur', sql: duration, kind: 'double' },
      { name: 'kind', sql: spanKindSql(sql('kind')), kind: 'int' },
      { name: 'status', sql: statusCodeSql(sql('status_code')), kind: 'int' },
      ...['trace_id', 'span_id', 'parent_span_id', 'name', 'status_message'].map(text),
      // Links and events only when the table has them; events also need the recorded start (µs).
      ...(has('links') ? [text('links')] : []),
      ...(has('events') ? [text('events'), { name: 'ous', sql: `epoch_us(r."${start}")`, kind: 'double' as const }] : []),
      ...extraSelects(columns),
    ],
    encode(batch: RowBatch): EncodedRequest {
      fields.bind(batch);
      writeByResource(w, fields, grouper, batch.rows, spanWriter(batch, fields, w));
      return { path, headers: { 'Content-Type': 'application/x-protobuf' }, body: w.take(), records: batch.rows };
    },
  };
}

function spanWriter(batch: RowBatch, fields: RowFields, w: ProtoWriter): (row: number) => void {
  const { t, us, dur } = batch.doubles as Record<'t' | 'us' | 'dur', Float64Array>;
  const { kind, status } = batch.ints as Record<'kind' | 'status', Int32Array>;
  const { trace_id: traceId, span_id: spanId, parent_span_id: parent, name, status_message: message } = batch.utf8 as Record<'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'status_message', Utf8Column>;
  const { links, events } = batch.utf8;
  const recordedStartUs = batch.doubles.ous;
  return (row) => {
    w.tag(2, LENGTH_DELIMITED);
    const span = w.fork(2);
    w.hexField(F.traceId, traceId.data, traceId.start[row]!, traceId.length[row]!, 16);
    w.hexField(F.spanId, spanId.data, spanId.start[row]!, spanId.length[row]!, 8);
    w.hexField(F.parentSpanId, parent.data, parent.start[row]!, parent.length[row]!, 8);
    const nameLength = name.length[row]!;
    if (nameLength > 0) {
      w.tag(F.name, LENGTH_DELIMITED);
      w.slice(name.data, name.start[row]!, nameLength);
    }
    if (kind[row] !== 0) {
      w.tag(F.kind, VARINT);
      w.uint32(kind[row]!);
    }
    const ms = t[row]!;
    const startNs = us[row]! * 1000;
    const duration = Math.max(0, dur[row] || 0);
    // End = start + duration, carried in whole ms plus the sub-ms remainder (exact below 2^53 ns).
    const endExtra = startNs + duration;
    w.tag(F.start, FIXED64);
    w.nanos(ms, startNs);
    w.tag(F.end, FIXED64);
    w.nanos(ms + Math.floor(endExtra / 1e6), endExtra % 1e6);
    fields.writeAttributes(w, row);
    if (events !== undefined && events.length[row]! > 0) writeEvents(w, events.text(row)!, ms, startNs, recordedStartUs![row]!);
    if (links !== undefined && links.length[row]! > 0) writeLinks(w, links.text(row)!);
    w.tag(F.status, LENGTH_DELIMITED);
    const statusMark = w.fork();
    const messageLength = message.length[row]!;
    if (messageLength > 0) {
      w.tag(F.statusMessage, LENGTH_DELIMITED);
      w.slice(message.data, message.start[row]!, messageLength);
    }
    if (status[row] !== 0) {
      w.tag(F.statusCode, VARINT);
      w.uint32(status[row]!);
    }
    w.join(statusMark);
    w.join(span);
  };
}
