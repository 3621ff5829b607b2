/**
 * A span's links and events, held as JSON text in the spans table (`links`:
 * `[{trace_id, span_id, attributes}]`, `events`: `[{name, time_unix_nano, attributes}]`), written
 * as Span.links (13) and Span.events (11). Only rows that have them parse JSON; the rest of the
 * span is written from column bytes. Attribute values are sent as strings, as the table holds them.
 */
import { FIXED64, LENGTH_DELIMITED, type ProtoWriter } from '../encode/protobuf-writer.js';
import { writeStringKeyValue } from './wire.js';

/** Span: events = 11, links = 13. Link: trace_id = 1, span_id = 2, attributes = 4. Event: time_unix_nano = 1, name = 2, attributes = 3. */
const SPAN_EVENTS = 11;
const SPAN_LINKS = 13;
const LINK = { traceId: 1, spanId: 2, attributes: 4 } as const;
const EVENT = { time: 1, name: 2, attributes: 3 } as const;

interface JsonLink {
  trace_id?: unknown;
  span_id?: unknown;
  attributes?: Record<string, unknown> | null;
}

interface JsonEvent {
  name?: unknown;
  time_unix_nano?: unknown;
  attributes?: Record<string, unknown> | null;
}

function writeAttributes(w: ProtoWriter, field: number, attributes: Record<string, unknown> | null | undefined): void {
  if (!attributes) return;
  for (const key in attributes) writeStringKeyValue(w, field, key, String(attributes[key]));
}

/** The links of one span from its JSON text (NULL, empty or `[]`: none). */
export function writeLinks(w: ProtoWriter, json: string): void {
  for (const link of JSON.parse(json) as JsonLink[]) {
    w.tag(SPAN_LINKS, LENGTH_DELIMITED);
    const mark = w.fork();
    w.hexTextField(LINK.traceId, String(link.trace_id ?? ''), 16);
    w.hexTextField(LINK.spanId, String(link.span_id ?? ''), 8);
    writeAttributes(w, LINK.attributes, link.attributes);
    w.join(mark);
  }
}

/**
 * Nanoseconds from the recorded span start (µs since the epoch) to `time_unix_nano` (decimal
 * text beyond 2^53, split into seconds and the sub-second rest so the difference stays exact);
 * NaN when the text is not a decimal integer.
 */
function offsetNs(time: unknown, recordedStartUs: number): number {
  const text = String(time ?? '');
  if (!/^\d+$/.test(text)) return Number.NaN;
  const seconds = text.length > 9 ? Number(text.slice(0, -9)) : 0;
  const rest = Number(text.slice(-9));
  const startSeconds = Math.floor(recordedStartUs / 1e6);
  return (seconds - startSeconds) * 1e9 + (rest - (recordedStartUs - startSeconds * 1e6) * 1000);
}

/**
 * The events of one span: each keeps its offset from the recorded start, placed after the
 * replayed start (`ms` + `startNs`), so events move with the span under --shift-to-now. An
 * event whose time is not a decimal integer is sent without one (0: unknown).
 */
export function writeEvents(w: ProtoWriter, json: string, ms: number, startNs: number, recordedStartUs: number): void {
  for (const event of JSON.parse(json) as JsonEvent[]) {
    w.tag(SPAN_EVENTS, LENGTH_DELIMITED);
    const mark = w.fork();
    const offset = offsetNs(event.time_unix_nano, recordedStartUs);
    if (!Number.isNaN(offset)) {
      const extra = startNs + offset;
      const extraMs = Math.floor(extra / 1e6);
      w.tag(EVENT.time, FIXED64);
      w.nanos(ms + extraMs, extra - extraMs * 1e6);
    }
    const name = String(event.name ?? '');
    if (name.length > 0) {
      w.tag(EVENT.name, LENGTH_DELIMITED);
      w.string(name);
    }
    writeAttributes(w, EVENT.attributes, event.attributes);
    w.join(mark);
  }
}
