/**
 * A loopback CONTRACT DOUBLE of VictoriaLogs (no VictoriaLogs package exists on these machines).
 * It enforces the documented ingestion contract and answers the count query from what it stored:
 * - `POST /insert/jsonline` only; `_stream_fields`, `_time_field`, `_msg_field` as query
 *   parameters or `VL-Stream-Fields`, `VL-Time-Field`, `VL-Msg-Field` headers; gzip bodies.
 * - Content-Type must be application/stream+json or application/x-ndjson. Like the real server,
 *   another type is answered 200 and nothing is stored (the double records the violation).
 * - One JSON object per line; a line that is not an object or lacks a parseable time field is
 *   skipped (the real server skips it silently; the double records it). Every line is checked
 *   as bytes (json-line.ts): only the time, message and stream values are decoded.
 * - `GET /select/logsql/query?query=* | stats count() as n`, optionally prefixed with
 *   `_time:[start, end)` (any of `[`/`(` and `]`/`)`), answers one JSON line `{"n":"<count>"}`.
 * - `GET /metrics` exports the `retentionPeriod` and `futureRetention` flags as the VictoriaMetrics
 *   family does; like the real server, lines older than the retention or further ahead of its
 *   clock than futureRetention (default 2d) are skipped with a 2xx answer (counted in `outside`).
 * Optional basic auth, injected failures (status + Retry-After) and stop/start on the same port.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { JsonLineChecker } from './json-line.js';
import { LineSplitter } from './line-splitter.js';
import { parseTimeValue } from './rfc3339.js';
import { StreamKeys } from './stream-keys.js';

export interface StoredLog {
  timeMs: number;
  stream: string;
  fields: Record<string, unknown>;
}

export interface VictoriaLogsDoubleOptions {
  retentionPeriod?: string;
  futureRetention?: string;
  basicAuth?: string;
  /** Keep every stored line's fields (tests); the benchmark keeps only times and streams. */
  keepFields?: boolean;
}

export class VictoriaLogsDouble {
  readonly times: number[] = [];
  readonly logs: StoredLog[] = [];
  readonly streams = new Set<string>();
  readonly violations: string[] = [];
  /** Lines skipped for lying outside the retention / future window (not a client violation). */
  outside = 0;
  readonly requests: { path: string; contentType: string; lines: number }[] = [];
  private failures: { status: number; retryAfter?: string }[] = [];
  /** Stream keys by stream field names (they come with each request). */
  private readonly streamKeys = new Map<string, StreamKeys>();
  private server: http.Server | undefined;
  port = 0;

  constructor(private readonly options: VictoriaLogsDoubleOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `count` ingestion requests fail with `status` (and Retry-After when given). */
  failNext(count: number, status: number, retryAfter?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, retryAfter });
  }

  /** Injected failures not yet served. */
  get pendingFailures(): number {
    return this.failures.length;
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => response.writeHead(500).end(error.message));
    });
    this.server.keepAliveTimeout = 30_000;
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops abruptly: open connections are destroyed, stored logs are kept (a durable server). */
  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const authorized = !this.options.basicAuth || request.headers.authorization === `Basic ${Buffer.from(this.options.basicAuth).toString('base64')}`;
    if (authorized && request.method === 'POST' && url.pathname === '/insert/jsonline') return this.insert(request, url, response);
    await drain(request);
    if (!authorized) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="victoria-logs"' }).end('Unauthorized\n');
      return;
    }
    if (request.method === 'GET' && url.pathname === '/select/logsql/query') return this.query(url, response);
    if (request.method === 'GET' && url.pathname === '/metrics') {
      response.writeHead(200).end(`vl_rows_ingested_total ${this.times.length}\nflag{name="retentionPeriod", value="${this.options.retentionPeriod ?? '7d'}", is_set="true"} 1\nflag{name="futureRetention", value="${this.options.futureRetention ?? '2d'}", is_set="true"} 1\n`);
      return;
    }
    response.writeHead(400).end(`unsupported path "${url.pathname}"\n`);
  }

  /** Lines are checked as the body's chunks arrive (a gzip body once it is whole). */
  private async insert(request: http.IncomingMessage, url: URL, response: http.ServerResponse): Promise<void> {
    const failure = this.failures.shift();
    if (failure) {
      await drain(request);
      response.writeHead(failure.status, failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {}).end(`injected failure ${failure.status}\n`);
      return;
    }
    const setting = (param: string, header: string) => url.searchParams.get(param) ?? (request.headers[header] as string | undefined);
    const timeField = setting('_time_field', 'vl-time-field') ?? '_time';
    const msgField = setting('_msg_field', 'vl-msg-field') ?? '_msg';
    const streamFields = (setting('_stream_fields', 'vl-stream-fields') ?? '').split(',').filter(Boolean);
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    const accepted = contentType === 'application/stream+json' || contentType === 'application/x-ndjson';
    const checker = new JsonLineChecker([timeField, msgField, ...streamFields]);
    const names = streamFields.join(',');
    let streamKeys = this.streamKeys.get(names);
    if (!streamKeys) this.streamKeys.set(names, (streamKeys = new StreamKeys(streamFields)));
    const keys = streamKeys;
    // Like the real server, a wrong Content-Type is answered 200 and nothing is stored.
    const lines = new LineSplitter(accepted ? (body, start, end) => this.store(body, start, end, checker, timeField, msgField, keys) : () => {});
    if (request.headers['content-encoding'] === 'gzip') lines.push(gunzipSync(Buffer.concat(await request.toArray())));
    else for await (const chunk of request as AsyncIterable<Buffer>) lines.push(chunk);
    lines.end();
    this.requests.push({ path: url.pathname, contentType, lines: lines.lines });
    if (!accepted) this.violations.push(`Content-Type ${contentType || '(none)'}: ${lines.lines} lines dropped`);
    response.writeHead(200).end();
  }

  private store(body: Buffer, start: number, end: number, checker: JsonLineChecker, timeField: string, msgField: string, streamKeys: StreamKeys): void {
    const problem = checker.check(body, start, end);
    if (problem) return void this.violations.push(`${problem}: ${excerpt(body, start, end)}`);
    const { starts, ends } = checker.fields;
    const timeMs = starts[0]! < 0 ? Number.NaN : parseTimeValue(body, starts[0]!, ends[0]!);
    if (Number.isNaN(timeMs)) return void this.violations.push(`no parseable ${timeField}: ${excerpt(body, start, end)}`);
    if (body[starts[1]!] !== QUOTE) return void this.violations.push(`no message field ${msgField}: ${excerpt(body, start, end)}`);
    const now = Date.now();
    if (timeMs < now - durationMs(this.options.retentionPeriod ?? '7d') || timeMs > now + durationMs(this.options.futureRetention ?? '2d')) return void this.outside++;
    const stream = streamKeys.key(body, starts, ends, 2);
    this.streams.add(stream);
    this.times.push(timeMs);
    if (this.options.keepFields) this.logs.push({ timeMs, stream, fields: JSON.parse(body.toString('utf8', start, end)) as Record<string, unknown> });
  }

  private query(url: URL, response: http.ServerResponse): void {
    const query = (url.searchParams.get('query') ?? '').trim();
    const match = /^(?:\*|_time:([[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])]))\s*\|\s*stats\s+count\(\)\s+as\s+n$/.exec(query);
    if (!match) {
      response.writeHead(400).end(`the contract double answers only "[_time:[start, end)] | stats count() as n", not: ${query}\n`);
      return;
    }
    let n = this.times.length;
    if (match[2] !== undefined) {
      const start = Date.parse(match[2]);
      const end = Date.parse(match[3]!);
      const low = match[1] === '[' ? (t: number) => t >= start : (t: number) => t > start;
      const high = match[4] === ']' ? (t: number) => t <= end : (t: number) => t < end;
      n = this.times.filter((t) => low(t) && high(t)).length;
    }
    response.writeHead(200, { 'Content-Type': 'application/stream+json' }).end(`${JSON.stringify({ n: String(n) })}\n`);
  }
}

/** Reads and drops a request body that is not needed. */
async function drain(request: http.IncomingMessage): Promise<void> {
  for await (const chunk of request as AsyncIterable<Buffer>) void chunk;
}

const QUOTE = 0x22;

const excerpt = (body: Buffer, start: number, end: number) => body.toString('utf8', start, end).slice(0, 80);

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/** A VictoriaLogs duration flag as the tests set it: one number and unit (`7d`, `100y`, `1h`). */
function durationMs(text: string): number {
  const match = /^(\d+)([hdwy])$/.exec(text);
  if (!match) throw new Error(`VictoriaLogs double: unsupported duration ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
