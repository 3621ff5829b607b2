/** `teleforge replay` argument errors: one line naming the problem, exit 2, nothing sent. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli, runCliAsync, tempDir } from '../helpers.js';
import { writeLogsDataset } from '../replay/logs-fixture.js';

const dataset = tempDir();

before(async () => {
  await writeLogsDataset(dataset, { days: 1, parts: 1, rowsPerPart: 10 });
});

describe('teleforge replay arguments', () => {
  it('documents every shared option in --help', () => {
    const result = runCli(['replay', '--help']);
    assert.equal(result.code, 0);
    for (const option of ['--url', '--rate', '--rate-per-worker', '--mode', '--burst-window', '--speed', '--shift-to-now', '--workers', '--batch-size', '--gzip', '--tables', '--from', '--to', '--shard', '--auth-bearer', '--auth-basic', '--header', '--resume', '--verify', '--dump', '--metrics-addr', '--max-retries', '--json']) {
      assert.ok(result.stdout.includes(option), option);
    }
  });

  const cases: [string, string[], RegExp][] = [
    ['an unknown target', ['replay', 'influx', dataset, '--url', 'http://127.0.0.1:1'], /^teleforge: replay: unknown target 'influx' \(targets: file, http, kafka, otlp, remote-write, stdout, victorialogs, victoriametrics\)\n$/],
    ['a missing --url', ['replay', 'victorialogs', dataset], /^teleforge: --url: required/],
    ['a bad rate', ['replay', 'victorialogs', dataset, '--url', 'http://127.0.0.1:1', '--rate', 'quick'], /^teleforge: --rate: 'quick' is not a rate/],
    ['a table the target cannot take', ['replay', 'victorialogs', dataset, '--url', 'http://127.0.0.1:1', '--tables', 'samples'], /--tables: 'samples' is not a table victorialogs can replay \(tables: logs\)/],
    ['a dataset without the target\'s tables', ['replay', 'victoriametrics', dataset, '--url', 'http://127.0.0.1:1'], /has no table that victoriametrics takes/],
    ['a directory that is no dataset', ['replay', 'victorialogs', join(dataset, 'logs'), '--url', 'http://127.0.0.1:1'], /has no summary\.json/],
    ['--auth-basic without a colon', ['replay', 'victorialogs', dataset, '--url', 'http://127.0.0.1:1', '--auth-basic', 'token-only'], /^teleforge: --auth-basic: expected user:password\n$/],
    ['an empty time slice', ['replay', 'victorialogs', dataset, '--url', 'http://127.0.0.1:1', '--from', '2030-01-01T00:00:00Z'], /nothing to send/],
    ['--from after --to', ['replay', 'victorialogs', dataset, '--url', 'http://127.0.0.1:1', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z'], /^teleforge: --from 2026-01-02T00:00:00\.000Z is not before --to 2026-01-01T00:00:00\.000Z/],
    ['--resume without a checkpoint', ['replay', 'victorialogs', dataset, '--url', 'http://127.0.0.1:1', '--resume', '--checkpoint', join(dataset, 'no-such.ckpt')], /^teleforge: --resume: no checkpoint at .*no-such\.ckpt \(nothing to resume\)/],
    ['credentials in the URL and --auth-bearer, without blaming --auth-basic', ['replay', 'victorialogs', dataset, '--url', 'http://user:pw@127.0.0.1:1', '--auth-bearer', 'token-only'], /^teleforge: --auth-bearer and credentials in --url \(user:password@\): choose one\n$/],
    ['--dump into a file', ['replay', 'victorialogs', dataset, '--dump', join(dataset, 'summary.json')], /^teleforge: --dump: .*summary\.json is a file; give a directory/],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, () => {
      const result = runCli(args);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /token-only|\n.+\n/);
    });
  }

  it('refuses https:// to a plain HTTP port in one line', async () => {
    const server = createServer((_request, response) => response.end('plain')).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runCliAsync(['replay', 'victorialogs', dataset, '--url', `https://127.0.0.1:${port}`, '--max-retries', '0', '--checkpoint', join(tempDir(), 'c.ckpt')]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^teleforge: https:\/\/127\.0\.0\.1:\d+: TLS handshake failed: the server does not speak TLS on this port \(use http:\/\/\)\n$/);
    } finally {
      server.close();
    }
  });
});
