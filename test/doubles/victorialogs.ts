/**
 * A loopback CONTRACT DOUBLE of VictoriaLogs (no VictoriaLogs package exists on these machines).
 * It enforces the documented ingestion contract and answers the count query from what it stored:
 * - `POST /insert/jsonline` only; `_stream_fields`, `_time_field`, `_msg_field` as query
 *   parameters or `VL-Stream-Fields`, `VL-Time-Field`, `VL-Msg-Field` headers; gzip bodies.
 * - Content-Type must be application/stream+json or application/x-ndjson. Like the real server,
 *   another type is answered 200 and nothing is stored (the double records the violation).
 * - One JSON object per line; a line that is not an object or lacks a parseable time field is
 *   skipped (the real server skips it silently; the double records it).
 * - `GET /select/logsql/query?query=* | stats count() as n`, optionally prefixed with
 *   `_time:[start, end)` (any of `[`/`(` and `]`/`)`), answers one JSON line `{"n":"<count>"}`.
 * - `GET /metrics` exports the `retentionPeriod` flag as the VictoriaMetrics family does.
 * Optional basic auth, injected failures (status + Retry-After) and stop/start on the same port.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface StoredLog {
  timeMs: number;
  stream: string;
  fields: Record<string, unknown>;
}

export interface VictoriaLogsDoubleOptions {
  retentionPeriod?: string;
  basicAuth?: string;
  /** Keep every stored line's fields (tests); the benchmark keeps only times and streams. */
  keepFields?: boolean;
}

export class VictoriaLogsDouble {
  readonly times: number[] = [];
  readonly logs: StoredLog[] = [];
  readonly streams = new Set<string>();
  readonly violations: string[] = [];
  readonly requests: { path: string; contentType: string; lines: number }[] = [];
  private failures: { status: number; retryAfter?: string }[] = [];
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
    const body = Buffer.concat(await request.toArray());
    if (this.options.basicAuth && request.headers.authorization !== `Basic ${Buffer.from(this.options.basicAuth).toString('base64')}`) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="victoria-logs"' }).end('Unauthorized\n');
      return;
    }
    if (request.method === 'POST' && url.pathname === '/insert/jsonline') return this.insert(request, url, body, response);
    if (request.method === 'GET' && url.pathname === '/select/logsql/query') return this.query(url, response);
    if (request.method === 'GET' && url.pathname === '/metrics') {
      response.writeHead(200).end(`vl_rows_ingested_total ${this.times.length}\nflag{name="retentionPeriod", value="${this.options.retentionPeriod ?? '7d'}", is_set="true"} 1\n`);
      return;
    }
    response.writeHead(400).end(`unsupported path "${url.pathname}"\n`);
  }

  private insert(request: http.IncomingMessage, url: URL, raw: Buffer, response: http.ServerResponse): void {
    const failure = this.failures.shift();
    if (failure) {
      response.writeHead(failure.status, failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {}).end(`injected failure ${failure.status}\n`);
      return;
    }
    const setting = (param: string, header: string) => url.searchParams.get(param) ?? (request.headers[header] as string | undefined);
    const timeField = setting('_time_field', 'vl-time-field') ?? '_time';
    const msgField = setting('_msg_field', 'vl-msg-field') ?? '_msg';
    const streamFields = (setting('_stream_fields', 'vl-stream-fields') ?? '').split(',').filter(Boolean);
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const lines = body.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    this.requests.push({ path: url.pathname, contentType, lines: lines.length });
    if (contentType !== 'application/stream+json' && contentType !== 'application/x-ndjson') {
      this.violations.push(`Content-Type ${contentType || '(none)'}: ${lines.length} lines dropped`);
      response.writeHead(200).end();
      return;
    }
    // One parse for the whole body when every line is valid JSON (the usual case); line by line otherwise.
    let parsed: unknown[] | undefined;
    try {
      parsed = JSON.parse(`[${lines.join(',')}]`) as unknown[];
      // A line like `{…},{…}` would parse as two values: then each line is checked on its own.
      if (parsed.length !== lines.length) parsed = undefined;
    } catch {
      parsed = undefined;
    }
    lines.forEach((line, i) => this.store(line, parsed ? { value: parsed[i] } : undefined, timeField, msgField, streamFields));
    response.writeHead(200).end();
  }

  private store(line: string, parsed: { value: unknown } | undefined, timeField: string, msgField: string, streamFields: string[]): void {
    let fields: unknown;
    try {
      fields = parsed ? parsed.value : JSON.parse(line);
    } catch {
      this.violations.push(`not JSON: ${line.slice(0, 80)}`);
      return;
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return void this.violations.push(`not an object: ${line.slice(0, 80)}`);
    const record = fields as Record<string, unknown>;
    const time = record[timeField];
    const timeMs = typeof time === 'string' ? Date.parse(time) : Number.NaN;
    if (Number.isNaN(timeMs)) return void this.violations.push(`no parseable ${timeField}: ${line.slice(0, 80)}`);
    if (typeof record[msgField] !== 'string') return void this.violations.push(`no message field ${msgField}: ${line.slice(0, 80)}`);
    const stream = JSON.stringify(streamFields.map((name) => [name, record[name] ?? '']));
    this.streams.add(stream);
    this.times.push(timeMs);
    if (this.options.keepFields) this.logs.push({ timeMs, stream, fields: record });
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
