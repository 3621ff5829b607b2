/** `inspect` on long timelines: volumes by week or month, so a one-year dataset fits a screen. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { byPeriod, grainFor, periodOf } from '../../src/cli/periods.js';
import type { Summary } from '../../src/dataset/summary.js';
import { compileDataset, runCli, tempDir } from '../helpers.js';

describe('periods of an inspect report', () => {
  it('day up to a month, week (from Monday) up to 26 weeks, month beyond', () => {
    assert.equal(grainFor('2026-03-02', '2026-04-01'), 'day');
    assert.equal(grainFor('2026-03-02', '2026-04-02'), 'week');
    assert.equal(grainFor('2026-01-05', '2027-01-04'), 'month');
    assert.equal(periodOf('2026-03-08', 'week'), '2026-03-02');
    assert.equal(periodOf('2026-03-09', 'week'), '2026-03-09');
    assert.equal(periodOf('2026-01-01', 'week'), '2025-12-29');
    assert.equal(periodOf('2026-03-09', 'month'), '2026-03');
    const days = [
      { date: '2026-03-31', rows: 2, bytes: 10 },
      { date: '2026-04-01', rows: 3, bytes: 20 },
      { date: '2026-03-01', rows: 5, bytes: 1 },
    ];
    assert.deepEqual([...byPeriod(days, 'month')], [['2026-03', { rows: 7, bytes: 11 }], ['2026-04', { rows: 3, bytes: 20 }]]);
    assert.deepEqual([...byPeriod([{ date: '2026-03-01', rows: 5 }], 'month')], [['2026-03', { rows: 5 }]]);
  });
});

describe('inspect a one-year dataset', () => {
  it('prints a screenful: rows per month, one column per table, that add up to summary.json', () => {
    const dir = join(tempDir('teleforge-inspect-'), 'social');
    compileDataset('social-network', dir, ['--set', 'world.events=20000', '--quiet']);
    const result = runCli(['inspect', dir]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= 60, `${lines.length} lines`);
    const start = lines.indexOf('rows per month (UTC):');
    assert.ok(start > 0, result.stdout);
    assert.match(lines[start + 1]!, /^ {2}month +logs +spans +samples$/);
    const months = lines.slice(start + 2).filter((line) => /^ {2}\d{4}-\d{2} /.test(line));
    assert.equal(months.length, 13);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    const logs = months.reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[1]), 0);
    assert.equal(logs, summary.tables.logs!.rows);
    for (const table of ['logs', 'spans', 'samples']) assert.match(result.stdout, new RegExp(`^ {2}${table} +[▁▂▃▄▅▆▇█]{13}$`, 'm'));
  });
});
