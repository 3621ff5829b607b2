/**
 * OTLP's common messages written field by field (opentelemetry-proto common/v1 and resource/v1,
 * the field numbers below): KeyValue attributes, AnyValue, Resource and the replay's
 * InstrumentationScope. Values that repeat (resources, interned attributes, the scope) are
 * encoded once into bytes and copied.
 */
import { LENGTH_DELIMITED, ProtoWriter, VARINT, FIXED64, varintSize } from '../encode/protobuf-writer.js';

/** KeyValue: key = 1, value = 2. AnyValue (oneof): string_value = 1, bool_value = 2, int_value = 3, double_value = 4. */
const KEY = 1;
const VALUE = 2;
const STRING_VALUE = 1;
const BOOL_VALUE = 2;
const INT_VALUE = 3;
const DOUBLE_VALUE = 4;

/** A KeyValue's key field (tag, length, UTF-8 bytes), encoded once per attribute name. */
export function keyField(key: string): Uint8Array {
  const w = new ProtoWriter(16 + key.length * 3);
  w.tag(KEY, LENGTH_DELIMITED);
  w.string(key);
  return w.take();
}

/** A repeated KeyValue field `field` whose value is the string `source[start, start + length)`. */
export function writeStringAttribute(w: ProtoWriter, field: number, key: Uint8Array, source: Uint8Array, start: number, length: number): void {
  const any = 1 + varintSize(length) + length;
  w.tag(field, LENGTH_DELIMITED);
  w.uint32(key.length + 1 + varintSize(any) + any);
  w.raw(key);
  w.tag(VALUE, LENGTH_DELIMITED);
  w.uint32(any);
  w.tag(STRING_VALUE, LENGTH_DELIMITED);
  w.slice(source, start, length);
}

/** A KeyValue field whose value is an int64 given as 32-bit halves. */
export function writeIntAttribute(w: ProtoWriter, field: number, key: Uint8Array, low: number, high: number): void {
  w.tag(field, LENGTH_DELIMITED);
  const outer = w.fork();
  w.raw(key);
  w.tag(VALUE, LENGTH_DELIMITED);
  const inner = w.fork();
  w.tag(INT_VALUE, VARINT);
  w.varint64(low, high);
  w.join(inner);
  w.join(outer);
}

export function writeDoubleAttribute(w: ProtoWriter, field: number, key: Uint8Array, value: number): void {
  w.tag(field, LENGTH_DELIMITED);
  w.uint32(key.length + 11);
  w.raw(key);
  w.tag(VALUE, LENGTH_DELIMITED);
  w.uint32(9);
  w.tag(DOUBLE_VALUE, FIXED64);
  w.double(value);
}

export function writeBoolAttribute(w: ProtoWriter, field: number, key: Uint8Array, value: boolean): void {
  w.tag(field, LENGTH_DELIMITED);
  w.uint32(key.length + 4);
  w.raw(key);
  w.tag(VALUE, LENGTH_DELIMITED);
  w.uint32(2);
  w.tag(BOOL_VALUE, VARINT);
  w.uint32(value ? 1 : 0);
}

/** String-valued KeyValue fields numbered `field`, encoded into bytes (resources, labels, MAP entries). */
export function stringAttributes(field: number, entries: [key: string, value: string][]): Uint8Array {
  const w = new ProtoWriter(256);
  for (const [key, value] of entries) writeStringKeyValue(w, field, key, value);
  return w.take();
}

/** A KeyValue field `field` of a JS string key and value (JSON-held attributes: links, events, MAPs). */
export function writeStringKeyValue(w: ProtoWriter, field: number, key: string, value: string): void {
  w.tag(field, LENGTH_DELIMITED);
  const outer = w.fork();
  w.tag(KEY, LENGTH_DELIMITED);
  w.string(key);
  w.tag(VALUE, LENGTH_DELIMITED);
  const inner = w.fork();
  w.tag(STRING_VALUE, LENGTH_DELIMITED);
  w.string(value);
  w.join(inner);
  w.join(outer);
}

/** A Resource message's content (attributes = 1). */
export function resourceContent(attributes: [key: string, value: string][]): Uint8Array {
  return stringAttributes(1, attributes);
}

/** Writes field `field` holding a message whose content is `content`. */
export function writeMessage(w: ProtoWriter, field: number, content: Uint8Array): void {
  w.tag(field, LENGTH_DELIMITED);
  w.uint32(content.length);
  w.raw(content);
}

/** The InstrumentationScope every request names (name = 1, version = 2). */
const SCOPE = { name: 'teleforge-replay', version: '1' };
export const SCOPE_CONTENT = (() => {
  const w = new ProtoWriter(64);
  w.tag(1, LENGTH_DELIMITED);
  w.string(SCOPE.name);
  w.tag(2, LENGTH_DELIMITED);
  w.string(SCOPE.version);
  return w.take();
})();

/** Field `field` holding a string AnyValue of `source[start, start + length)` (a log record's body). */
export function writeStringAnyValue(w: ProtoWriter, field: number, source: Uint8Array, start: number, length: number): void {
  w.tag(field, LENGTH_DELIMITED);
  w.uint32(1 + varintSize(length) + length);
  w.tag(STRING_VALUE, LENGTH_DELIMITED);
  w.slice(source, start, length);
}
