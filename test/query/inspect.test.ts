/** `teleforge inspect`: every figure of the report measured against the dataset itself. */
import { openDataset } from '../../src/dataset/open.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InspectReport } from '../../src/query/inspect.js';
import { openSession, type QuerySession } from '../../src/query/session.js';
import { sparkline } from '../../src/query/sparkline.js';
import type { Summary } from '../../src/dataset/summary.js';
import { runCli } from '../helpers.js';
import { compileFixture } from './fixture.js';

let dir: string;
let summary: Summary;
let report: InspectReport;
let text: string;
let session: QuerySession;

before(async () => {
  dir = compileFixture();
  summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  const json = runCli(['inspect', dir, '--json']);
  assert.equal(json.code, 0, json.stderr);
  report = JSON.parse(json.stdout) as InspectReport;
  text = runCli(['inspect', dir]).stdout;
  session = await openSession(openDataset(dir));
});
after(() => session?.close());

describe('inspect', () => {
  it('rows and bytes per table as recorded, time range of each table as found', async () => {
    assert.deepEqual(report.time_range, summary.time_range);
    for (const table of report.tables) {
      assert.equal(table.rows, summary.tables[table.name]!.rows, table.name);
      assert.equal(table.bytes, summary.tables[table.name]!.bytes, table.name);
    }
    const samples = report.tables.find((table) => table.name === 'samples')!;
    const [range] = await session.rows('SELECT min(ts) AS first, max(ts) AS last FROM samples');
    assert.deepEqual([samples.first, samples.last], [range!.first, range!.last]);
  });

  it('rows and bytes per day, with a sparkline of the daily volume', () => {
    const samples = report.tables.find((table) => table.name === 'samples')!;
    assert.deepEqual(Object.fromEntries(samples.days.map((day) => [day.date, day.rows])), summary.tables.samples!.rows_per_day);
    assert.equal(samples.days.reduce((sum, day) => sum + day.bytes!, 0), summary.tables.samples!.bytes);
    // The fixture's second day is 6 h of 24: a much lower block.
    assert.equal(samples.sparkline, sparkline(samples.days.map((day) => day.rows)));
    assert.equal(samples.sparkline!.length, 2);
    assert.equal(samples.sparkline![0], '█');
    assert.ok('▁▂▃'.includes(samples.sparkline![1]!), samples.sparkline);
    assert.match(text, /^ {2}samples +█[▁▂▃]$/m);
  });

  it('series count, label cardinalities and top series by samples', async () => {
    const [counts] = await session.rows('SELECT count(*) AS n, count(DISTINCT metric) AS metrics, count(DISTINCT pod) AS pods FROM series');
    assert.equal(report.series!.count, Number(counts!.n));
    assert.equal(report.series!.metrics, Number(counts!.metrics));
    assert.equal(report.series!.labels.find((label) => label.label === 'pod')!.values, Number(counts!.pods));
    const top = await session.rows('SELECT series_id, count(*) AS n FROM samples GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10');
    assert.deepEqual(
      report.top_series!.map((series) => [series.series_id, series.samples]),
      top.map((row) => [String(row.series_id), Number(row.n)]),
    );
    assert.match(text, /top series by samples:\n\s+\d+ {2}\w+\{\w+=/);
  });

  it('incidents by kind', () => {
    assert.deepEqual(Object.fromEntries(report.incidents!.map((entry) => [entry.kind, entry.count])), summary.incidents.by_kind);
    assert.match(text, /^incidents: scrape_gap \d+/m);
  });

  it('sparkline scales to the largest value', () => {
    assert.equal(sparkline([0, 1, 2, 4, 8]), '▁▂▃▅█');
    assert.equal(sparkline([0, 0]), '  ');
  });
});
