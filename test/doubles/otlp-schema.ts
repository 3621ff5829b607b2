/**
 * The official OTLP schema for the test receiver: the opentelemetry-proto `.proto` files shipped in
 * @opentelemetry/otlp-grpc-exporter-base@0.38.0, loaded with protobufjs. Requests are decoded with
 * it (independently of the generated codec the replayer encodes with).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import type { Signal } from '../../src/replay/otlp/codec.js';

const require = createRequire(import.meta.url);
const PROTOS = join(dirname(require.resolve('@opentelemetry/otlp-grpc-exporter-base')), '..', 'protos');

const FILES: Record<Signal, [file: string, request: string]> = {
  metrics: ['opentelemetry/proto/collector/metrics/v1/metrics_service.proto', 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'],
  logs: ['opentelemetry/proto/collector/logs/v1/logs_service.proto', 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'],
  traces: ['opentelemetry/proto/collector/trace/v1/trace_service.proto', 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'],
};

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(PROTOS, target);
root.loadSync(Object.values(FILES).map(([file]) => file), { keepCase: true });

export type Decoded = Record<string, unknown>;

/**
 * Decodes an Export request body: snake_case fields, 64-bit ints as strings, bytes as hex, enums
 * as numbers; with `defaults`, absent scalars read as their proto3 defaults (oneof members and
 * `optional` fields stay absent), so an omitted zero and a written one compare equal.
 */
export function decodeRequest(signal: Signal, body: Uint8Array, defaults = false): Decoded {
  const type = root.lookupType(FILES[signal][1]);
  const message = type.decode(body);
  return hexIds(type.toObject(message, { longs: String, enums: Number, bytes: String, defaults })) as Decoded;
}

const IDS = new Set(['trace_id', 'span_id', 'parent_span_id']);

/** Trace and span ids (base64 from protobufjs) as hex, the way datasets write them. */
function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, IDS.has(k) && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : hexIds(v)]));
  }
  return value;
}
