/** Output directories that cannot be made: one line naming the cause, promptly, never a hang or a wrong errno. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, FIXTURES, tempDir } from '../helpers.js';

/** A compile into `out`; killed after 60 s so that a hang fails the test instead of stalling the suite. */
function compileInto(out: string): { code: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'compile', join(FIXTURES, 'k8s-test.yaml'), '--duration', '1h', '--out', out], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr };
}

/** A read-only tmpfs mounted by the test (needs root; `mount` fails otherwise). */
function readOnlyMount(): string | undefined {
  const dir = join(tempDir(), 'ro');
  mkdirSync(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]);
  return mounted.status === 0 ? dir : undefined;
}

describe('compile into a directory that cannot be made', () => {
  it('/proc/teleforge: one line, exit 2 (Node\'s recursive mkdir looped forever there)', () => {
    const result = compileInto('/proc/teleforge');
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, 'teleforge: output: cannot write to /proc/teleforge: its file system does not take new directories (ENOENT)\n');
  });

  const ro = readOnlyMount();
  after(() => ro && spawnSync('umount', [ro]));
  it('a read-only file system is reported as EROFS, not ENOENT', { skip: ro ? false : 'needs root to mount a read-only tmpfs' }, () => {
    for (const out of [join(ro!, 'dataset', 'deeper'), ro!]) {
      const result = compileInto(out);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /^teleforge: output: cannot write to .*: read-only file system \(EROFS\)\n$/);
    }
  });
});
