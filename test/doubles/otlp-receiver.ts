/**
 * A loopback OTLP receiver (CONTRACT DOUBLE: no OpenTelemetry Collector package exists on these
 * machines). It enforces the OTLP wire contract and decodes every request with the official
 * opentelemetry-proto schema (otlp-schema.ts):
 * - OTLP/HTTP: `POST /v1/metrics|/v1/logs|/v1/traces` (paths configurable), Content-Type
 *   `application/x-protobuf` (else 415), optional `Content-Encoding: gzip`; an undecodable body is 400.
 *   Answers 200 with an Export*ServiceResponse (protobuf), with `partial_success` when asked to.
 * - OTLP/gRPC: the collector services' unary `Export` methods on a second port.
 * Records decoded requests (or only item counts) and every attempt; failures can be injected
 * (HTTP status + Retry-After, gRPC status + RetryInfo).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { grpcMethod, type Signal } from '../../src/replay/otlp/codec.js';
import { codecs } from './otlp-codec.js';
import { encodeRetryStatus } from '../../src/replay/otlp/retry-info.js';
import { decodeRequest, type Decoded } from './otlp-schema.js';

export type { Decoded };
export const SIGNALS: Signal[] = ['metrics', 'logs', 'traces'];

export interface Failure {
  status?: number;
  retryAfter?: string;
  grpcCode?: grpc.status;
  retryInfoSeconds?: number;
}

export interface Attempt {
  signal: Signal;
  transport: 'http' | 'grpc';
  outcome: number | string;
  headers: Record<string, string>;
}

const ITEM_PATH: Record<Signal, [string, string, string]> = {
  metrics: ['resource_metrics', 'scope_metrics', 'metrics'],
  logs: ['resource_logs', 'scope_logs', 'log_records'],
  traces: ['resource_spans', 'scope_spans', 'spans'],
};

type List = Decoded[] | undefined;

/** Items of a request with their resource: data points (with their metric), log records, spans. */
export function items(signal: Signal, request: Decoded): { item: Decoded; metric?: Decoded; resource: Decoded }[] {
  const [outer, scope, inner] = ITEM_PATH[signal];
  const out: { item: Decoded; metric?: Decoded; resource: Decoded }[] = [];
  for (const r of (request[outer] as List) ?? []) {
    for (const s of (r[scope] as List) ?? []) {
      for (const item of (s[inner] as List) ?? []) {
        if (signal !== 'metrics') out.push({ item, resource: (r.resource as Decoded) ?? {} });
        else {
          const data = (item.sum ?? item.gauge ?? item.histogram ?? {}) as Decoded;
          for (const point of (data.data_points as List) ?? []) out.push({ item: point, metric: item, resource: (r.resource as Decoded) ?? {} });
        }
      }
    }
  }
  return out;
}

export class OtlpReceiver {
  readonly requests: Record<Signal, Decoded[]> = { metrics: [], logs: [], traces: [] };
  readonly counts: Record<Signal, number> = { metrics: 0, logs: 0, traces: 0 };
  readonly attempts: Attempt[] = [];
  readonly violations: string[] = [];
  /** Items to report as rejected in each successful response's partial_success, per signal. */
  readonly partial: Partial<Record<Signal, number>> = {};
  private failures: Failure[] = [];
  private readonly paths: Record<string, Signal>;
  private httpServer: http.Server | undefined;
  private grpcServer: grpc.Server | undefined;
  httpPort = 0;
  grpcPort = 0;

  constructor(private readonly options: { keep?: boolean; paths?: Partial<Record<Signal, string>> } = {}) {
    const paths = { metrics: '/v1/metrics', logs: '/v1/logs', traces: '/v1/traces', ...options.paths };
    this.paths = Object.fromEntries(SIGNALS.map((signal) => [paths[signal], signal]));
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get grpcUrl(): string {
    return `http://127.0.0.1:${this.grpcPort}`;
  }

  /** The next requests fail like this, one failure each, whichever transport. */
  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  all(signal: Signal) {
    return this.requests[signal].flatMap((request) => items(signal, request));
  }

  async start(): Promise<this> {
    this.httpServer = http.createServer((request, response) => this.onHttp(request, response));
    this.httpServer.listen(0, '127.0.0.1');
    await once(this.httpServer, 'listening');
    this.httpPort = (this.httpServer.address() as AddressInfo).port;
    this.grpcServer = new grpc.Server();
    for (const signal of SIGNALS) this.grpcServer.addService(serviceOf(signal), { Export: this.onGrpc(signal) });
    this.grpcPort = await new Promise<number>((resolve, reject) =>
      this.grpcServer!.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return this;
  }

  async stop(): Promise<void> {
    this.httpServer?.closeAllConnections();
    await new Promise((resolve) => this.httpServer?.close(resolve) ?? resolve(undefined));
    await new Promise<void>((resolve) => (this.grpcServer ? this.grpcServer.tryShutdown(() => resolve()) : resolve()));
  }

  /** Decodes and records a request body; returns the encoded Export response. */
  private accept(signal: Signal, body: Uint8Array): Buffer {
    const decoded = decodeRequest(signal, body);
    this.counts[signal] += items(signal, decoded).length;
    if (this.options.keep !== false) this.requests[signal].push(decoded);
    const rejected = this.partial[signal];
    const field = { metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords', traces: 'rejectedSpans' }[signal];
    const response = rejected ? { partialSuccess: { [field]: rejected, errorMessage: 'too old' } } : {};
    return Buffer.from(codecs(signal).response.encode(response).finish());
  }

  private onHttp(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signal = this.paths[request.url ?? ''];
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const reply = (status: number, body: string | Buffer = '', extra: Record<string, string> = {}) => {
        this.attempts.push({ signal: signal ?? 'metrics', transport: 'http', outcome: status, headers });
        response.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/x-protobuf', ...extra }).end(body);
      };
      if (request.method !== 'POST' || !signal) return this.violation(`${request.method} ${request.url}`, () => reply(404, 'not found'));
      if (request.headers['content-type'] !== 'application/x-protobuf') return this.violation(`content-type ${request.headers['content-type']}`, () => reply(415, 'unsupported media type'));
      const failure = this.failures.shift();
      if (failure?.status) return reply(failure.status, `injected ${failure.status}`, failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {});
      try {
        const raw = Buffer.concat(chunks);
        reply(200, this.accept(signal, request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw));
      } catch (error) {
        this.violation(`undecodable ${signal} body: ${(error as Error).message}`, () => reply(400, 'bad request'));
      }
    });
  }

  private onGrpc(signal: Signal): grpc.handleUnaryCall<Buffer, Buffer> {
    return (call, callback) => {
      const headers = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]));
      const failure = this.failures.shift();
      if (failure?.grpcCode !== undefined) {
        const metadata = new grpc.Metadata();
        if (failure.retryInfoSeconds !== undefined) metadata.set('grpc-status-details-bin', Buffer.from(encodeRetryStatus(failure.grpcCode, 'injected', failure.retryInfoSeconds)));
        this.attempts.push({ signal, transport: 'grpc', outcome: grpc.status[failure.grpcCode]!, headers });
        return callback({ code: failure.grpcCode, details: 'injected', metadata });
      }
      try {
        const response = this.accept(signal, call.request);
        this.attempts.push({ signal, transport: 'grpc', outcome: 'OK', headers });
        callback(null, response);
      } catch (error) {
        this.violations.push(`undecodable ${signal} message: ${(error as Error).message}`);
        callback({ code: grpc.status.INVALID_ARGUMENT, details: 'undecodable' });
      }
    };
  }

  private violation(what: string, then: () => void): void {
    this.violations.push(what);
    then();
  }
}

const raw = (buffer: Buffer) => buffer;

function serviceOf(signal: Signal): grpc.ServiceDefinition {
  return {
    Export: { path: grpcMethod(signal), requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  };
}
