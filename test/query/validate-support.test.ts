/** validate on a small dataset: a statistical check without enough data says SKIP and why, never FAIL; every check has a figure. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { CheckResult } from '../../src/query/check.js';
import { getSimulator } from '../../src/sim/registry.js';
import { compileDataset, runCli, tempDir } from '../helpers.js';

let dir: string;

before(() => {
  // 20k requests over 30 days: two log lines fall inside incident windows (the "inside 0.0 over 1 lines").
  dir = join(tempDir('teleforge-validate-'), 'social');
  compileDataset('social-network', dir, ['--set', 'world.events=20000', '--duration', '30d', '--quiet']);
});

describe('validate a freshly compiled small social dataset', () => {
  it('passes, with the error-rate check SKIPped for too few log lines inside incidents', () => {
    const result = runCli(['validate', dir]);
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /^FAIL/m);
    assert.match(result.stdout, /^SKIP {2}incidents_raise_error_rate +inside [\d.]+ over \d+ lines; outside [\d.]+ — not enough data: \d+ log lines inside incident windows, a rate needs 100$/m);
    assert.match(result.stdout.trim().split('\n').at(-1)!, /, 0 failed, 1 skipped: valid/);
  });

  it('every check prints a figure with a number in it; --json says which were skipped and why', () => {
    const parsed = JSON.parse(runCli(['validate', dir, '--json']).stdout) as { passed: boolean; checks: CheckResult[] };
    assert.equal(parsed.passed, true);
    for (const invariant of getSimulator('social-network').invariants ?? []) assert.ok(parsed.checks.some((check) => check.name === invariant.name), invariant.name);
    for (const check of parsed.checks) assert.match(check.figure, /\d/, `${check.name}: ${check.figure}`);
    const children = parsed.checks.find((check) => check.name === 'children_share_root_target')!;
    assert.match(children.figure, /^child spans checked: [1-9]\d*, in another target than their parent: 0$/);
    assert.deepEqual(parsed.checks.filter((check) => check.skipped !== undefined).map((check) => check.name), ['incidents_raise_error_rate']);
  });
});

describe('validate a dataset too short for any incident', () => {
  it('k8s, 20 minutes: the error-spike check says SKIP and why, with its figure; every figure has numbers', () => {
    const k8s = join(tempDir('teleforge-validate-'), 'k8s');
    compileDataset('k8s-cluster', k8s, ['--duration', '20m', '--set', 'world.cluster.nodes=3', '--quiet']);
    const parsed = JSON.parse(runCli(['validate', k8s, '--json']).stdout) as { passed: boolean; checks: CheckResult[] };
    assert.equal(parsed.passed, true);
    for (const check of parsed.checks) assert.match(check.figure, /\d/, `${check.name}: ${check.figure}`);
    const spikes = parsed.checks.find((check) => check.name === 'k8s: error spikes visible in 500 share')!;
    assert.match(spikes.figure, /^0 of 0 spikes/);
    assert.equal(spikes.skipped, 'no error spike with scraped requests in this dataset');
  });
});
