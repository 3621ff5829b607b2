import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTarget, targetNames, targetOptions } from '../../src/replay/registry.js';

test('replay registry: each entry loads the target of its name; its own options are declared there, without loading it', async () => {
  assert.deepEqual(targetNames(), ['file', 'http', 'kafka', 'otlp', 'remote-write', 'stdout', 'victorialogs', 'victoriametrics']);
  for (const name of targetNames()) {
    const target = await loadTarget(name);
    assert.equal(target.name, name);
    // Only targets that write files or a stream keep rows of any time (no window check or warning).
    assert.equal(target.keepsAnyTime === true, name === 'file' || name === 'stdout', name);
  }
  assert.deepEqual(targetOptions('otlp').map((option) => option.name), ['protocol', 'signals', 'metrics-path', 'logs-path', 'traces-path']);
  assert.deepEqual(targetOptions('remote-write').map((option) => option.name), ['query-url']);
  assert.deepEqual(targetOptions('victoriametrics'), []);
  assert.deepEqual(targetOptions('kafka').map((option) => option.name), ['sample', 'annotate', 'producer-id', 'shape', 'acks', 'partitions']);
  assert.deepEqual(targetOptions('file').map((option) => option.name), ['sample', 'annotate', 'producer-id', 'shape', 'rotate-size-mb', 'audit-every']);
  assert.throws(() => targetOptions('influx'), /unknown target 'influx' \(targets: file, http, kafka, otlp, remote-write, stdout, victorialogs, victoriametrics\)/);
});
