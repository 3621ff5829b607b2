/**
 * `teleforge report` in a real headless Chromium, for every scenario kind of the registry (its test
 * fixture, or its bundled scenario cut to 2 hours): the page loads from file:// with no console
 * error and no request, every chart has data, every incident window is drawn, hovering the longest
 * and (zoomed in) the shortest one shows its kind and scope, and each section is photographed. With
 * TELEFORGE_REPORT_SCREENSHOTS=DIR the screenshots are kept there (docs/report-<kind>.png are made
 * this way).
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { simulatorKinds } from '../../src/sim/registry.js';
import { FIXTURES, compileDataset, runCli, tempDir } from '../helpers.js';
import { Chromium, type Page } from '../browser/chromium.js';

interface ChartState {
  id: string;
  lines: number;
  /** Finite, non-zero values of its data series. */
  points: number;
  /** Data series without a finite value. */
  emptyLines: string[];
  incidentWindows: number;
}

const keep = process.env.TELEFORGE_REPORT_SCREENSHOTS;

/** The kind's test fixture (`test/fixtures/*.yaml`), or its bundled scenario cut to 2 hours. */
function datasetOf(kind: string): string {
  const out = join(tempDir('teleforge-report-'), kind);
  const fixture = readdirSync(FIXTURES).find((name) => name.endsWith('.yaml') && (parseYaml(readFileSync(join(FIXTURES, name), 'utf8')) as { kind: string }).kind === kind);
  if (fixture) compileDataset(join(FIXTURES, fixture), out, ['--quiet']);
  else {
    const bundled = JSON.parse(runCli(['scenarios', '--json']).stdout) as Array<{ name: string; kind: string }>;
    const scenario = bundled.find((entry) => entry.kind === kind);
    assert.ok(scenario, `no fixture and no bundled scenario of kind ${kind}`);
    compileDataset(scenario.name, out, ['--quiet', '--duration', '2h']);
  }
  return out;
}

// An incident window counts as drawn on a chart when a band of its kind's series covers it.
const chartStates = `(() => [...document.querySelectorAll('.chart')].map((el) => {
  const chart = echarts.getInstanceByDom(el);
  const series = chart ? chart.getOption().series : [];
  const lines = series.filter((s) => !s.name || !s.name.startsWith('incident: '));
  const value = (d) => (Array.isArray(d) ? d[1] : d);
  const finite = (s) => (s.data || []).filter((d) => typeof value(d) === 'number' && Number.isFinite(value(d)));
  const bands = new Map(series.filter((s) => s.markArea).map((s) => [s.name, s.markArea.data]));
  const { kinds, windows } = REPORT.incidents;
  return {
    id: el.id,
    lines: lines.length,
    points: lines.reduce((sum, s) => sum + finite(s).filter((d) => value(d) !== 0).length, 0),
    emptyLines: lines.filter((s) => finite(s).length === 0).map((s) => s.name),
    incidentWindows: windows.filter(([kind, , start, end]) => (bands.get('incident: ' + kinds[kind]) || []).some(([from, to]) => from.xAxis <= start && to.xAxis >= end)).length,
  };
}))()`;

const frames = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))';

describe('teleforge report in headless Chromium', () => {
  let browser: Chromium;
  before(async () => {
    browser = await new Chromium().start();
  });
  after(() => browser.stop());

  for (const kind of simulatorKinds()) {
    test(`${kind}: every chart has data, incidents are shaded and hoverable, no console error, no request`, async () => {
      const dataset = datasetOf(kind);
      const html = join(dataset, 'report.html');
      const result = runCli(['report', dataset, '--json']);
      assert.equal(result.code, 0, result.stderr);
      const written = JSON.parse(result.stdout) as { file: string; bytes: number; charts: number };
      assert.equal(written.file, html);
      assert.equal(written.bytes, statSync(html).size);
      const incidents = Number((JSON.parse(readFileSync(join(dataset, 'summary.json'), 'utf8')) as { incidents: { total: number } }).incidents.total);

      const page = await browser.open(pathToFileURL(html).href, 1280, 900);
      await page.evaluate(frames);
      const charts = await page.evaluate<ChartState[]>(chartStates);
      assert.equal(charts.length, written.charts);
      assert.ok(charts.length >= 8, `${kind}: ${charts.length} charts`);
      for (const chart of charts) {
        assert.ok(chart.lines > 0 && chart.points > 0, `${kind}: chart ${chart.id} has no data`);
        assert.deepEqual(chart.emptyLines, [], `${kind}: chart ${chart.id} has empty lines`);
      }
      const errorCharts = charts.filter((chart) => chart.id.startsWith('errors-'));
      assert.ok(errorCharts.length > 0, `${kind}: no error-rate chart`);
      assert.ok(incidents > 0);
      for (const chart of errorCharts) assert.equal(chart.incidentWindows, incidents, `${kind}: ${chart.id} shades every incident`);
      await hoverIncident(page, errorCharts[0]!.id, kind);

      assert.deepEqual(page.log.errors, [], `${kind}: console errors`);
      assert.deepEqual(page.log.requests, [pathToFileURL(html).href], `${kind}: the page requested something`);
      await screenshotSections(page, kind);
    });
  }
});

/**
 * Moves the mouse over the middle of the longest incident window, 40 px above the chart's zero line
 * (where the data line often runs), then zooms to 10 minutes around the shortest one (agentic-ide's
 * lost spans are instants) and moves it there: each time the tooltip names the window's kind and
 * scope, and the shortest window is drawn at least a pixel wide. The zoom is undone after.
 */
async function hoverIncident(page: Page, chartId: string, kind: string): Promise<void> {
  for (const pick of ['longest', 'shortest'] as const) {
    const target = await page.evaluate<{ x: number; y: number; kind: string; scope: string; pixels: number }>(`(() => {
      const el = document.getElementById(${JSON.stringify(chartId)});
      el.scrollIntoView({ block: 'center' });
      const chart = echarts.getInstanceByDom(el);
      const { kinds, scopes, windows } = REPORT.incidents;
      const longer = (a, b) => (a[3] - a[2] > b[3] - b[2] ? a : b);
      const [k, s, start, end] = windows.reduce(${pick === 'longest' ? 'longer' : '(a, b) => (longer(a, b) === a ? b : a)'});
      const middle = (start + end) / 2;
      if (${pick === 'shortest'}) chart.dispatchAction({ type: 'dataZoom', startValue: middle - 300000, endValue: middle + 300000 });
      const [x, y] = chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [middle, 0]);
      const band = chart.getOption().series.find((series) => series.name === 'incident: ' + kinds[k]).markArea.data.find(([from, to]) => from.xAxis <= start && to.xAxis >= end);
      const pixels = band ? chart.convertToPixel({ xAxisIndex: 0 }, band[1].xAxis) - chart.convertToPixel({ xAxisIndex: 0 }, band[0].xAxis) : 0;
      const box = el.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y - 40, kind: kinds[k], scope: scopes[s], pixels };
    })()`);
    assert.ok(Math.round(target.pixels) >= 1, `${kind}: the ${pick} incident (${target.kind}) is drawn ${target.pixels} pixels wide`);
    await page.hover(target.x, target.y);
    await page.evaluate(frames);
    const shown = await page.evaluate<string>(`[...document.querySelectorAll('#${chartId} div')].map((d) => d.innerText).join(' | ')`);
    const row = shown.split('\n').find((line) => line.startsWith(`${target.kind} `));
    assert.ok(row?.includes(target.scope), `${kind}: hovering the ${pick} incident shows '${target.kind} · ${target.scope}', got '${shown}'`);
  }
  await page.hover(0, 0);
  await page.evaluate(`echarts.getInstanceByDom(document.getElementById(${JSON.stringify(chartId)})).dispatchAction({ type: 'dataZoom', start: 0, end: 100 })`);
}

async function screenshotSections(page: Page, kind: string): Promise<void> {
  const boxes = await page.evaluate<Array<{ id: string; x: number; y: number; width: number; height: number }>>(
    `[...document.querySelectorAll('section')].map((s) => { const r = s.getBoundingClientRect(); return { id: s.id, x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; })`,
  );
  assert.ok(boxes.length >= 3);
  const dir = keep ? join(keep, kind) : tempDir(`teleforge-shots-${kind}-`);
  mkdirSync(dir, { recursive: true });
  for (const box of boxes) {
    const png = await page.screenshot({ x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 4000) });
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 5_000, `${kind}: section ${box.id} screenshot is blank (${png.length} bytes)`);
    writeFileSync(join(dir, `${box.id}.png`), png);
  }
  if (keep && existsSync(join(dir, 'errors.png'))) copyFileSync(join(dir, 'errors.png'), join(keep, `report-${kind}.png`));
}
