/** The same commands on the other scenario kind: views, checks and report come from its declarations. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { InspectReport } from '../../src/query/inspect.js';
import { getSimulator } from '../../src/sim/registry.js';
import { FIXTURES, compileDataset, runCli, tempDir } from '../helpers.js';

let dir: string;

before(() => {
  dir = join(tempDir('teleforge-query-'), 'social');
  compileDataset(join(FIXTURES, 'social-test.yaml'), dir, ['--quiet']);
});

describe('query, validate and inspect a social-network dataset', () => {
  it('one view per declared table, plus metrics', () => {
    const views = JSON.parse(runCli(['query', dir, '--format', 'json']).stdout) as Array<{ name: string }>;
    const declared = getSimulator('social-network').tables.map((spec) => spec.name);
    assert.deepEqual(views.map((view) => view.name).sort(), [...declared, 'metrics'].sort());
    const join = runCli(['query', dir, "SELECT count(*) AS n FROM spans s JOIN logs l USING (request_id) WHERE s.date = '2026-03-03'", '--format', 'csv']);
    assert.equal(join.code, 0, join.stderr);
    assert.ok(Number(join.stdout.trim().split('\n')[1]) > 0);
  });

  it('validate runs the generic checks for its tables and its own invariants, all passing', () => {
    const result = runCli(['validate', dir, '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const checks = (JSON.parse(result.stdout) as { checks: Array<{ name: string; passed: boolean }> }).checks.map((check) => check.name);
    for (const invariant of getSimulator('social-network').invariants ?? []) assert.ok(checks.includes(invariant.name), invariant.name);
    for (const name of ['logs: timestamp inside the time range', 'spans: no nulls in required columns', 'samples: no duplicate (series_id, ts)']) {
      assert.ok(checks.includes(name), name);
    }
    assert.ok(!checks.some((name) => name.startsWith('k8s:')));
  });

  it('inspect reports every table with a sparkline per day', () => {
    const report = JSON.parse(runCli(['inspect', dir, '--json']).stdout) as InspectReport;
    const logs = report.tables.find((table) => table.name === 'logs')!;
    assert.equal(logs.days.length, 14);
    assert.equal(logs.sparkline!.length, 14);
    assert.ok(report.series!.count > 0 && report.top_series!.length === 10 && report.incidents!.length > 0);
  });
});
