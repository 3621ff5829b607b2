/** What compile says before it works: a capped --workers, the estimated size, a slice or timeline it refuses. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, runCli, tempDir } from '../helpers.js';

const fixture = join(FIXTURES, 'k8s-test.yaml');

describe('compile limits', () => {
  it('caps --workers at the partitions to compile and says so in one line', () => {
    const out = join(tempDir(), 'dataset');
    const result = runCli(['compile', fixture, '--duration', '1h', '--workers', '40', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^teleforge: --workers 40: using 5, one per partition to compile$/m);
    assert.match(result.stderr, /^compile: .* in 5 partitions on 5 workers into /m);
  });

  it('the default (one worker per core) is capped without a word', () => {
    const out = join(tempDir(), 'dataset');
    const result = runCli(['compile', fixture, '--duration', '1h', '--set', 'partitions=1', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^compile: .* in 1 partition on 1 worker into /m);
    assert.doesNotMatch(result.stderr, /--workers/);
  });

  it('prints the estimated size before the first partition, not under --quiet or --json', () => {
    const out = join(tempDir(), 'dataset');
    const result = runCli(['compile', fixture, '--duration', '1h', '--workers', '2', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const estimated = /^compile: ≈([\d.]+)k rows \(estimate\) in 5 partitions on 2 workers into (.*)$/m.exec(result.stderr);
    assert.ok(estimated, result.stderr);
    assert.equal(estimated[2], out);
    // The estimate is close to what was written (samples dominate).
    const written = Number(/samples ([\d.]+)k/.exec(result.stdout)?.[1]);
    assert.ok(Math.abs(Number(estimated[1]) - written) / written < 0.2, `${estimated[1]}k estimated, ${written}k written`);
    const quiet = runCli(['compile', fixture, '--duration', '1h', '--workers', '2', '--out', join(tempDir(), 'q'), '--quiet']);
    assert.equal(quiet.stderr, '');
  });

  it('refuses a timeline longer than 10 years before planning it', () => {
    const out = join(tempDir(), 'dataset');
    const result = runCli(['compile', 'k8s-cluster', '--duration', '100000d', '--out', out]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^teleforge: scenario k8s-cluster\.yaml: duration: a timeline of 100000 days is longer than teleforge compiles \(at most 3660d, 10 years\)\n$/);
    assert.equal(existsSync(out), false);
  });

  it('refuses a --shard slice past the end of the plan, naming the partition count', () => {
    const out = join(tempDir(), 'dataset');
    const result = runCli(['compile', fixture, '--duration', '1h', '--shard', '20/100', '--out', out]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^teleforge: --shard 20\/100: this slice is empty: the plan has 5 partitions.*use N ≤ 5\)\n$/);
    assert.equal(existsSync(out), false, 'nothing written');
    assert.equal(runCli(['compile', fixture, '--duration', '1h', '--shard', '4/100', '--out', out, '--quiet']).code, 0);
  });
});
