/** The one retry loop (send/transport.ts) over a scripted transport: retries, jitter from the injected source, give-up, rejections. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplayMetrics } from '../../../src/replay/send/metrics.js';
import { createSender } from '../../../src/replay/send/transport.js';
import type { Attempt, EncodedRequest, Transport } from '../../../src/replay/send/types.js';

const request: EncodedRequest = { path: '/x', headers: {}, body: new Uint8Array(3), records: 3 };

function scripted(outcomes: Attempt[]): Transport & { attempts: number } {
  const transport = {
    where: 'http://backend',
    attempts: 0,
    attempt: async () => outcomes[Math.min(transport.attempts++, outcomes.length - 1)]!,
    close: () => undefined,
  };
  return transport;
}

const retryable: Attempt = { ok: false, retryable: true, reason: 'http_503', detail: '503 busy' };
const policy = { maxRetries: 3, baseMs: 1, capMs: 4 };

describe('the retry loop', () => {
  it('retries retryable attempts with jitter drawn from the injected source, and counts them', async () => {
    const draws: number[] = [];
    const random = () => (draws.push(draws.length), 0);
    const transport = scripted([retryable, retryable, { ok: true, rejected: { kind: 'logs', count: 2 } }]);
    const sender = createSender(transport, { policy, metrics: createReplayMetrics('t'), stopped: () => false, random });
    assert.equal(await sender.send(request, 'b0'), 2);
    assert.equal(draws.length, 2);
    assert.deepEqual(sender.rejected(), { logs: 2 });
  });

  it('gives up after maxRetries, and at once on a non-retryable attempt, with one line', async () => {
    const metrics = createReplayMetrics('t');
    const tired = createSender(scripted([retryable]), { policy, metrics, stopped: () => false, random: () => 0.5 });
    await assert.rejects(tired.send(request, 'b0'), /http:\/\/backend: gave up after 4 attempts \(last: 503 busy\); run again with --resume/);
    const refused = scripted([{ ok: false, retryable: false, reason: 'http_400', message: 'backend rejected a batch: 400 bad' }, { ok: true }]);
    await assert.rejects(createSender(refused, { policy, metrics, stopped: () => false, random: () => 0 }).send(request, 'b0'), /rejected a batch: 400 bad/);
    assert.equal(refused.attempts, 1);
  });
});
