import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers.js';

interface ScenarioRow {
  name: string;
  kind: string;
  description: string;
  series?: number;
  samples?: number;
  rows: number;
  days: number;
}

test('scenarios lists every bundled scenario with a description and its default size', () => {
  const json = runCli(['scenarios', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as ScenarioRow[];
  assert.deepEqual(rows.map((row) => row.name).sort(), ['agentic-ide', 'datacenter', 'k8s-cluster', 'social-network']);
  const k8s = rows.find((row) => row.name === 'k8s-cluster')!;
  assert.equal(k8s.kind, 'k8s');
  assert.equal(k8s.days, 30);
  assert.ok(k8s.samples! > 10_000_000, `${k8s.samples} samples`);
  assert.ok(k8s.series! > 10_000, `${k8s.series} series`);
  const datacenter = rows.find((row) => row.name === 'datacenter')!;
  assert.deepEqual([datacenter.kind, datacenter.days, datacenter.series, datacenter.samples], ['datacenter', 30, 185, 185 * 30 * 86_400]);
  for (const row of rows) assert.ok(row.description.length > 20, `${row.name} has a description`);

  const text = runCli(['scenarios']);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2 * rows.length);
  // Name, kind and size line up in columns; the description sits under the size.
  const sizeColumn = lines[0]!.search(/\d[\d.]*[kM]? (series|samples|rows)/);
  for (let i = 0; i < lines.length; i += 2) {
    assert.equal(lines[i]!.search(/\d[\d.]*[kM]? (series|samples|rows)/), sizeColumn, lines[i]);
    assert.equal(lines[i + 1]!.search(/\S/), sizeColumn, lines[i + 1]);
  }
  assert.match(lines.find((line) => line.startsWith('k8s-cluster'))!, /^k8s-cluster +k8s +[\d.]+k series, [\d.]+M samples, 30 days$/);
  assert.match(lines.find((line) => line.startsWith('agentic-ide'))!, /^agentic-ide +agentic-ide +[\d.]+M rows, 7 days$/);
  assert.match(lines.find((line) => line.startsWith('datacenter'))!, /^datacenter +datacenter +185 series, 479\.52M samples, 30 days$/);
});
