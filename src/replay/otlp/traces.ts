/**
 * Spans table → ExportTraceServiceRequest: one Span per row with ids (hex → bytes), parent,
 * name, kind, start/end (nanoseconds: the start's microseconds plus duration_ns), status, links
 * and events and attributes; one ResourceSpans per resource (service_name, k8s and cloud columns)
 * in the batch. `links` and `events` are JSON arrays (`[{trace_id, span_id, attributes}]`,
 * `[{name, time_unix_nano, attributes}]`); an event keeps its offset from the span's start, so it
 * moves with the span under --shift-to-now.
 */
import type { EncodeContext, EncodedRequest, TableEncoder } from '../types.js';
import type { ReplayTable, RowBatch } from '../read/types.js';
import { codecs, idBytes, nanos } from './codec.js';
import { extraSelects, rowAttributes, rowResource, tableColumns, type TableColumns } from './columns.js';
import { signalPath } from './options.js';
import { groupByResource, ResourceTable, SCOPE } from './resource.js';

const SPAN_KIND: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS: Record<string, number> = { unset: 0, ok: 1, error: 2 };

/** `server`, `SPAN_KIND_SERVER`, `Server` → 2; unknown → 0 (unspecified). */
export function spanKind(kind: string | null | undefined): number {
  return SPAN_KIND[(kind ?? '').toLowerCase().replace(/^span_kind_/, '')] ?? 0;
}

export function statusCode(code: string | null | undefined): number {
  return STATUS[(code ?? '').toLowerCase().replace(/^status_code_/, '')] ?? 0;
}

const MAPPED = ['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_time', 'end_time', 'duration_ns', 'status_code', 'status_message', 'links', 'events'];

export async function createSpansEncoder(table: ReplayTable, context: EncodeContext): Promise<TableEncoder> {
  const start = table.spec.timeColumn ?? 'start_time';
  const columns = await tableColumns(table, context, [...MAPPED, start], ['trace_id', 'span_id', 'name', start]);
  const has = (name: string) => columns.names.includes(name);
  const text = (name: string) => ({ name, sql: has(name) ? `r."${name}"` : 'NULL', kind: 'text' as const });
  // End: start + duration_ns when given (nanosecond exact), else the end_time column.
  const duration = has('duration_ns') ? `r.duration_ns` : has('end_time') ? `(epoch_us(r.end_time) - epoch_us(r."${start}")) * 1000` : '0';
  const resources = new ResourceTable();
  const codec = codecs('traces').request;
  const path = signalPath('traces', context.targetOptions);
  return {
    kind: 'rows',
    columns: [
      { name: 't', sql: context.timeMsSql, kind: 'double' },
      { name: 'us', sql: `epoch_us(r."${start}") % 1000`, kind: 'double' },
      { name: 'dur', sql: duration, kind: 'double' },
      { name: 'ous', sql: `epoch_us(r."${start}")`, kind: 'double' },
      ...['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'status_code', 'status_message', 'links', 'events'].map(text),
      ...extraSelects(columns),
    ],
    encode(batch: RowBatch): EncodedRequest {
      const groups = groupByResource((row) => rowResource(columns, resources, batch, row), batch.rows);
      const resourceSpans = [...groups].map(([id, rows]) => ({
        resource: resources.resources[id],
        scopeSpans: [{ scope: SCOPE, spans: rows.map((row) => span(batch, row, columns)) }],
      }));
      const body = codec.encode({ resourceSpans }).finish();
      return { path, headers: { 'Content-Type': 'application/x-protobuf' }, body, records: batch.rows };
    },
  };
}

function span(batch: RowBatch, row: number, columns: TableColumns) {
  const ms = batch.doubles.t![row]!;
  const startNs = batch.doubles.us![row]! * 1000;
  const duration = Math.max(0, batch.doubles.dur![row] || 0);
  // End = start + duration, carried in whole ms plus the sub-ms remainder (exact below 2^53 ns).
  const endExtra = startNs + duration;
  const endMs = ms + Math.floor(endExtra / 1e6);
  const message = batch.texts.status_message![row];
  return {
    traceId: idBytes(batch.texts.trace_id![row], 16),
    spanId: idBytes(batch.texts.span_id![row], 8),
    parentSpanId: idBytes(batch.texts.parent_span_id![row], 8),
    name: batch.texts.name![row] ?? '',
    kind: spanKind(batch.texts.kind![row]),
    startTimeUnixNano: nanos(ms, startNs),
    endTimeUnixNano: nanos(endMs, endExtra % 1e6),
    attributes: rowAttributes(columns, batch, row),
    status: { code: statusCode(batch.texts.status_code![row]), message: message ?? undefined },
    links: links(batch.texts.links![row]),
    events: events(batch.texts.events![row], ms, startNs, batch.doubles.ous![row]!),
  };
}

interface JsonLink {
  trace_id: string;
  span_id: string;
  attributes?: Record<string, unknown>;
}

interface JsonEvent {
  name: string;
  time_unix_nano: string;
  attributes?: Record<string, unknown>;
}

const attributesOf = (attributes: Record<string, unknown> | undefined) => Object.entries(attributes ?? {}).map(([key, value]) => ({ key, value: { stringValue: String(value) } }));

function links(json: string | null | undefined) {
  if (!json) return undefined;
  return (JSON.parse(json) as JsonLink[]).map((link) => ({ traceId: idBytes(link.trace_id, 16), spanId: idBytes(link.span_id, 8), attributes: attributesOf(link.attributes) }));
}

/** Events at the replayed span start (ms + ns) plus their offset from the recorded start (µs). */
function events(json: string | null | undefined, ms: number, startNs: number, recordedStartUs: number) {
  if (!json) return undefined;
  return (JSON.parse(json) as JsonEvent[]).map((event) => {
    const offsetNs = Number(BigInt(event.time_unix_nano) - BigInt(recordedStartUs) * 1000n);
    const extra = startNs + offsetNs;
    return { timeUnixNano: nanos(ms + Math.floor(extra / 1e6), extra - Math.floor(extra / 1e6) * 1e6), name: event.name, attributes: attributesOf(event.attributes) };
  });
}
