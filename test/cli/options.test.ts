import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDir } from '../helpers.js';

/**
 * Every option with a value that can be wrong fails while the command line is parsed: exit 2, one
 * line naming the option and what it takes, before a scenario or dataset is even looked at (the
 * dataset given here does not exist, so a later check would name it instead).
 */
function expectOptionError(command: string[], option: string, accepted: RegExp): void {
  const out = join(tempDir(), 'out');
  const result = runCli([...command, ...(command[0] === 'compile' ? ['--out', out] : [])]);
  const label = command.join(' ');
  assert.equal(result.code, 2, `${label}: exit code (${result.stderr})`);
  assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, `${label}: one line, got:\n${result.stderr}`);
  assert.match(result.stderr, new RegExp(`^teleforge: .*${option.replace(/-/g, '\\-')}`), label);
  assert.match(result.stderr, accepted, label);
  assert.doesNotMatch(result.stderr, /NaN|\n\s+at /, label);
  assert.doesNotMatch(result.stderr, /secret/, `${label}: credentials are never printed`);
  assert.equal(existsSync(out), false, `${label}: nothing written`);
}

const missing = '/nonexistent/teleforge-dataset';

describe('options fail at parse time, naming the option and what it accepts', () => {
  it('compile', () => {
    const compile = (...args: string[]) => ['compile', 'k8s-cluster', ...args];
    expectOptionError(compile('--seed', 'abc'), '--seed', /whole number ≥ 0, got 'abc'/);
    expectOptionError(compile('--workers', 'abc'), '--workers', /whole number from 1 to 256, got 'abc'/);
    expectOptionError(compile('--workers', '10000'), '--workers', /from 1 to 256, got '10000'/);
    expectOptionError(compile('--workers', '2.5'), '--workers', /whole number/);
    expectOptionError(compile('--start', 'yesterday'), '--start', /ISO-8601/);
    expectOptionError(compile('--duration', '6 hours'), '--duration', /unit \(ms, s, m, h, d, w\)/);
    expectOptionError(compile('--format', 'csv'), '--format', /formats: parquet, jsonl/);
    expectOptionError(compile('--compression', 'lz4'), 'compression', /"zstd", "none"/);
    expectOptionError(compile('--shard', '1'), '--shard', /i\/N/);
    expectOptionError(compile('--set', 'world.cluster.nodes'), '--set', /key\.path=value/);
  });
  it('produce', () => {
    const produce = (...args: string[]) => ['produce', '--target', 'stdout', '--records', '1', ...args];
    expectOptionError(produce('--parallel', 'x'), '--parallel', /whole number ≥ 1, got 'x'/);
    expectOptionError(produce('--payload-size', '0'), '--payload-size', /whole number ≥ 1/);
    expectOptionError(produce('--duration', '30'), '--duration', /without a unit/);
    expectOptionError(produce('--stats-every', '10'), '--stats-every', /without a unit/);
    expectOptionError(produce('--burst-window', 'soon'), '--burst-window', /with a unit/);
    expectOptionError(produce('--rate', 'fast'), '--rate', /50k\/s/);
    expectOptionError(produce('--seed', 'abc'), '--seed', /whole number, got 'abc'/);
    expectOptionError(produce('--rotate-size-mb', '-1'), '--rotate-size-mb', /number ≥ 0/);
    expectOptionError(produce('--header', 'X-Tenant'), '--header', /name=value/);
    expectOptionError(produce('--metrics-addr', 'nope'), '--metrics-addr', /host:port/);
    expectOptionError(produce('--max-retries', '-2'), '--max-retries', /whole number ≥ 0/);
  });
  it('query', () => {
    expectOptionError(['query', missing, 'SELECT 1', '--format', 'xml'], '--format', /formats: table, csv, json, parquet/);
  });
  it('replay', () => {
    const replay = (...args: string[]) => ['replay', 'victoriametrics', missing, ...args];
    expectOptionError(replay('--rate', 'fast'), '--rate', /50k\/s/);
    expectOptionError(replay('--rate-per-worker', '1q'), '--rate-per-worker', /50k\/s/);
    expectOptionError(replay('--burst-window', '5'), '--burst-window', /without a unit/);
    expectOptionError(replay('--speed', 'x2'), '--speed', /1x, 60x/);
    expectOptionError(replay('--workers', 'abc'), '--workers', /whole number from 1 to 256/);
    expectOptionError(replay('--batch-size', '0'), '--batch-size', /whole number ≥ 1/);
    expectOptionError(replay('--max-retries', 'many'), '--max-retries', /whole number ≥ 0/);
    expectOptionError(replay('--from', 'monday'), '--from', /ISO-8601/);
    expectOptionError(replay('--to', '2026-13-45'), '--to', /ISO-8601/);
    expectOptionError(replay('--shard', '2/2'), '--shard', /0 ≤ i < N/);
    expectOptionError(replay('--metrics-addr', 'localhost'), '--metrics-addr', /host:port/);
    expectOptionError(replay('--mode', 'fast'), 'mode', /"steady", "burst", "realtime"/);
    expectOptionError(replay('--url', 'ftp://user:secret@host'), '--url', /use http:\/\/ or https:\/\//);
    expectOptionError(replay('--url', 'http://user:secret@'), '--url', /is not a URL/);
    expectOptionError(replay('--header', 'X-Tenant'), '--header', /name=value/);
  });
});
