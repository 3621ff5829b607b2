/**
 * The OTLP retry loop shared by both transports: an attempt either succeeds (its response body
 * may carry `partial_success`), asks to be retried (retryable status, throttling hint), or fails.
 * Rejected items are counted per signal and reported by the replay, not retried (OTLP spec).
 */
import { retryDelayMs, DEFAULT_RETRY } from '../retry.js';
import { replayFailure, sleep } from '../sender.js';
import type { Counts, EncodedRequest, SenderContext, TargetSender } from '../types.js';
import { partialSuccess, type Signal } from './codec.js';
import { signalOfPath } from './options.js';

export type Attempt =
  | { ok: true; body: Uint8Array }
  | { ok: false; retryable: true; reason: string; detail: string; retryAfterSeconds?: number }
  | { ok: false; retryable: false; detail: string };

export interface Transport {
  where: string;
  attempt(signal: Signal, request: EncodedRequest): Promise<Attempt>;
  close(): void;
}

export function otlpSender(transport: Transport, context: SenderContext): TargetSender {
  const rejected: Counts = {};
  const policy = { ...DEFAULT_RETRY, maxRetries: context.maxRetries };
  return {
    async send(request) {
      const signal = signalOfPath(request.path, context.targetOptions);
      for (let attempt = 0; ; attempt++) {
        const timer = context.metrics.requestDuration.startTimer();
        const outcome = await transport.attempt(signal, request);
        timer();
        if (outcome.ok) {
          const partial = partialSuccess(outcome.body);
          if (partial.rejected > 0) {
            rejected[signal] = (rejected[signal] ?? 0) + partial.rejected;
            context.metrics.errors.inc({ reason: 'partial_success' }, partial.rejected);
          }
          return attempt;
        }
        if (!outcome.retryable) {
          context.metrics.errors.inc({ reason: 'rejected' });
          throw replayFailure(`${transport.where} rejected a ${signal} batch: ${outcome.detail}`);
        }
        context.metrics.errors.inc({ reason: outcome.reason });
        if (attempt >= policy.maxRetries || context.stopped()) {
          throw replayFailure(`${transport.where}: gave up after ${attempt + 1} attempts (last: ${outcome.detail}); run again with --resume to continue`);
        }
        const hint = outcome.retryAfterSeconds === undefined ? undefined : String(outcome.retryAfterSeconds);
        await sleep(retryDelayMs(policy, attempt, hint, Math.random));
      }
    },
    rejected: () => ({ ...rejected }),
    close: () => transport.close(),
  };
}
