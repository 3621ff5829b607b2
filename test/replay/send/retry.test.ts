import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDelayMs } from '../../../src/replay/send/retry.js';

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    assert.deepEqual([400, 401, 404, 413, 429, 500, 503].map(isRetryableStatus), [false, false, false, false, true, true, true]);
  });

  it('backs off exponentially with jitter up to a cap', () => {
    const low = (attempt: number) => retryDelayMs(DEFAULT_RETRY, attempt, undefined, () => 0);
    const high = (attempt: number) => retryDelayMs(DEFAULT_RETRY, attempt, undefined, () => 1);
    assert.deepEqual([0, 1, 2, 3].map(high), [100, 200, 400, 800]);
    assert.deepEqual([0, 1, 2, 3].map(low), [50, 100, 200, 400]);
    assert.equal(high(20), DEFAULT_RETRY.capMs);
  });

  it('honours Retry-After in seconds or as an HTTP date', () => {
    assert.equal(retryDelayMs(DEFAULT_RETRY, 0, '3', () => 0.5), 3000);
    const now = Date.parse('2026-03-02T00:00:00Z');
    assert.equal(parseRetryAfter('Mon, 02 Mar 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});
