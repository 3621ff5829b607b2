/**
 * OTLP/gRPC with @grpc/grpc-js: unary `Export` calls of the collector services carrying the
 * encoded request bytes as they are (gzip message compression with --gzip), --header and auth
 * as metadata. Retryable per the OTLP spec: CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE,
 * UNAVAILABLE, DATA_LOSS, and RESOURCE_EXHAUSTED when the server sends RetryInfo (its delay is honoured).
 */
import * as grpc from '@grpc/grpc-js';
import type { Attempt, Transport } from '../send/types.js';
import type { TransportContext } from '../types.js';
import { acknowledged, grpcMethod } from './codec.js';
import { signalOfPath } from './options.js';
import { retryInfoSeconds } from './retry-info.js';

const { status: Status } = grpc;
const RETRYABLE = new Set([Status.CANCELLED, Status.DEADLINE_EXCEEDED, Status.ABORTED, Status.OUT_OF_RANGE, Status.UNAVAILABLE, Status.DATA_LOSS]);
const GZIP = 2;
const identity = (bytes: Buffer | Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function grpcTransport(context: TransportContext): Transport {
  const url = new URL(context.url);
  const credentials = url.protocol === 'https:' ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  const port = url.port || (url.protocol === 'https:' ? '443' : '4317');
  const client = new grpc.Client(`${url.hostname}:${port}`, credentials, context.gzip ? { 'grpc.default_compression_algorithm': GZIP } : {});
  const metadata = new grpc.Metadata();
  for (const [name, value] of Object.entries(context.headers)) metadata.set(name.toLowerCase(), value);
  const where = `grpc://${url.hostname}:${port}`;
  return {
    where,
    attempt(request) {
      const signal = signalOfPath(request.path, context.targetOptions);
      return new Promise<Attempt>((resolve) => {
        client.makeUnaryRequest(grpcMethod(signal), identity, identity, request.body, metadata, { deadline: Date.now() + context.timeoutMs }, (error, response) => {
          if (!error) return resolve(acknowledged(signal, response ?? new Uint8Array()));
          const detail = `${Status[error.code]} ${error.details}`;
          const hint = retryInfoSeconds(error.metadata?.get('grpc-status-details-bin')[0] as Buffer | undefined);
          const retryable = RETRYABLE.has(error.code) || (error.code === Status.RESOURCE_EXHAUSTED && hint !== undefined);
          const reason = `grpc_${Status[error.code]!.toLowerCase()}`;
          resolve(
            retryable
              ? { ok: false, retryable, reason, detail, retryAfter: hint === undefined ? undefined : String(hint) }
              : { ok: false, retryable, reason: 'rejected', message: `${where} rejected a ${signal} batch: ${detail}` },
          );
        });
      });
    },
    close: () => client.close(),
  };
}
