/** The report's pure parts (time buckets, packed lines, histogram quantiles, the page's escaping) and its bad input. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packLine, round } from '../../src/report/charts.js';
import { histogramQuantile } from '../../src/report/histograms.js';
import { renderPage } from '../../src/report/html.js';
import { incidentsInProgress, packIncidents } from '../../src/report/incident-windows.js';
import { bucketWidthMs, widthLabel } from '../../src/report/time-buckets.js';
import { runCli, tempDir } from '../helpers.js';

const HOUR = 3_600_000;

test('buckets: the smallest round width giving at most the points asked', () => {
  assert.equal(bucketWidthMs(0, 30 * 24 * HOUR, 3000), 15 * 60_000);
  assert.equal(bucketWidthMs(0, 2 * 24 * HOUR, 3000), 60_000);
  assert.equal(bucketWidthMs(0, 365 * 24 * HOUR, 3000), 3 * HOUR);
  assert.equal(widthLabel(15 * 60_000), '15 min');
  assert.equal(widthLabel(3 * HOUR), '3 h');
});

test('packed lines keep every point at its bucket, with null for missing buckets', () => {
  const line = packLine([[1000, 1.23456], [4000, 2], [5000, 3]], 1000);
  assert.deepEqual(line, { start: 1000, step: 1000, values: [1.235, null, null, 2, 3] });
  assert.deepEqual(packLine([], 1000).values, []);
  assert.equal(round(123456789), 123500000);
  assert.equal(round(Number.NaN), 0);
});

test('histogram quantiles interpolate inside the bucket, as histogram_quantile does', () => {
  // 100 requests: 50 ≤ 0.1 s, 90 ≤ 0.5 s, 99 ≤ 1 s, all ≤ +Inf.
  const buckets: Array<[number, number]> = [[0.1, 50], [0.5, 90], [1, 99], [Infinity, 100]];
  assert.equal(histogramQuantile(0.5, buckets), 0.1);
  assert.ok(Math.abs(histogramQuantile(0.7, buckets)! - 0.3) < 1e-12);
  assert.ok(Math.abs(histogramQuantile(0.95, buckets)! - (0.5 + (0.5 * 5) / 9)) < 1e-12);
  // In the +Inf bucket: the highest finite bound.
  assert.equal(histogramQuantile(0.999, buckets), 1);
  assert.equal(histogramQuantile(0.99, [[0.1, 0], [Infinity, 0]]), undefined);
});

test('incidents travel once, packed by kind and scope; a dataset without signals gets them in progress per bucket', () => {
  const incidents = [
    { kind: 'scrape_gap', scope: 'pod=b', startMs: 5 * HOUR, endMs: 5 * HOUR },
    { kind: 'error_spike', scope: 'deployment=a', startMs: HOUR + 1, endMs: 3 * HOUR },
    { kind: 'scrape_gap', scope: 'pod=a', startMs: 2 * HOUR, endMs: 2 * HOUR + 60_000 },
  ];
  assert.deepEqual(packIncidents(incidents), {
    kinds: ['error_spike', 'scrape_gap'],
    scopes: ['deployment=a', 'pod=a', 'pod=b'],
    windows: [[0, 0, HOUR + 1, 3 * HOUR], [1, 1, 2 * HOUR, 2 * HOUR + 60_000], [1, 2, 5 * HOUR, 5 * HOUR]],
  });
  // Buckets of 1 h from 0 to 6 h: the spike covers 1–3 h (3 h itself starts the fourth bucket).
  assert.deepEqual(incidentsInProgress(incidents, 0, 6 * HOUR, HOUR).map(([, n]) => n), [0, 1, 2, 1, 0, 1]);
});

test('the page escapes text and keeps </script> out of its scripts', () => {
  const html = renderPage({
    title: 'a <b> & "c"',
    chartLibrary: 'var lib = "</script>";',
    incidents: [{ kind: '</script>', scope: '<!--', startMs: 0, endMs: 1 }],
    sections: [{ id: 's', title: 'S', facts: [['k', '<v>']], charts: [{ id: 'c', title: 't', option: { series: [{ name: '</script><script>alert(1)</script>' }] } }] }],
  });
  assert.ok(html.includes('<title>a &#60;b&#62; &#38; &#34;c&#34;</title>'));
  assert.ok(html.includes('&#60;v&#62;'));
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the two script elements close');
  assert.ok(!/src=|href="http/.test(html), 'nothing loaded from elsewhere');
});

test('teleforge report on a directory that is no dataset: one line, exit 2, nothing written', async () => {
  const dir = tempDir('teleforge-report-bad-');
  const out = join(dir, 'r.html');
  const result = runCli(['report', dir, '--out', out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^teleforge: dataset: .* has no summary\.json .*\n$/);
  assert.equal(existsSync(out), false);
});
