import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, FIXTURES, tempDir } from '../helpers.js';

test('compile --json into a reader that has already gone (`| head`) exits 0 without a stack trace', async () => {
  const child = spawn(process.execPath, [CLI, 'compile', join(FIXTURES, 'k8s-test.yaml'), '--duration', '1h', '--out', join(tempDir(), 'dataset'), '--json']);
  // Every write of the result meets a closed pipe (EPIPE).
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
