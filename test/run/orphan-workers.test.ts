/** Workers whose compiling process is killed exit without a word (they shared its stderr: no EPIPE stack traces). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, FIXTURES, tempDir } from '../helpers.js';

test('SIGKILL of the compiling process: its workers exit quietly', { timeout: 120_000 }, async () => {
  const out = join(tempDir(), 'dataset');
  const child = spawn(process.execPath, [CLI, 'compile', join(FIXTURES, 'k8s-test.yaml'), '--out', out, '--workers', '2', '--quiet']);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // The workers' stderr is this pipe too: it closes once the last of them has exited.
  const closed = new Promise<void>((resolve) => child.stderr.on('close', resolve));
  // Kill once a worker has written into the dataset: the workers are in the middle of a partition.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (!existsSync(join(out, 'metrics'))) return;
      clearInterval(poll);
      child.kill('SIGKILL');
      resolve();
    }, 10);
  });
  await closed;
  assert.equal(stderr, '');
});
