/** When to retry a request, and how long to wait: exponential backoff with full jitter, or Retry-After. */

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 8, baseMs: 100, capMs: 10_000 };

/** Statuses a server uses for "try again later". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Milliseconds before retry number `attempt` (0-based): Retry-After when given, else jittered backoff. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | undefined, random: () => number, nowMs = Date.now()): number {
  const hinted = parseRetryAfter(retryAfter, nowMs);
  if (hinted !== undefined) return Math.min(hinted, policy.capMs * 6);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
