/**
 * Target `otlp`: metrics (samples + series), logs and spans tables as OTLP over HTTP
 * (`/v1/metrics`, `/v1/logs`, `/v1/traces`, application/x-protobuf) or gRPC (the collector
 * services' Export), encoded with the official OpenTelemetry codec. OTLP receivers cannot be
 * asked what they stored, so there is no --verify; partial_success rejections are reported.
 */
import type { ReplayTarget } from '../types.js';
import { grpcTransport } from './grpc-transport.js';
import { httpTransport } from './http-transport.js';
import { createLogsEncoder } from './logs.js';
import { createMetricsEncoder } from './metrics.js';
import { protocolOf, rolesOf } from './options.js';
import { createSpansEncoder } from './traces.js';

export const otlpTarget: ReplayTarget = {
  name: 'otlp',
  description: 'OpenTelemetry OTLP/HTTP (protobuf) or OTLP/gRPC: metrics, logs, traces',
  roles: ['samples', 'logs', 'spans'],
  async createEncoder(table, tables, context) {
    if (table.spec.role === 'logs') return createLogsEncoder(table, context);
    if (table.spec.role === 'spans') return createSpansEncoder(table, context);
    return createMetricsEncoder(table, tables, context);
  },
  defaults: { batchSize: 5_000 },
  rolesFor: rolesOf,
  createTransport: (context) => (protocolOf(context.targetOptions) === 'grpc' ? grpcTransport(context) : httpTransport(context)),
};
