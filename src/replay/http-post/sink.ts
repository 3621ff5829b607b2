/**
 * The `http` target: POST batches to any URL as NDJSON (`application/x-ndjson`) or one JSON array
 * (`application/json`), gzip optional, with --header and auth headers; delivered by the same
 * sender as the other HTTP targets (retries on connection errors, 429 and 5xx with backoff and
 * jitter, Retry-After honoured; 401/403 and other 4xx stop the run).
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createHttpClient } from '../http.js';
import type { ReplayMetrics } from '../metrics.js';
import { renderJson, type Framing, type Scratch } from '../records/annotate.js';
import type { RecordSink } from '../records/sink.js';
import { DEFAULT_RETRY } from '../retry.js';
import { httpSender } from '../sender.js';

const gzipAsync = promisify(gzip);

export const HTTP_FORMATS: readonly Framing[] = ['ndjson', 'json-array'];

export interface HttpSinkOptions {
  url: string;
  headers: Record<string, string>;
  format: Framing;
  gzip: boolean;
  connections: number;
  maxRetries: number;
  timeoutMs: number;
  metrics: ReplayMetrics;
  stopped: () => boolean;
}

export function createHttpSink(options: HttpSinkOptions): RecordSink {
  const client = createHttpClient({ url: options.url, headers: options.headers, connections: options.connections, timeoutMs: options.timeoutMs });
  const sender = httpSender(client, { ...DEFAULT_RETRY, maxRetries: options.maxRetries }, options.metrics, options.stopped);
  const contentType = options.format === 'ndjson' ? 'application/x-ndjson' : 'application/json';
  // A producer has one delivery at a time (retries included): its rendering buffer is reused.
  const scratches = new Map<number, Scratch>();
  return {
    async write(batch, stamp) {
      let scratch = stamp ? scratches.get(stamp.producer) : undefined;
      if (stamp && !scratch) scratches.set(stamp.producer, (scratch = { buffer: Buffer.alloc(0) }));
      let body = renderJson(batch, stamp, options.format, scratch);
      const headers: Record<string, string> = { 'Content-Type': contentType };
      if (options.gzip) {
        body = await gzipAsync(body, { level: 1 });
        headers['Content-Encoding'] = 'gzip';
      }
      return sender.send({ path: '', headers, body, records: batch.count }, '');
    },
    async close() {
      client.close();
    },
  };
}
