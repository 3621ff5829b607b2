/** Replay into the VictoriaLogs contract double (no VictoriaLogs package exists here). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CLI, acknowledgedBatches, runCliAsync, tempDir, type CliResult } from '../../helpers.js';
import { VictoriaLogsDouble } from '../../doubles/victorialogs.js';
import { writeLogsDataset } from '../logs-fixture.js';

const dataset = tempDir('teleforge-replay-vl-');
let total = 0;

before(async () => {
  total = await writeLogsDataset(dataset);
});

async function withDouble(options: ConstructorParameters<typeof VictoriaLogsDouble>[0], body: (vl: VictoriaLogsDouble) => Promise<void>): Promise<void> {
  const vl = await new VictoriaLogsDouble({ retentionPeriod: '100y', ...options }).start();
  try {
    await body(vl);
  } finally {
    await vl.stop();
  }
}

const args = (vl: VictoriaLogsDouble, checkpoint: string, ...extra: string[]) => ['replay', 'victorialogs', dataset, '--url', vl.url, '--checkpoint', checkpoint, ...extra];

describe('replay victorialogs (contract double)', () => {
  it('sends every log once with the declared stream, time and message fields, and verifies the count', async () => {
    await withDouble({ keepFields: true }, async (vl) => {
      const result = await runCliAsync(args(vl, join(tempDir(), 'c.json'), '--verify', '--gzip', '--batch-size', '3000'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`verify logs: sent ${total}, summary.json ${total}, backend ${total} — ok`));
      assert.deepEqual(vl.violations, []);
      assert.equal(vl.times.length, total);
      assert.ok(vl.requests.every((request) => request.contentType === 'application/stream+json'));
      // Streams: service × level only (3 × 3), never ids.
      assert.equal(vl.streams.size, 9);
      const first = vl.logs.find((log) => (log.fields.request_id as string) === 'req-0000000f4243');
      assert.deepEqual(first?.fields, {
        timestamp: '2026-03-02T00:00:00.000Z',
        level: 'INFO',
        message: 'request 0 of part 0 "handled" in 0 ms',
        service: 'user-service',
        trace_id: '000000000000000000000000000f4243',
        span_id: '00000000002dc6c9',
        request_id: 'req-0000000f4243',
        http_method: 'POST',
        http_status: 503,
        duration_ms: 0.5,
        user_id: null,
      });
    });
  });

  it('counts only the --from/--to slice and one --shard', async () => {
    await withDouble({}, async (vl) => {
      const result = await runCliAsync(args(vl, join(tempDir(), 'c.json'), '--from', '2026-03-03T00:00:00Z', '--shard', '0/2', '--verify'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /verify logs: sent \d+, backend \d+ — ok/);
      assert.ok(vl.times.length > 0 && vl.times.length < total / 2);
      assert.ok(vl.times.every((t) => t >= Date.parse('2026-03-03T00:00:00Z')));
    });
  });

  it('retries 429/503 (honouring Retry-After) and resumes after the server goes away', async () => {
    await withDouble({}, async (vl) => {
      vl.failNext(2, 429, '0');
      vl.failNext(1, 503);
      const checkpoint = join(tempDir(), 'c.json');
      const replayArgs = args(vl, checkpoint, '--batch-size', '500', '--rate', '4000/s', '--workers', '1', '--max-retries', '3');
      const child = spawn(process.execPath, [CLI, ...replayArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr })));
      let exited = false;
      child.on('exit', () => (exited = true));
      while (!exited && acknowledgedBatches(checkpoint) < 3) await new Promise((r) => setTimeout(r, 20));
      assert.equal(vl.pendingFailures, 0, 'the 429s and the 503 were answered and retried');
      await vl.stop();
      const first = await done;
      assert.equal(first.code, 1);
      assert.match(first.stderr, /gave up after 4 attempts \(last: ECONNREFUSED\); run again with --resume/);
      await vl.start();
      const resumed = await runCliAsync([...replayArgs.filter((a) => a !== '4000/s' && a !== '--rate'), '--resume', '--verify']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal(vl.times.length, total);
      assert.match(resumed.stdout, /verify logs: .* — ok/);
    });
  });

  it('stops on a 4xx with the server\'s message', async () => {
    await withDouble({}, async (vl) => {
      vl.failNext(1, 413);
      const result = await runCliAsync(args(vl, join(tempDir(), 'c.json')));
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^teleforge: http:\/\/127\.0\.0\.1:\d+\/insert\/jsonline rejected a batch: 413 injected failure 413\n$/);
    });
  });

  it('reports wrong credentials clearly', async () => {
    await withDouble({ basicAuth: 'logs:right' }, async (vl) => {
      const result = await runCliAsync(args(vl, join(tempDir(), 'c.json'), '--auth-bearer', 'not-basic'));
      assert.equal(result.code, 1);
      assert.match(result.stderr, /authentication failed \(401\)/);
      assert.doesNotMatch(result.stderr, /not-basic/);
    });
  });

  it('refuses logs the server would skip (older than -retentionPeriod, more than -futureRetention ahead): how many, how to fix, exit 2, nothing sent', async () => {
    const future = tempDir();
    const dayMs = 86_400_000;
    const rows = await writeLogsDataset(future, { days: 1, parts: 1, rowsPerPart: 100, startMs: Math.floor(Date.now() / dayMs) * dayMs + 5 * dayMs });
    for (const [dir, options, message] of [
      [dataset, { retentionPeriod: '1d' }, `${total} rows are older than its retention of 1d \\(-retentionPeriod=1d\\).*use --shift-to-now or raise -retentionPeriod on the server`],
      [future, { retentionPeriod: '100y' }, `${rows} rows are more than 2d ahead of its clock \\(-futureRetention=2d\\).*use --shift-to-now or --to \\d{4}-`],
    ] as const) {
      const vl = await new VictoriaLogsDouble(options).start();
      try {
        const result = await runCliAsync(['replay', 'victorialogs', dir, '--url', vl.url, '--checkpoint', join(tempDir(), 'c.json')]);
        assert.equal(result.code, 2, result.stderr);
        assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
        assert.match(result.stderr, new RegExp(`^teleforge: victorialogs at .* would drop them with a 2xx answer: ${message}`));
        assert.equal(vl.requests.length, 0, 'nothing sent');
      } finally {
        await vl.stop();
      }
    }
    // The double skips such lines as the real server does: a replay that got through would lose them.
    const vl = await new VictoriaLogsDouble({ retentionPeriod: '100y' }).start();
    try {
      const shifted = await runCliAsync(['replay', 'victorialogs', future, '--url', vl.url, '--shift-to-now', '--verify', '--checkpoint', join(tempDir(), 'c.json')]);
      assert.equal(shifted.code, 0, shifted.stderr);
      assert.equal(vl.times.length, rows);
      assert.equal(vl.outside, 0);
    } finally {
      await vl.stop();
    }
  });
});
