/**
 * Delivers one encoded request: over HTTP with retries (connection refused/reset, 429, 5xx;
 * exponential backoff with jitter, Retry-After honoured), or into files with --dump. Any other
 * 4xx stops the replay with the server's own message.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TeleforgeError, EXIT_FAILURE } from '../errors.js';
import { isRetryableNetworkError, oneLine, type HttpClient } from './http.js';
import type { ReplayMetrics } from './metrics.js';
import { isRetryableStatus, retryDelayMs, type RetryPolicy } from './retry.js';
import type { EncodedRequest } from './types.js';

export interface Sender {
  /** Resolves once the request is acknowledged; returns how many retries it took. */
  send(request: EncodedRequest, name: string): Promise<number>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function replayFailure(message: string): TeleforgeError {
  return new TeleforgeError('REPLAY_FAILED', message, EXIT_FAILURE);
}

export function httpSender(http: HttpClient, policy: RetryPolicy, metrics: ReplayMetrics, stopped: () => boolean): Sender {
  const where = http.describe();
  return {
    async send(request) {
      for (let attempt = 0; ; attempt++) {
        const timer = metrics.requestDuration.startTimer();
        let reason: string;
        let detail: string;
        let retryAfter: string | undefined;
        try {
          const response = await http.request('POST', request.path, request.headers, request.body);
          timer();
          if (response.status >= 200 && response.status < 300) return attempt;
          reason = String(response.status);
          detail = `${response.status} ${oneLine(response.text)}`;
          if (response.status === 401 || response.status === 403) {
            metrics.errors.inc({ reason: 'auth' });
            throw replayFailure(`${where}: authentication failed (${response.status}); check --auth-basic / --auth-bearer (or TELEFORGE_AUTH_BASIC / TELEFORGE_AUTH_BEARER)`);
          }
          if (!isRetryableStatus(response.status)) {
            metrics.errors.inc({ reason: `http_${response.status}` });
            throw replayFailure(`${where}${request.path.split('?')[0]} rejected a batch: ${detail}`);
          }
          const header = response.headers['retry-after'];
          retryAfter = Array.isArray(header) ? header[0] : header;
        } catch (error) {
          if (error instanceof TeleforgeError) throw error;
          timer();
          if (!isRetryableNetworkError(error)) throw replayFailure(`${where}: ${(error as Error).message}`);
          reason = (error as NodeJS.ErrnoException).code!;
          detail = reason;
        }
        metrics.errors.inc({ reason: reason.startsWith('E') ? reason.toLowerCase() : `http_${reason}` });
        if (attempt >= policy.maxRetries || stopped()) {
          throw replayFailure(`${where}: gave up after ${attempt + 1} attempts (last: ${detail}); run again with --resume to continue`);
        }
        await sleep(retryDelayMs(policy, attempt, retryAfter, Math.random));
      }
    },
  };
}

/**
 * --dump: each request body in its own file, plus `requests.jsonl` (path, the encoder's headers,
 * file) to post them later. Auth and --header values are left out: they may be secrets.
 */
export function dumpSender(dir: string): Sender {
  mkdirSync(join(dir, 'bodies'), { recursive: true });
  return {
    async send(request, name) {
      const file = `bodies/${name}`;
      writeFileSync(join(dir, file), request.body);
      const entry = { file, path: request.path, headers: request.headers, records: request.records, bytes: request.body.byteLength };
      appendFileSync(join(dir, 'requests.jsonl'), `${JSON.stringify(entry)}\n`);
      return 0;
    },
  };
}
