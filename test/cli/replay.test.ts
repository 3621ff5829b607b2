/** `teleforge replay` argument errors: one line naming the problem, exit 2, nothing sent. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli, tempDir } from '../helpers.js';
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
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, () => {
      const result = runCli(args);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /token-only|\n.+\n/);
    });
  }
});
