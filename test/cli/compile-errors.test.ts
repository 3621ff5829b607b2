import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDir } from '../helpers.js';

/** Runs a compile that must fail: exit 2, one line on stderr naming the problem, no stack, nothing written. */
function expectBadInput(args: string[], pattern: RegExp, out = join(tempDir(), 'dataset')): void {
  const result = runCli(['compile', ...args, '--out', out]);
  assert.equal(result.code, 2, `exit code for ${args.join(' ')}: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^teleforge: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.equal(existsSync(out), false, 'nothing may be written');
}

function scenarioFile(body: string): string {
  const path = join(tempDir(), 'scenario.yaml');
  writeFileSync(path, body);
  return path;
}

const base = 'kind: k8s\nname: bad\nstart: 2026-01-01T00:00:00Z\nduration: 1h\n';

describe('compile rejects bad input with one line and exit code 2', () => {
  it('a field of the wrong type', () => {
    expectBadInput([scenarioFile(`${base}world:\n  services: {}\n  cluster: { nodes: lots }\n`)], /world\.cluster\.nodes: .*number/);
  });
  it('an unknown key', () => {
    expectBadInput([scenarioFile(`${base}world:\n  services: {}\n  clutser: {}\n`)], /unknown field 'world\.clutser'/);
  });
  it('a zero or negative interval', () => {
    expectBadInput([scenarioFile(`${base}world:\n  services: {}\n  scrape_interval: 0s\n`)], /world\.scrape_interval: expected a positive duration/);
    expectBadInput([scenarioFile(`${base}world:\n  services: {}\n  scrape_interval: -15s\n`)], /world\.scrape_interval/);
  });
  it('an end before its start', () => {
    expectBadInput([scenarioFile('kind: k8s\nname: bad\nstart: 2026-01-02T00:00:00Z\nend: 2026-01-01T00:00:00Z\nworld: { services: {} }\n')], /end: .* is not after start/);
  });
  it('an unknown preset or kind', () => {
    expectBadInput(['k8s-cluster', '--preset', 'enormous'], /unknown preset 'enormous'/);
    expectBadInput([scenarioFile(`kind: mainframe\nname: bad\nstart: 2026-01-01T00:00:00Z\nduration: 1h\n`)], /unknown kind 'mainframe'/);
  });
  it('a scenario that is neither a file nor bundled, and broken YAML', () => {
    expectBadInput(['no-such-scenario'], /'no-such-scenario' is neither a file nor a bundled scenario \(bundled: .*k8s-cluster/);
    expectBadInput([scenarioFile('kind: [k8s\n')], /not valid YAML/);
  });
  it('a malformed --shard, --workers or --format', () => {
    expectBadInput(['k8s-cluster', '--shard', '3'], /--shard: '3' is not of the form i\/N/);
    expectBadInput(['k8s-cluster', '--shard', '4/4'], /--shard: '4\/4' needs 0 ≤ i < N/);
    expectBadInput(['k8s-cluster', '--workers', '0'], /--workers/);
    expectBadInput(['k8s-cluster', '--format', 'csv'], /--format: unknown format 'csv'/);
  });
  it('an unwritable --out', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    expectBadInput(['k8s-cluster', '--duration', '1h'], /output: .*(not a directory|cannot write)/, join(file, 'dataset'));
    const result = runCli(['compile', 'k8s-cluster', '--duration', '1h', '--out', file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^teleforge: output: .* exists and is not a directory\n$/);
    assert.equal(readFileSync(file, 'utf8'), 'not a directory');
  });
  it('a datacenter scenario with an unknown anomaly kind, a share out of range, or an interval too fine for a partition-day', () => {
    expectBadInput(['datacenter', '--set', 'world.anomalies=[cpu_spike,fire]'], /world\.anomalies\.1: .*expected one of "cpu_spike"/);
    expectBadInput(['datacenter', '--set', 'world.anomaly_share=2'], /world\.anomaly_share: .*<=0\.5/);
    expectBadInput(['datacenter', '--set', 'world.servers=0'], /world\.servers: /);
    expectBadInput(['datacenter', '--set', 'world.interval=0s'], /world\.interval: expected a positive duration/);
    expectBadInput(['datacenter', '--set', 'world.interval=100ms'], /world\.interval: 100 ms makes one server's day .* more than world\.max_rows_per_partition_day/);
  });
  it('an unknown option', () => {
    const result = runCli(['compile', 'k8s-cluster', '--colour', 'red']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown argument: colour/);
  });
});

describe('compile refuses a directory of another dataset', () => {
  it('unless --force, which replaces it', () => {
    const out = join(tempDir(), 'dataset');
    const small = ['--duration', '15m', '--set', 'world.cluster.nodes=2', '--set', 'partitions=2', '--quiet'];
    assert.equal(runCli(['compile', 'k8s-cluster', '--out', out, ...small]).code, 0);
    const other = runCli(['compile', 'k8s-cluster', '--out', out, ...small, '--seed', '99']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /^teleforge: output: .* holds scenario 'k8s-cluster' \(hash \w+.*use --force/);
    assert.equal(runCli(['compile', 'k8s-cluster', '--out', out, ...small, '--seed', '99', '--force']).code, 0);
  });
  it('and a non-empty directory that is not a dataset', () => {
    const out = join(tempDir(), 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    const result = runCli(['compile', 'k8s-cluster', '--out', out, '--duration', '15m']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not empty and holds no teleforge dataset/);
    assert.deepEqual(readdirSync(out), ['notes.txt']);
  });
});
