/** Each k8s invariant, run alone on a copy of the fixture damaged in exactly the way it is about. */
import { openDataset } from '../../../src/dataset/open.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSession, type JsonRow, type QuerySession } from '../../../src/query/session.js';
import { k8sInvariants } from '../../../src/sim/k8s/invariants.js';
import { openFixture, copyDataset, rewriteParquet, samplesFiles } from '../../query/fixture.js';

let dir: string;
let session: QuerySession;

before(async () => ({ dir, session } = await openFixture()));
after(() => session?.close());

const first = async (sql: string): Promise<JsonRow> => (await session.rows(sql))[0]!;

/** Invariant name → a change to the samples (or incidents) of a copy that breaks exactly that promise. */
async function invariantFailures(name: string, tamper: (copy: string) => Promise<void>): Promise<{ failures: number; figure: string }> {
  const copy = copyDataset(dir);
  await tamper(copy);
  const tampered = await openSession(openDataset(copy));
  try {
    const invariant = k8sInvariants.find((item) => item.name === name)!;
    const [row] = await tampered.rows(invariant.sql);
    return { failures: Number(row!.failures), figure: String(row!.figure) };
  } finally {
    tampered.close();
  }
}

const at = (row: JsonRow) => `series_id = ${row.series_id} AND ts = TIMESTAMPTZ '${row.ts}'`;
const change = (copy: string, where: string, column: string, expression: string) =>
  rewriteParquet(samplesFiles(copy), `SELECT * REPLACE (CASE WHEN ${where} THEN ${expression} ELSE ${column} END AS ${column}) FROM f`);
/** Adds a copy of the sample (series_id, ts = from) at another time. */
const addSampleAt = (copy: string, seriesId: unknown, from: unknown, toMs: number) =>
  rewriteParquet(
    samplesFiles(copy),
    `SELECT * FROM f UNION ALL SELECT series_id, metric, epoch_ms(${toMs}) AS ts, value, start_ts FROM f WHERE series_id = ${seriesId} AND ts = TIMESTAMPTZ '${from}'`,
  );
/** Epoch ms of a TIMESTAMPTZ as DuckDB prints it (`2026-03-02 10:15:00+00`). */
const ms = (timestamp: unknown) => Date.parse(String(timestamp).replace(' ', 'T').replace(/\+00$/, 'Z'));
const nextScrape = (timestamp: unknown) => Math.ceil(ms(timestamp) / 15_000) * 15_000;

describe('each k8s invariant catches the damage it is about', () => {
  it('a counter that drops without a reset', async () => {
    const row = await first("SELECT series_id, ts FROM metrics WHERE metric = 'node_cpu_seconds_total' ORDER BY series_id, ts LIMIT 1 OFFSET 100");
    const result = await invariantFailures('k8s: counters monotonic except at resets', (copy) => change(copy, at(row), 'value', 'value - 1000'));
    assert.equal(result.failures, 1, result.figure);
  });

  it('a start_ts change without a pod_restart incident', async () => {
    const row = await first("SELECT series_id, ts FROM metrics WHERE metric = 'container_cpu_usage_seconds_total' ORDER BY series_id, ts LIMIT 1 OFFSET 50");
    const result = await invariantFailures('k8s: every reset is a recorded restart or a pod start', (copy) =>
      change(copy, at(row), 'start_ts', "start_ts + INTERVAL '1 second'"),
    );
    assert.ok(result.failures >= 1, result.figure);
  });

  it('a +Inf bucket that differs from _count', async () => {
    const row = await first("SELECT series_id, ts FROM metrics WHERE metric = 'http_request_duration_seconds_bucket' AND labels['le'] = '+Inf' ORDER BY series_id, ts LIMIT 1 OFFSET 10");
    const result = await invariantFailures('k8s: histogram buckets cumulative, +Inf = _count', (copy) => change(copy, at(row), 'value', 'value + 1'));
    assert.equal(result.failures, 1, result.figure);
  });

  it('a bucket above the next one', async () => {
    const row = await first("SELECT series_id, ts FROM metrics WHERE metric = 'http_request_duration_seconds_bucket' AND labels['le'] = '0.1' AND value > 0 ORDER BY series_id, ts LIMIT 1");
    const result = await invariantFailures('k8s: histogram buckets cumulative, +Inf = _count', (copy) => change(copy, at(row), 'value', 'value + 1e9'));
    assert.match(result.figure, /^1 bucket sets not cumulative/);
  });

  it('MemAvailable above MemTotal', async () => {
    const row = await first("SELECT series_id, ts FROM metrics WHERE metric = 'node_memory_MemAvailable_bytes' ORDER BY series_id, ts LIMIT 1 OFFSET 7");
    const result = await invariantFailures('k8s: node MemAvailable <= MemTotal', (copy) => change(copy, at(row), 'value', '1e15'));
    assert.equal(result.failures, 1, result.figure);
  });

  it('node CPU counters whose modes no longer add up to wall time (one CPU\'s idle time doubled)', async () => {
    const [cpu] = await session.rows("SELECT series_id FROM series WHERE metric = 'node_cpu_seconds_total' AND labels['mode'] = 'idle' ORDER BY series_id LIMIT 1");
    const result = await invariantFailures('k8s: node CPU modes add up to wall time per CPU', (copy) => change(copy, `series_id = ${cpu!.series_id}`, 'value', 'value * 2'));
    assert.ok(result.failures >= 1, result.figure);
    assert.match(result.figure, /^[1-9]\d* of \d+ CPU-days/);
  });

  it('a pod sample after its series ended', async () => {
    const row = await first("SELECT series_id, last_ts AS ts FROM series WHERE pod IS NOT NULL AND last_ts < (SELECT max(ts) FROM samples) - INTERVAL 2 HOUR ORDER BY series_id LIMIT 1");
    const result = await invariantFailures('k8s: pod series only while the pod lives', (copy) => change(copy, at(row), 'ts', "ts + INTERVAL '1 hour'"));
    assert.ok(result.failures >= 1, result.figure);
  });

  it('error spikes that the 500 counters do not show', async () => {
    const result = await invariantFailures('k8s: error spikes visible in 500 share', (copy) =>
      rewriteParquet(
        samplesFiles(copy),
        "SELECT * REPLACE (CASE WHEN series_id IN (SELECT series_id FROM read_parquet('" +
          `${copy}/metrics/series/*.parquet') WHERE labels['status'] = '500') THEN 0 ELSE value END AS value) FROM f`,
      ),
    );
    const [spikes] = await session.rows("SELECT count(*) AS n FROM incidents WHERE kind = 'error_spike'");
    assert.ok(Number(spikes!.n) > 0);
    assert.equal(result.failures, Number(spikes!.n), result.figure);
  });

  it('a sample inside a scrape gap of its target', async () => {
    const row = await first(`
      WITH gaps AS (SELECT scope, start FROM incidents WHERE kind = 'scrape_gap'),
        targets AS (SELECT series_id, CASE WHEN pod IS NOT NULL THEN 'pod=' || pod WHEN job = 'node-exporter' THEN 'node=' || instance END AS scope FROM series)
      SELECT t.series_id, g.start, max(s.ts) AS ts FROM gaps g JOIN targets t USING (scope) JOIN samples s ON s.series_id = t.series_id AND s.ts < g.start
      GROUP BY ALL ORDER BY g.start, t.series_id LIMIT 1`);
    const result = await invariantFailures('k8s: no samples inside scrape gaps', (copy) => addSampleAt(copy, row.series_id, row.ts, nextScrape(row.start)));
    assert.equal(result.failures, 1, result.figure);
  });

  it('a sample inside a scraper outage', async () => {
    const row = await first(`
      SELECT s.series_id, o.start, max(s.ts) AS ts FROM (SELECT start FROM incidents WHERE kind = 'scrape_outage' ORDER BY start LIMIT 1) o
      JOIN samples s ON s.ts < o.start AND s.series_id = (SELECT min(series_id) FROM series WHERE job = 'node-exporter') GROUP BY ALL`);
    const result = await invariantFailures('k8s: no samples inside scraper outages', (copy) => addSampleAt(copy, row.series_id, row.ts, nextScrape(row.start)));
    assert.equal(result.failures, 1, result.figure);
  });
});
