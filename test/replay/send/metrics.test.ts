import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replay } from '../../../src/replay/engine.js';
import { tempDir } from '../../helpers.js';
import { VictoriaLogsDouble } from '../../doubles/victorialogs.js';
import { freePort } from '../victoria-metrics-server.js';
import { writeLogsDataset } from '../logs-fixture.js';

describe('replay self-metrics', () => {
  it('serves /metrics (prom-client) and /health while replaying', async () => {
    const dataset = tempDir();
    const total = await writeLogsDataset(dataset, { days: 1, parts: 1, rowsPerPart: 4000 });
    const vl = await new VictoriaLogsDouble({ retentionPeriod: '100y' }).start();
    vl.failNext(1, 503);
    const address = `127.0.0.1:${await freePort()}`;
    let scraped: Promise<[string, number]> | undefined;
    try {
      await replay(
        { target: 'victorialogs', dataset, url: vl.url, headers: {}, mode: 'steady', rate: { unit: 'items', perSecond: 4000 }, burstWindowMs: 1000, speed: 1, shiftToNow: false, gzip: false, resume: false, verify: false, maxRetries: 3, batchSize: 1000, metricsAddr: address },
        {
          onProgress: (records) => {
            if (records >= 3000 && !scraped) {
              scraped = Promise.all([
                fetch(`http://${address}/metrics`).then((r) => r.text()),
                fetch(`http://${address}/health`).then((r) => r.status),
              ]);
            }
          },
        },
      );
    } finally {
      await vl.stop();
    }
    const [text, health] = await scraped!;
    assert.equal(health, 200);
    assert.match(text, /^teleforge_replay_records_sent_total\{target="victorialogs"\} 3000$/m);
    assert.match(text, /^teleforge_replay_bytes_sent_total\{target="victorialogs"\} [1-9]\d*$/m);
    assert.match(text, /^teleforge_replay_errors_total\{reason="http_503",target="victorialogs"\} 1$/m);
    assert.match(text, /^teleforge_replay_request_duration_seconds_count\{target="victorialogs"\} 4$/m);
    assert.match(text, /^teleforge_replay_rate_limit_wait_seconds_total\{target="victorialogs"\} (0\.[1-9]|[1-9])/m);
    // The rate-controlled generator spec's names: the same counts under a second name.
    assert.match(text, /^generator_records_produced_total\{target="victorialogs"\} 3000$/m);
    const bytes = /^teleforge_replay_bytes_sent_total\{target="victorialogs"\} (\d+)$/m.exec(text)![1];
    assert.match(text, new RegExp(`^generator_bytes_produced_total\\{target="victorialogs"\\} ${bytes}$`, 'm'));
    assert.match(text, /^generator_produce_errors_total\{reason="http_503",target="victorialogs"\} 1$/m);
    assert.match(text, /^# TYPE generator_produce_latency_seconds histogram$/m);
    assert.match(text, /^generator_produce_latency_seconds_bucket\{le="\+Inf",target="victorialogs"\} 4$/m);
    assert.match(text, /^generator_produce_latency_seconds_count\{target="victorialogs"\} 4$/m);
    assert.equal(vl.times.length, total);
  });
});
