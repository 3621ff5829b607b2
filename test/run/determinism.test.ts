/** Same scenario + seed ⇒ the same bytes, whatever the worker count, slicing or interruptions. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, FIXTURES, compileDataset, runCli, tempDir, treeHashes } from '../helpers.js';

const FIXTURE = join(FIXTURES, 'k8s-test.yaml');
// One day of the test cluster, as Parquet and zstd JSONL: ~1.9M samples in 5 partitions.
const ARGS = ['--duration', '1d', '--format', 'parquet,jsonl', '--quiet'];
/** Files of partitions (the ground truth and summary are written by every slice alike). */
const isData = (path: string) => /\/part-\d+\./.test(path);

let reference: Map<string, string>;

before(() => {
  const out = join(tempDir(), 'whole');
  compileDataset(FIXTURE, out, [...ARGS, '--workers', '2']);
  reference = treeHashes(out);
});

describe('determinism', () => {
  it('writes byte-identical files with 1 and 7 workers as with 2', () => {
    assert.ok(reference.size > 20, `a real dataset (${reference.size} files)`);
    for (const workers of ['1', '7']) {
      const out = join(tempDir(), `w${workers}`);
      compileDataset(FIXTURE, out, [...ARGS, '--workers', workers]);
      assert.deepEqual(treeHashes(out), reference, `--workers ${workers}`);
    }
  });

  it('gives different data for a different seed', () => {
    const out = join(tempDir(), 'seed');
    compileDataset(FIXTURE, out, [...ARGS, '--seed', '8']);
    const other = treeHashes(out);
    const changed = [...reference].filter(([path, hash]) => isData(path) && other.get(path) !== hash);
    assert.ok(changed.length > 10);
  });

  it('slices of --shard i/N together are the whole run, file for file', () => {
    const union = new Map<string, string>();
    for (const index of [0, 1, 2]) {
      const out = join(tempDir(), `shard${index}`);
      const result = compileDataset(FIXTURE, out, [...ARGS, '--shard', `${index}/3`]);
      assert.equal(result.complete, false);
      assert.equal(existsSync(join(out, 'summary.json')), false, 'a slice writes no summary');
      for (const [path, hash] of treeHashes(out, isData)) {
        assert.equal(union.has(path), false, `${path} in two slices`);
        union.set(path, hash);
      }
    }
    assert.deepEqual(union, new Map([...reference].filter(([path]) => isData(path))));
  });

  it('slices compiled into one directory complete it with the same summary.json', () => {
    const out = join(tempDir(), 'together');
    for (const index of [1, 0, 2]) compileDataset(FIXTURE, out, [...ARGS, '--shard', `${index}/3`]);
    assert.deepEqual(treeHashes(out), reference);
  });

  it('resumes a killed compile: only missing partitions run, and the result is identical', async () => {
    const out = join(tempDir(), 'killed');
    const child = spawn(process.execPath, [CLI, 'compile', FIXTURE, '--out', out, ...ARGS, '--workers', '1'], { stdio: 'ignore' });
    const parts = join(out, '.teleforge', 'parts');
    for (let waited = 0; waited < 120_000; waited += 50) {
      if (existsSync(parts) && readdirSync(parts).length >= 1) break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const finished = readdirSync(parts).length;
    assert.ok(finished >= 1 && finished < 5, `killed mid-way (${finished} of 5 partitions done)`);
    assert.equal(existsSync(join(out, 'summary.json')), false);

    const result = compileDataset(FIXTURE, out, [...ARGS, '--workers', '2']);
    const partitions = result.partitions as { compiled: number; resumed: number };
    assert.ok(partitions.resumed >= 1 && partitions.compiled >= 1, JSON.stringify(partitions));
    assert.deepEqual(treeHashes(out), reference);
  });

  it('a finished dataset compiles again in no time: every partition is already done', () => {
    const out = join(tempDir(), 'again');
    compileDataset(FIXTURE, out, ARGS);
    const second = runCli(['compile', FIXTURE, '--out', out, ...ARGS.filter((arg) => arg !== '--quiet'), '--json']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((JSON.parse(second.stdout) as { partitions: unknown }).partitions, { total: 5, selected: 5, compiled: 0, resumed: 5 });
    assert.deepEqual(treeHashes(out), reference);
  });
});

describe('determinism of the agentic-ide kind', () => {
  const AGENTIC = join(FIXTURES, 'agentic-test.yaml');
  // A week in 7 one-day slices (metrics carried over each boundary), 20,000 spans, with JSONL.
  const SMALL = ['--set', 'world.total_events=20000', '--set', 'world.partition_length=1d', '--format', 'parquet,jsonl', '--quiet'];
  let whole: Map<string, string>;

  before(() => {
    const out = join(tempDir(), 'agentic');
    compileDataset(AGENTIC, out, [...SMALL, '--workers', '2']);
    whole = treeHashes(out);
  });

  it('writes byte-identical files with 1 and 7 workers as with 2', () => {
    assert.ok(whole.size > 60, `a real dataset (${whole.size} files)`);
    for (const workers of ['1', '7']) {
      const out = join(tempDir(), `agentic-w${workers}`);
      compileDataset(AGENTIC, out, [...SMALL, '--workers', workers]);
      assert.deepEqual(treeHashes(out), whole, `--workers ${workers}`);
    }
  });

  it('slices of --shard i/2 together are the whole run, and complete it with the same summary.json', () => {
    const out = join(tempDir(), 'agentic-shards');
    for (const index of [1, 0]) compileDataset(AGENTIC, out, [...SMALL, '--workers', '1', '--shard', `${index}/2`]);
    assert.deepEqual(treeHashes(out), whole);
  });
});

describe('determinism: datacenter', () => {
  // The seed's dev configuration (3 servers, 2 services, one hour at 1 s) fits 2 partitions; 4 are
  // asked for so that three slices and several workers each get some.
  const DC_ARGS = ['--preset', 'dev', '--set', 'partitions=4', '--format', 'parquet,jsonl', '--quiet'];
  let whole: Map<string, string>;

  before(() => {
    const out = join(tempDir(), 'dc-whole');
    compileDataset('datacenter', out, [...DC_ARGS, '--workers', '2']);
    whole = treeHashes(out);
  });

  it('writes byte-identical files with 1 and 7 workers as with 2', () => {
    assert.ok([...whole.keys()].filter(isData).length > 50, `a real dataset (${whole.size} files)`);
    for (const workers of ['1', '7']) {
      const out = join(tempDir(), `dc-w${workers}`);
      compileDataset('datacenter', out, [...DC_ARGS, '--workers', workers]);
      assert.deepEqual(treeHashes(out), whole, `--workers ${workers}`);
    }
  });

  it('slices of --shard i/N together are the whole run, file for file, and complete one directory', () => {
    const union = new Map<string, string>();
    const together = join(tempDir(), 'dc-together');
    for (const index of [2, 0, 1]) {
      const out = join(tempDir(), `dc-shard${index}`);
      compileDataset('datacenter', out, [...DC_ARGS, '--shard', `${index}/3`]);
      for (const [path, hash] of treeHashes(out, isData)) {
        assert.equal(union.has(path), false, `${path} in two slices`);
        union.set(path, hash);
      }
      compileDataset('datacenter', together, [...DC_ARGS, '--shard', `${index}/3`]);
    }
    assert.deepEqual(union, new Map([...whole].filter(([path]) => isData(path))));
    assert.deepEqual(treeHashes(together), whole);
  });
});
