/**
 * The one retry loop of every replay: a transport makes one attempt at delivering a request
 * (HTTP POST, OTLP over HTTP or gRPC, a file with --dump) and says whether it may be retried; the
 * sender retries with exponential backoff and full jitter (the random source is injected) or the
 * server's Retry-After, counts errors and acknowledged-but-rejected items, and gives up after
 * --max-retries with a one-line error.
 */
import { EXIT_FAILURE, TeleforgeError } from '../../errors.js';
import { sleep } from '../../util/sleep.js';
import type { ReplayMetrics } from './metrics.js';
import { retryDelayMs, type RetryPolicy } from './retry.js';
import type { Counts, Sender, Transport } from './types.js';

export interface SenderOptions {
  policy: RetryPolicy;
  metrics: ReplayMetrics;
  /** True once the replay is stopping: no more retries. */
  stopped: () => boolean;
  /** Aborts when the replay stops: cuts short a retry's backoff. */
  signal?: AbortSignal;
  /** Jitter source in [0, 1). */
  random: () => number;
}

export function replayFailure(message: string): TeleforgeError {
  return new TeleforgeError('REPLAY_FAILED', message, EXIT_FAILURE);
}

export function createSender(transport: Transport, { policy, metrics, stopped, signal, random }: SenderOptions): Sender {
  const rejected: Counts = {};
  return {
    async send(request, name) {
      for (let attempt = 0; ; attempt++) {
        const timer = metrics.requestDuration.startTimer();
        const outcome = await transport.attempt(request, name);
        timer();
        if (outcome.ok) {
          if (outcome.rejected && outcome.rejected.count > 0) {
            const { kind, count } = outcome.rejected;
            rejected[kind] = (rejected[kind] ?? 0) + count;
            metrics.errors.inc({ reason: 'partial_success' }, count);
          }
          return attempt;
        }
        if (outcome.reason) metrics.errors.inc({ reason: outcome.reason });
        if (!outcome.retryable) throw replayFailure(outcome.message);
        if (attempt >= policy.maxRetries || stopped()) {
          throw replayFailure(`${transport.where}: gave up after ${attempt + 1} attempts (last: ${outcome.detail}); run again with --resume to continue`);
        }
        await sleep(retryDelayMs(policy, attempt, outcome.retryAfter, random), signal);
      }
    },
    rejected: () => ({ ...rejected }),
    close: () => transport.close(),
  };
}
