/**
 * The Grafana dashboards under dashboards/: one per scenario kind of the registry, well formed
 * (every panel's datasource is one of the dashboard's datasource variables, panels inside the
 * 24-column grid), and every PromQL expression returns series from a real VictoriaMetrics holding a
 * small replayed dataset of its kind, through /api/v1/query_range as Grafana asks it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { simulatorKinds } from '../../src/sim/registry.js';
import { FIXTURES, REPO, compileDataset, runCli, tempDir } from '../helpers.js';
import { VictoriaMetrics } from '../replay/victoria-metrics-server.js';

const DASHBOARDS = join(REPO, 'dashboards');
const METRICS_TYPE = 'prometheus';
const LOGS_TYPE = 'victoriametrics-logs-datasource';

interface Target {
  refId: string;
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  time: { from: string; to: string };
  templating: { list: Array<{ name: string; type: string; query: string }> };
  /** PromQL annotations: Grafana marks the times where `expr` returns a sample. */
  annotations: { list: Array<{ name: string; expr: string; datasource: { type: string; uid: string } }> };
  panels: Panel[];
}

function dashboardOf(kind: string): Dashboard | undefined {
  const path = join(DASHBOARDS, `${kind}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Dashboard) : undefined;
}

function targets(dashboard: Dashboard, type: string): Array<{ panel: string; expr: string }> {
  const panels = dashboard.panels.flatMap((panel) => (panel.targets ?? []).filter((target) => target.datasource.type === type).map((target) => ({ panel: panel.title, expr: target.expr })));
  const annotations = dashboard.annotations.list.filter((annotation) => annotation.datasource.type === type).map((annotation) => ({ panel: `annotation ${annotation.name}`, expr: annotation.expr }));
  return [...panels, ...annotations];
}

/** The kind's test fixture compiled to `duration`. */
function compileKind(kind: string, duration: string): string {
  const fixture = readdirSync(FIXTURES).find((name) => name.endsWith('.yaml') && (parseYaml(readFileSync(join(FIXTURES, name), 'utf8')) as { kind: string }).kind === kind);
  assert.ok(fixture, `no test fixture of kind ${kind}`);
  const out = join(tempDir('teleforge-dash-'), kind);
  compileDataset(join(FIXTURES, fixture), out, ['--quiet', '--duration', duration]);
  return out;
}

test('dashboards/ holds only dashboards of known kinds, each well formed', () => {
  const files = readdirSync(DASHBOARDS).filter((name) => name.endsWith('.json'));
  assert.ok(files.length >= 2);
  for (const file of files) {
    const kind = file.replace(/\.json$/, '');
    assert.ok(simulatorKinds().includes(kind), `${file}: not a scenario kind`);
    const dashboard = dashboardOf(kind)!;
    assert.match(dashboard.uid, /^teleforge-/);
    const variables = new Map(dashboard.templating.list.filter((v) => v.type === 'datasource').map((v) => [`\${${v.name}}`, v.query]));
    assert.ok([...variables.values()].includes(METRICS_TYPE), `${file}: no metrics datasource variable`);
    for (const annotation of dashboard.annotations.list) {
      assert.equal(variables.get(annotation.datasource.uid), annotation.datasource.type, `${file}: annotation ${annotation.name} uses an undeclared datasource`);
      assert.ok(annotation.expr.trim().length > 0);
    }
    const ids = new Set<number>();
    for (const panel of dashboard.panels) {
      assert.ok(!ids.has(panel.id), `${file}: panel id ${panel.id} twice`);
      ids.add(panel.id);
      assert.ok(panel.gridPos.x >= 0 && panel.gridPos.x + panel.gridPos.w <= 24, `${file}: ${panel.title} outside the grid`);
      if (panel.type === 'row') continue;
      assert.ok((panel.targets ?? []).length > 0, `${file}: ${panel.title} has no query`);
      for (const target of panel.targets!) {
        assert.equal(variables.get(target.datasource.uid), target.datasource.type, `${file}: ${panel.title} uses an undeclared datasource`);
        assert.ok([METRICS_TYPE, LOGS_TYPE].includes(target.datasource.type));
        assert.ok(target.expr.trim().length > 0);
      }
    }
  }
});

describe('every PromQL expression of the dashboards returns series from a real VictoriaMetrics', () => {
  let vm: VictoriaMetrics;
  before(async () => {
    vm = await new VictoriaMetrics().start();
  });
  after(() => vm.remove());

  // The fixtures' incidents and rollouts are frequent: a few hours of k8s, the datacenter fixture's 6 hours, the agentic fixture's week and the social fixture's two weeks hold every series the panels ask for.
  const durations: Record<string, string> = { k8s: '8h', datacenter: '6h', 'agentic-ide': '7d' };
  for (const kind of simulatorKinds()) {
    test(`${kind}`, async () => {
      const dashboard = dashboardOf(kind);
      assert.ok(dashboard, `no dashboards/${kind}.json`);
      const dataset = compileKind(kind, durations[kind] ?? '14d');
      const replay = runCli(['replay', 'victoriametrics', dataset, '--url', vm.url, '--checkpoint', join(tempDir('teleforge-dash-ckpt-'), 'ckpt'), '--quiet']);
      assert.equal(replay.code, 0, replay.stderr);
      await fetch(`${vm.url}/internal/force_flush`);
      const range = (JSON.parse(readFileSync(join(dataset, 'summary.json'), 'utf8')) as { time_range: { start: string; end: string } }).time_range;
      const start = Date.parse(range.start) / 1000;
      const end = Date.parse(range.end) / 1000;
      const step = Math.max(60, Math.ceil((end - start) / 500));
      const exprs = targets(dashboard, METRICS_TYPE);
      assert.ok(exprs.length >= 8, `${kind}: ${exprs.length} PromQL expressions`);
      for (const { panel, expr } of exprs) {
        const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
        const response = await fetch(`${vm.url}/api/v1/query_range?${params}`);
        const answer = (await response.json()) as { status: string; error?: string; data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
        assert.equal(answer.status, 'success', `${kind} / ${panel}: ${expr}: ${answer.error}`);
        const series = answer.data!.result;
        assert.ok(series.length > 0, `${kind} / ${panel}: no series for ${expr}`);
        const numbers = series.flatMap((entry) => entry.values.map(([, value]) => Number(value))).filter(Number.isFinite);
        assert.ok(numbers.length > 0, `${kind} / ${panel}: only NaN for ${expr}`);
      }
    });
  }
});
