/**
 * OTLP/HTTP: `POST <endpoint><signal path>` with `application/x-protobuf` bodies (gzip with
 * --gzip) over keep-alive connections. Retryable per the OTLP spec: 429, 502, 503, 504 (with
 * Retry-After) and connection failures; any other status fails the replay with the server's words.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createHttpClient, isRetryableNetworkError, oneLine } from '../send/http.js';
import type { Attempt, Transport } from '../send/types.js';
import type { TransportContext } from '../types.js';
import { acknowledged } from './codec.js';
import { signalOfPath } from './options.js';

const gzipAsync = promisify(gzip);
const RETRYABLE = new Set([429, 502, 503, 504]);

export function httpTransport(context: TransportContext): Transport {
  const http = createHttpClient({ url: context.url, headers: context.headers, connections: context.workers, timeoutMs: context.timeoutMs });
  const where = http.describe();
  return {
    where,
    async attempt(request): Promise<Attempt> {
      const signal = signalOfPath(request.path, context.targetOptions);
      const body = context.gzip ? await gzipAsync(request.body, { level: 1 }) : request.body;
      const headers = context.gzip ? { ...request.headers, 'Content-Encoding': 'gzip' } : request.headers;
      try {
        const response = await http.request('POST', request.path, headers, body);
        if (response.status >= 200 && response.status < 300) return acknowledged(signal, response.body);
        const detail = `${response.status} ${oneLine(response.text)}`;
        if (!RETRYABLE.has(response.status)) return { ok: false, retryable: false, reason: 'rejected', message: `${where} rejected a ${signal} batch: ${detail}` };
        const header = response.headers['retry-after'];
        return { ok: false, retryable: true, reason: `http_${response.status}`, detail, retryAfter: Array.isArray(header) ? header[0] : header };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!isRetryableNetworkError(error)) return { ok: false, retryable: false, reason: 'rejected', message: `${where} rejected a ${signal} batch: ${(error as Error).message}` };
        return { ok: false, retryable: true, reason: code!.toLowerCase(), detail: code! };
      }
    },
    close: () => http.close(),
  };
}
