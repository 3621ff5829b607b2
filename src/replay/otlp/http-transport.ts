/**
 * OTLP/HTTP: `POST <endpoint><signal path>` with `application/x-protobuf` bodies (gzip with
 * --gzip) over keep-alive connections. Retryable per the OTLP spec: 429, 502, 503, 504 (with
 * Retry-After) and connection failures; any other status fails the replay with the server's words.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createHttpClient, isRetryableNetworkError, oneLine } from '../http.js';
import type { SenderContext } from '../types.js';
import type { Attempt, Transport } from './deliver.js';
import { parseRetryAfter } from '../retry.js';

const gzipAsync = promisify(gzip);
const RETRYABLE = new Set([429, 502, 503, 504]);

export function httpTransport(context: SenderContext): Transport {
  const http = createHttpClient({ url: context.url, headers: context.headers, connections: context.workers, timeoutMs: context.timeoutMs });
  return {
    where: http.describe(),
    async attempt(_signal, request): Promise<Attempt> {
      const body = context.gzip ? await gzipAsync(request.body, { level: 1 }) : request.body;
      const headers = context.gzip ? { ...request.headers, 'Content-Encoding': 'gzip' } : request.headers;
      try {
        const response = await http.request('POST', request.path, headers, body);
        if (response.status >= 200 && response.status < 300) return { ok: true, body: response.body };
        const detail = `${response.status} ${oneLine(response.text)}`;
        if (!RETRYABLE.has(response.status)) return { ok: false, retryable: false, detail };
        const header = response.headers['retry-after'];
        const after = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now());
        return { ok: false, retryable: true, reason: `http_${response.status}`, detail, retryAfterSeconds: after === undefined ? undefined : after / 1000 };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!isRetryableNetworkError(error)) return { ok: false, retryable: false, detail: (error as Error).message };
        return { ok: false, retryable: true, reason: code!.toLowerCase(), detail: code! };
      }
    },
    close: () => http.close(),
  };
}
