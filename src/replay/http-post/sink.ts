/**
 * The `http` target: POST batches to any URL as NDJSON (`application/x-ndjson`) or one JSON array
 * (`application/json`), gzip optional, with --header and auth headers; each attempt is the HTTP
 * POST transport of the other HTTP targets, so the retry rules are theirs (connection errors, 429
 * and 5xx retried with backoff and jitter, Retry-After honoured; 401/403 and other 4xx stop).
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { linesAsIs, renderJson, type Framing, type Scratch } from '../records/annotate.js';
import type { RecordSink } from '../records/sink.js';
import { createHttpClient } from '../send/http.js';
import { httpPostTransport } from '../send/http-post.js';

const gzipAsync = promisify(gzip);

export interface HttpSinkOptions {
  url: string;
  headers: Record<string, string>;
  format: Framing;
  gzip: boolean;
  connections: number;
  timeoutMs: number;
}

export function createHttpSink(options: HttpSinkOptions): RecordSink {
  const client = createHttpClient({ url: options.url, headers: options.headers, connections: options.connections, timeoutMs: options.timeoutMs });
  const post = httpPostTransport(client);
  const contentType = options.format === 'ndjson' ? 'application/x-ndjson' : 'application/json';
  // A producer has one delivery at a time (retries included): its rendering buffer is reused.
  const scratches = new Map<number, Scratch>();
  return {
    where: post.where,
    annotatesInJson: true,
    async attempt(batch, stamp) {
      let scratch = stamp ? scratches.get(stamp.producer) : undefined;
      if (stamp && !scratch) scratches.set(stamp.producer, (scratch = { buffer: Buffer.alloc(0) }));
      let body = linesAsIs(batch, stamp, options.format) ?? renderJson(batch, stamp, options.format, scratch);
      const headers: Record<string, string> = { 'Content-Type': contentType };
      if (options.gzip) {
        body = await gzipAsync(body, { level: 1 });
        headers['Content-Encoding'] = 'gzip';
      }
      return post.attempt({ path: '', headers, body, records: batch.count }, '');
    },
    async close() {
      client.close();
    },
  };
}
