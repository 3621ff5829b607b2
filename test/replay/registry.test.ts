import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTarget, targetNames, targetOptions } from '../../src/replay/registry.js';

test('replay registry: each entry loads the target of its name, with the options the CLI was given', async () => {
  assert.deepEqual(targetNames(), ['file', 'http', 'kafka', 'otlp', 'remote-write', 'stdout', 'victorialogs', 'victoriametrics']);
  for (const name of targetNames()) {
    const target = await loadTarget(name);
    assert.equal(target.name, name);
    assert.deepEqual(target.options ?? [], targetOptions(name), `${name}: options`);
  }
  assert.throws(() => targetOptions('influx'), /unknown target 'influx' \(targets: file, http, kafka, otlp, remote-write, stdout, victorialogs, victoriametrics\)/);
});
