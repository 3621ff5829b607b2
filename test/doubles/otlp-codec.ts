/**
 * The official OTLP protobuf codec: the protobufjs code generated from the opentelemetry-proto
 * schema that ships in @opentelemetry/otlp-transformer (pinned 0.52.1, the last release for
 * Node 20). The receiver double answers with it, and the encoder tests' oracle encodes with it
 * what the replayer's own writer must match. Messages are plain objects with camelCase fields.
 */
import { createRequire } from 'node:module';
import type { Signal } from '../../src/replay/otlp/codec.js';

interface MessageCodec {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
}

const generated = createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<string, { v1: Record<string, MessageCodec> }> } };
};
const collector = generated.opentelemetry.proto.collector;

const SERVICE: Record<Signal, { pkg: string; prefix: string }> = {
  metrics: { pkg: 'metrics', prefix: 'ExportMetrics' },
  logs: { pkg: 'logs', prefix: 'ExportLogs' },
  traces: { pkg: 'trace', prefix: 'ExportTrace' },
};

export function codecs(signal: Signal): { request: MessageCodec; response: MessageCodec } {
  const { pkg, prefix } = SERVICE[signal];
  const v1 = collector[pkg]!.v1;
  return { request: v1[`${prefix}ServiceRequest`]!, response: v1[`${prefix}ServiceResponse`]! };
}
