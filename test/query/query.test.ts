/** `teleforge query`: views from the declarations, the metrics join, partition pruning, formats, bad input. */
import { openDataset } from '../../src/dataset/open.js';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Summary } from '../../src/dataset/summary.js';
import { openSession, type QuerySession } from '../../src/query/session.js';
import { runCli, tempDir } from '../helpers.js';
import { compileFixture, copyDataset, rewriteParquet, samplesFiles } from './fixture.js';

let dir: string;
let summary: Summary;
let session: QuerySession;

before(async () => {
  dir = compileFixture();
  summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  session = await openSession(openDataset(dir));
});
after(() => session?.close());

/** A command that must fail with one `teleforge: …` line on stderr, no stack, and this exit code. */
function expectError(args: string[], code: number, pattern: RegExp): string {
  const result = runCli(args);
  assert.equal(result.code, code, `exit code of ${args.join(' ')}: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${result.stderr}`);
  assert.match(lines[0]!, /^teleforge: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  return lines[0]!;
}

describe('query views', () => {
  it('lists one view per declared table plus metrics, with columns and the recorded row counts', () => {
    const result = runCli(['query', dir, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const views = JSON.parse(result.stdout) as Array<{ name: string; rows: number; columns: Array<{ name: string; type: string }> }>;
    assert.deepEqual(views.map((view) => view.name).sort(), ['incidents', 'metrics', 'samples', 'series']);
    for (const name of ['series', 'samples', 'incidents']) assert.equal(views.find((view) => view.name === name)!.rows, summary.tables[name]!.rows);
    const samples = views.find((view) => view.name === 'samples')!;
    assert.deepEqual(samples.columns.map((column) => column.name), ['series_id', 'metric', 'ts', 'value', 'start_ts', 'date']);
    const text = runCli(['query', dir]);
    assert.match(text.stdout, new RegExp(`^samples\\s+${summary.tables.samples!.rows} rows\\s+series_id UBIGINT`, 'm'));
  });

  it('metrics has one row per sample, labels as a MAP and the common labels as columns that agree with it', async () => {
    const columns = await session.rows('DESCRIBE metrics');
    const type = (name: string) => columns.find((column) => column.column_name === name)?.column_type;
    assert.equal(type('labels'), 'MAP(VARCHAR, VARCHAR)');
    for (const label of ['job', 'instance', 'zone', 'namespace', 'pod', 'service', 'env', 'version']) assert.equal(type(label), 'VARCHAR', label);
    for (const column of ['metric', 'ts', 'value', 'start_ts', 'date']) assert.ok(type(column), column);
    const [row] = await session.rows(
      `SELECT count(*) AS n, count(*) FILTER (WHERE labels['pod'] IS DISTINCT FROM pod OR labels['job'] IS DISTINCT FROM job) AS disagree FROM metrics`,
    );
    assert.equal(Number(row!.n), summary.tables.samples!.rows);
    assert.equal(Number(row!.disagree), 0);
  });

  it("WHERE date = '…' reads only that day's files", async () => {
    const days = Object.keys(summary.tables.samples!.rows_per_day!);
    assert.equal(days.length, 2);
    const files = summary.tables.samples!.files;
    const dayFiles = files.filter((file) => file.path.includes(`/date=${days[1]}/`)).length;
    assert.ok(dayFiles > 0 && dayFiles < files.length);
    const plan = await session.rows(`EXPLAIN ANALYZE SELECT count(*) FROM metrics WHERE date = '${days[1]}'`);
    const text = plan.map((row) => Object.values(row).join('\n')).join('\n');
    // The plan box may put the figure on the line below its label, after the next box's text.
    assert.match(text, new RegExp(`Scanning Files:[^\\n]*(\\n[^\\n]*?)?\\b${dayFiles}/${files.length}\\b`));
    const [count] = await session.rows(`SELECT count(*) AS n FROM samples WHERE date = '${days[1]}'`);
    assert.equal(Number(count!.n), summary.tables.samples!.rows_per_day![days[1]!]);
  });

  it('samples carry their series\' metric; metrics takes it once, also from files written before samples had it', async () => {
    const [mismatch] = await session.rows('SELECT count(*) AS n FROM samples sa JOIN series se USING (series_id) WHERE sa.metric <> se.metric::VARCHAR');
    assert.equal(Number(mismatch!.n), 0);
    const older = copyDataset(dir);
    await rewriteParquet(samplesFiles(older), 'SELECT * EXCLUDE (metric) FROM f');
    const olderSession = await openSession(openDataset(older));
    try {
      for (const current of [session, olderSession]) {
        const columns = (await current.rows('DESCRIBE metrics')).map((row) => String(row.column_name));
        assert.equal(columns.filter((column) => column === 'metric').length, 1, columns.join(', '));
        const [row] = await current.rows('SELECT count(*) AS n, count(metric) AS named FROM metrics');
        assert.equal(Number(row!.n), summary.tables.samples!.rows);
        assert.equal(Number(row!.named), summary.tables.samples!.rows);
      }
    } finally {
      olderSession.close();
    }
  });
});

describe('datasets of an older layout', () => {
  it('samples split by date only (summary.json without partition_columns) open with their own layout', async () => {
    const older = copyDataset(dir);
    for (const file of samplesFiles(older)) {
      // date=D/metric=M/part-K.parquet → date=D/part-K-M.parquet, as compiles wrote them before.
      const metricDir = dirname(file);
      renameSync(file, join(dirname(metricDir), `${basename(file, '.parquet')}-${basename(metricDir).slice('metric='.length)}.parquet`));
    }
    const summaryPath = join(older, 'summary.json');
    const written = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
    assert.deepEqual(written.tables.samples!.partition_columns, ['metric']);
    delete written.tables.samples!.partition_columns;
    for (const file of written.tables.samples!.files) {
      const [date, metric, name] = file.path.split('/').slice(-3);
      file.path = `${written.tables.samples!.path}/${date}/${basename(name!, '.parquet')}-${metric!.slice('metric='.length)}.parquet`;
    }
    writeFileSync(summaryPath, JSON.stringify(written));
    const olderSession = await openSession(openDataset(older));
    try {
      const [row] = await olderSession.rows('SELECT count(*) AS n, count(DISTINCT metric) AS metrics FROM samples');
      assert.equal(Number(row!.n), summary.tables.samples!.rows);
      assert.ok(Number(row!.metrics) > 1);
    } finally {
      olderSession.close();
    }
  });
});

describe('query output formats', () => {
  const sql = 'SELECT kind, count(*) AS n FROM incidents GROUP BY kind ORDER BY kind';
  const expected = () => Object.entries(summary.incidents.by_kind).sort(([a], [b]) => (a < b ? -1 : 1));

  it('table, csv and json print the same result', () => {
    const table = runCli(['query', dir, sql]);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0]!, /^kind\s+n$/);
    assert.deepEqual(lines.slice(2).map((line) => line.split(/\s+/)), expected().map(([kind, n]) => [kind, String(n)]));
    const csv = runCli(['query', dir, sql, '--format', 'csv']);
    assert.deepEqual(csv.stdout.trim().split('\n'), ['kind,n', ...expected().map(([kind, n]) => `${kind},${n}`)]);
    const json = runCli(['query', dir, `${sql};`, '--format', 'json']);
    assert.deepEqual(JSON.parse(json.stdout), expected().map(([kind, n]) => ({ kind, n })));
    const describe = runCli(['query', dir, 'DESCRIBE incidents', '--format', 'csv']);
    assert.match(describe.stdout, /^column_name,column_type,/);
    // UTC instants: isAdjustedToUTC=true in the file.
    assert.match(describe.stdout, /\nend,TIMESTAMP WITH TIME ZONE,/);
  });

  it('times are UTC instants, and answers do not depend on the machine\'s time zone', () => {
    const sql = "SELECT min(ts)::DATE AS day, strftime(min(ts), '%H:%M') AS hm, date_trunc('day', min(ts)) AS midnight, typeof(min(ts)) AS type FROM samples";
    const utc = runCli(['query', dir, sql, '--format', 'json'], { env: { TZ: 'UTC' } });
    const tokyo = runCli(['query', dir, sql, '--format', 'json'], { env: { TZ: 'Asia/Tokyo' } });
    assert.equal(tokyo.code, 0, tokyo.stderr);
    assert.deepEqual(JSON.parse(tokyo.stdout), JSON.parse(utc.stdout));
    const [row] = JSON.parse(utc.stdout) as Array<Record<string, string>>;
    assert.equal(row!.type, 'TIMESTAMP WITH TIME ZONE');
    // The fixture starts at 2026-03-02T00:00:00Z: UTC midnight, whatever the machine's zone.
    assert.deepEqual([row!.day, row!.hm, row!.midnight], ['2026-03-02', '00:00', '2026-03-02 00:00:00+00']);
  });

  it('--format parquet --out writes a Parquet file with the result', async () => {
    const out = join(tempDir(), 'pods.parquet');
    const result = runCli(['query', dir, "SELECT * FROM metrics WHERE pod IS NOT NULL AND date = (SELECT min(date) FROM samples)", '--format', 'parquet', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const [written] = await session.rows(`SELECT count(*) AS n, count(DISTINCT pod) AS pods FROM read_parquet('${out}')`);
    const [direct] = await session.rows('SELECT count(*) AS n, count(DISTINCT pod) AS pods FROM metrics WHERE pod IS NOT NULL AND date = (SELECT min(date) FROM samples)');
    assert.deepEqual(written, direct);
    assert.ok(Number(written!.n) > 0);
  });

  it('a table shows at most 1000 rows and says so', () => {
    const result = runCli(['query', dir, 'SELECT series_id, ts FROM samples LIMIT 1500']);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 2 + 1000 + 1);
    assert.match(lines.at(-1)!, /first 1000 rows/);
  });
});

describe('query bad input', () => {
  it('a SQL error is bad input: DuckDB\'s message, exit 2', () => {
    expectError(['query', dir, 'SELEC 1'], 2, /query: Parser Error: syntax error at or near "SELEC"/);
    expectError(['query', dir, 'SELECT nope FROM samples'], 2, /query: Binder Error: .*nope/);
    expectError(['query', dir, "SELECT 'x'::INTEGER"], 2, /query: Conversion Error/);
    expectError(['query', dir, 'SELECT 1; SELECT 2'], 2, /query: one SQL statement at a time \(got 2\)/);
    expectError(['query', dir, 'SELECT 1', '--format', 'csv', '--out', join(dir, 'no-such-dir', 'x.csv')], 2, /query: --out: directory .*no-such-dir does not exist$/);
    expectError(['query', dir, 'SELECT 1', '--out', join(dir, 'no-such-dir', 'x.txt')], 2, /query: --out: directory .*no-such-dir does not exist$/);
  });

  it('an unknown view lists the views there are', () => {
    expectError(['query', dir, 'SELECT * FROM logs'], 2, /unknown view 'logs' \(views: series, samples, incidents, metrics\)/);
  });

  it('not a dataset directory, no summary.json, a summary.json not written by teleforge', () => {
    expectError(['query', join(dir, 'nope')], 2, /dataset: .*nope does not exist/);
    expectError(['query', join(dir, 'summary.json')], 2, /is not a directory/);
    const empty = tempDir();
    expectError(['query', empty], 2, /has no summary\.json/);
    writeFileSync(join(empty, 'summary.json'), '{"tool":{"name":"other"},"tables":{}}');
    expectError(['validate', empty], 2, /summary\.json was not written by teleforge/);
    mkdirSync(join(empty, 'x'));
    writeFileSync(join(empty, 'x', 'summary.json'), 'not json');
    expectError(['inspect', join(empty, 'x')], 2, /summary\.json is not valid JSON/);
  });

  it('a truncated or missing data file: query, inspect and validate refuse to open the dataset, naming it', () => {
    const copy = copyDataset(dir);
    const [first, second] = samplesFiles(copy).map((file) => file.slice(copy.length + 1));
    truncateSync(join(copy, second!), 1000);
    for (const command of [['query', copy, 'SELECT sum(value) FROM samples'], ['inspect', copy], ['validate', copy]]) {
      const line = expectError(command, 2, /dataset: .* is incomplete: /);
      assert.ok(line.includes(`${second} has 1000 B, summary.json says`), line);
    }
    rmSync(join(copy, first!));
    const line = expectError(['query', copy, 'SELECT count(*) FROM samples'], 2, /is incomplete: /);
    assert.ok(line.includes(`${first} is missing`), line);
  });

  it('bad flags', () => {
    expectError(['query', dir, 'SELECT 1', '--format', 'xml'], 2, /--format: unknown format 'xml'/);
    expectError(['query', dir, 'SELECT 1', '--format', 'parquet'], 2, /--format parquet needs --out/);
  });
});

describe('datasets compiled before summary.json carried table declarations', () => {
  it('are read with each role\'s defaults (series keyed by series_id)', () => {
    const old = copyDataset(dir);
    const path = join(old, 'summary.json');
    const stripped = JSON.parse(readFileSync(path, 'utf8')) as Summary;
    for (const table of Object.values(stripped.tables)) delete (table as { declaration?: unknown }).declaration;
    writeFileSync(path, JSON.stringify(stripped, null, 2));
    const series = openDataset(old).tables.find((table) => table.role === 'series')!;
    assert.deepEqual(series.keyColumns, ['series_id']);
    const result = runCli(['validate', old]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
  });
});
