/**
 * The official OTLP protobuf codec: the protobufjs code generated from the opentelemetry-proto
 * schema that ships in @opentelemetry/otlp-transformer (pinned 0.52.1, the last release for Node 20).
 * Messages are plain objects with camelCase fields; 64-bit nanosecond times are `{low, high}`.
 */
import { createRequire } from 'node:module';

export type Nanos = { low: number; high: number };

export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number;
  doubleValue?: number;
}

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
}

interface MessageCodec {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: { longs: StringConstructor; bytes?: StringConstructor; defaults?: boolean }): Record<string, unknown>;
}

interface ServiceCodecs {
  request: MessageCodec;
  response: MessageCodec;
}

const generated = createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<string, { v1: Record<string, MessageCodec> }> } };
};
const collector = generated.opentelemetry.proto.collector;

export type Signal = 'metrics' | 'logs' | 'traces';

const SERVICE: Record<Signal, { pkg: string; prefix: string }> = {
  metrics: { pkg: 'metrics', prefix: 'ExportMetrics' },
  logs: { pkg: 'logs', prefix: 'ExportLogs' },
  traces: { pkg: 'trace', prefix: 'ExportTrace' },
};

export function codecs(signal: Signal): ServiceCodecs {
  const { pkg, prefix } = SERVICE[signal];
  const v1 = collector[pkg]!.v1;
  return { request: v1[`${prefix}ServiceRequest`]!, response: v1[`${prefix}ServiceResponse`]! };
}

/** The gRPC method of a signal's collector service. */
export function grpcMethod(signal: Signal): string {
  const service = { metrics: 'metrics.v1.MetricsService', logs: 'logs.v1.LogsService', traces: 'trace.v1.TraceService' }[signal];
  return `/opentelemetry.proto.collector.${service}/Export`;
}

/** `partial_success` of an Export response: how many items the backend rejected, and why. */
/** A successful export: its response may still reject items (partial_success), counted by signal. */
export function acknowledged(signal: Signal, body: Uint8Array): { ok: true; rejected: { kind: string; count: number } } {
  return { ok: true, rejected: { kind: signal, count: partialSuccess(signal, body).rejected } };
}

export function partialSuccess(signal: Signal, body: Uint8Array): { rejected: number; message: string } {
  if (body.byteLength === 0) return { rejected: 0, message: '' };
  const { response } = codecs(signal);
  const decoded = response.toObject(response.decode(body), { longs: String });
  const partial = (decoded.partialSuccess ?? {}) as Record<string, unknown>;
  const rejected = Number(partial.rejectedDataPoints ?? partial.rejectedLogRecords ?? partial.rejectedSpans ?? 0);
  return { rejected, message: String(partial.errorMessage ?? '') };
}

const TWO_32 = 2 ** 32;

/** Exact nanoseconds of `ms` (integral) plus `extraNs` (< 1 ms), split for fixed64 fields. */
export function nanos(ms: number, extraNs = 0): Nanos {
  // ms × 10^6 exceeds 2^53: split ms into 2^32-sized high and low parts before multiplying.
  const msHigh = Math.floor(ms / TWO_32);
  const msLow = ms - msHigh * TWO_32;
  const low = msLow * 1e6 + extraNs;
  const carry = Math.floor(low / TWO_32);
  return { low: (low - carry * TWO_32) >>> 0, high: (msHigh * 1e6 + carry) >>> 0 };
}

const HEX = /^[0-9a-f]+$/i;

/** Trace and span ids are hex text in datasets and bytes on the wire; anything else is left out. */
export function idBytes(hex: string | null | undefined, length: number): Uint8Array | undefined {
  if (!hex || hex.length !== length * 2 || !HEX.test(hex)) return undefined;
  return Buffer.from(hex, 'hex');
}

export const stringValue = (value: string): AnyValue => ({ stringValue: value });
