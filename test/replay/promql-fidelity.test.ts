/**
 * The PromQL an SRE runs first, on a k8s dataset replayed into a real VictoriaMetrics: answers in
 * the range they have on a real cluster, following the load the scenario describes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, compileDataset, runCli, tempDir } from '../helpers.js';
import { VictoriaMetrics } from './victoria-metrics-server.js';

/** The fixture's first day (a Monday); its traffic peaks at 15:00 UTC and is lowest at 03:00. */
const DAY_START = Date.parse('2026-03-02T00:00:00Z') / 1000;
const HOUR = 3600;

let vm: VictoriaMetrics;

before(async () => {
  const dataset = tempDir('teleforge-promql-');
  compileDataset(join(FIXTURES, 'k8s-test.yaml'), dataset, ['--duration', '1d', '--quiet']);
  vm = await new VictoriaMetrics().start();
  const replay = runCli(['replay', 'victoriametrics', dataset, '--url', vm.url, '--checkpoint', join(tempDir(), 'ckpt.json')]);
  assert.equal(replay.code, 0, replay.stderr);
});
after(() => vm?.remove());

describe('PromQL on a replayed k8s dataset', () => {
  it('node CPU utilization, 1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m])), is in [0, 1] and higher at the afternoon peak than at the night trough', async () => {
    const [series] = await vm.queryRange('1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m]))', DAY_START + 600, DAY_START + 24 * HOUR - 300, 300);
    assert.ok(series && series.values.length > 200, `${series?.values.length ?? 0} points`);
    const outside = series.values.filter(([, value]) => !(value >= 0 && value <= 1));
    assert.deepEqual(outside, [], 'every point a utilization');
    const mean = (from: number, to: number) => {
      const values = series.values.filter(([t]) => t >= DAY_START + from * HOUR && t <= DAY_START + to * HOUR).map(([, value]) => value);
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    const [peak, trough] = [mean(14, 16), mean(2, 4)];
    assert.ok(peak > trough + 0.1, `peak ${peak.toFixed(3)}, trough ${trough.toFixed(3)}`);
  });

  it('every CPU of every node is its own series, with the modes of node-exporter', async () => {
    const perNode = await vm.queryRange('count by (instance) (count by (instance, cpu) (node_cpu_seconds_total))', DAY_START + 12 * HOUR, DAY_START + 12 * HOUR, 60);
    assert.equal(perNode.length, 6, 'the fixture\'s 6 nodes');
    // test/fixtures/k8s-test.yaml draws 2 or 4 CPUs per node.
    for (const { metric, values } of perNode) assert.ok([2, 4].includes(values[0]![1]), `${metric.instance}: ${values[0]![1]} CPUs`);
    const [modes] = await vm.queryRange('count(count by (mode) (node_cpu_seconds_total))', DAY_START + 12 * HOUR, DAY_START + 12 * HOUR, 60);
    assert.equal(modes!.values[0]![1], 4);
  });
});
