/**
 * Every pattern the datacenter scenario promises, measured with DuckDB in a compile of the default
 * scenario (same entities, share and interval; two days instead of thirty) and checked against
 * the ground truth in labels/incidents.parquet.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDataset } from '../../../src/dataset/open.js';
import { inspectDataset } from '../../../src/query/inspect.js';
import { openSession, type JsonRow, type QuerySession } from '../../../src/query/session.js';
import { validateDataset } from '../../../src/query/validate.js';
import { compileDataset, runCli, tempDir } from '../../helpers.js';

const DAYS = 2;
const TICKS = DAYS * 86_400;
let dir: string;
let session: QuerySession;

const num = (row: JsonRow | undefined, key: string): number => Number(row?.[key]);
const show = (row: JsonRow): string => JSON.stringify(row);
const one = async (sql: string): Promise<JsonRow> => (await session.rows(sql))[0]!;

/** Each incident of `kind` with one server metric's mean inside its cause and in the 10 minutes before. */
const serverEffect = (kind: string, metric: string) => `
  WITH i AS (SELECT incident_id, entity, start, json_extract_string(details, '$.cause_end')::TIMESTAMP AS cause_end FROM incidents WHERE kind = '${kind}')
  SELECT i.incident_id, avg(sa.value) FILTER (WHERE sa.ts >= i.start + INTERVAL 2 MINUTE AND sa.ts < i.cause_end) AS inside,
    avg(sa.value) FILTER (WHERE sa.ts >= i.start - INTERVAL 10 MINUTE AND sa.ts < i.start) AS before,
    max(sa.value) FILTER (WHERE sa.ts >= i.start + INTERVAL 2 MINUTE AND sa.ts < i.cause_end) AS peak
  FROM i JOIN series se ON se.server = i.entity AND se.metric = '${metric}'
  JOIN samples sa ON sa.series_id = se.series_id AND sa.ts >= i.start - INTERVAL 10 MINUTE AND sa.ts < i.cause_end
  GROUP BY 1 HAVING count(*) FILTER (WHERE sa.ts >= i.start + INTERVAL 2 MINUTE AND sa.ts < i.cause_end) > 0`;

/**
 * The same for a service metric over the services an incident reaches, per series: medians, and
 * the two hours before as the baseline (another entity's anomaly just before would move a mean).
 */
const serviceEffect = (kind: string, metric: string, quantile = '') => `
  WITH i AS (
    SELECT incident_id, start, json_extract_string(details, '$.cause_end')::TIMESTAMP AS cause_end, "end",
      unnest(string_split(affected_entities, ',')) AS service FROM incidents WHERE kind = '${kind}')
  SELECT i.incident_id, i.service, se.path, median(sa.value) FILTER (WHERE sa.ts >= i.start AND sa.ts < i.cause_end) AS inside,
    median(sa.value) FILTER (WHERE sa.ts >= i.cause_end AND sa.ts < i."end") AS aftermath,
    median(sa.value) FILTER (WHERE sa.ts >= i.start - INTERVAL 2 HOUR AND sa.ts < i.start) AS before
  FROM i JOIN series se ON se.service = i.service AND se.metric = '${metric}' ${quantile ? `AND se.quantile = '${quantile}'` : ''}
  JOIN samples sa ON sa.series_id = se.series_id AND sa.ts >= i.start - INTERVAL 2 HOUR AND sa.ts < i."end"
  GROUP BY 1, 2, 3`;

before(async () => {
  dir = join(tempDir(), 'datacenter');
  compileDataset('datacenter', dir, ['--duration', `${DAYS}d`, '--workers', '2']);
  session = await openSession(openDataset(dir));
});

after(() => session?.close());

describe('datacenter dataset', () => {
  it('has the seed\'s metrics under Prometheus names, one series per server and per endpoint, at 1 s', async () => {
    const metrics = await session.rows(`SELECT metric::VARCHAR AS metric, any_value(unit) AS unit, count(*) AS n FROM series GROUP BY 1 ORDER BY 1`);
    const byName = Object.fromEntries(metrics.map((row) => [String(row.metric), row]));
    assert.equal(metrics.length, 13, metrics.map(show).join('\n'));
    assert.equal(num(byName.datacenter_server_cpu_temperature_celsius, 'n'), 10);
    assert.equal(byName.datacenter_server_power_watts?.unit, 'watts');
    assert.equal(num(byName.datacenter_service_response_time_seconds, 'n'), 3 * 15, 'p50, p95, p99 per endpoint');
    const labels = await one(`SELECT count(DISTINCT path) AS paths, count(DISTINCT service) AS services, count(DISTINCT zone) AS zones,
      count(*) FILTER (WHERE service IS NOT NULL AND path IS NULL) AS no_path FROM series`);
    assert.deepEqual([num(labels, 'paths'), num(labels, 'services'), num(labels, 'zones'), num(labels, 'no_path')], [15, 5, 3, 0]);
    const steps = await one(`SELECT count(*) AS n, count(DISTINCT step) AS steps, min(step) AS step FROM (
      SELECT epoch_ms(ts) - lag(epoch_ms(ts)) OVER (PARTITION BY series_id ORDER BY ts) AS step FROM samples WHERE date = '2026-01-05') WHERE step IS NOT NULL`);
    assert.deepEqual([num(steps, 'steps'), num(steps, 'step')], [1, 1000], show(steps));
    assert.equal(num(await one('SELECT count(*) AS n FROM samples'), 'n'), 185 * TICKS);
  });

  it('every entity spends the anomaly share of its time under an anomaly (2 %, up to the shortest anomaly)', async () => {
    const rows = await session.rows(`
      SELECT e.entity, coalesce(sum(epoch_ms(i."end") - epoch_ms(i.start)), 0) / ${DAYS * 86_400_000} AS share
      FROM (SELECT DISTINCT entity FROM entities) e LEFT JOIN incidents i USING (entity) GROUP BY 1`);
    assert.equal(rows.length, 15);
    // The budget is spent to within the shortest enabled duration (2 min of two days).
    for (const row of rows) assert.ok(num(row, 'share') > 0.02 - 120_000 / (DAYS * 86_400_000) && num(row, 'share') <= 0.02 + 1e-9, show(row));
    const kinds = await session.rows(`SELECT DISTINCT kind::VARCHAR AS kind FROM incidents ORDER BY 1`);
    assert.equal(kinds.length, 8, kinds.map(show).join(', '));
  });

  it('load follows the day: CPU and request rates peak in the afternoon', async () => {
    const row = await one(`
      SELECT avg(value) FILTER (WHERE metric = 'datacenter_server_cpu_usage_percent' AND hour(ts) BETWEEN 13 AND 15)
           / avg(value) FILTER (WHERE metric = 'datacenter_server_cpu_usage_percent' AND hour(ts) BETWEEN 1 AND 3) AS cpu,
             avg(value) FILTER (WHERE metric = 'datacenter_service_requests_per_second' AND hour(ts) BETWEEN 13 AND 15)
           / avg(value) FILTER (WHERE metric = 'datacenter_service_requests_per_second' AND hour(ts) BETWEEN 1 AND 3) AS rps
      FROM samples WHERE metric IN ('datacenter_server_cpu_usage_percent', 'datacenter_service_requests_per_second')`);
    assert.ok(num(row, 'cpu') > 1.5 && num(row, 'rps') > 2, show(row));
  });

  it('cpu_spike: CPU high, temperature following it with the thermal lag (r > 0.8), power up', async () => {
    const cpu = await session.rows(serverEffect('cpu_spike', 'datacenter_server_cpu_usage_percent'));
    const power = await session.rows(serverEffect('cpu_spike', 'datacenter_server_power_watts'));
    assert.ok(cpu.length >= 2, `cpu spikes: ${cpu.length}`);
    for (const row of cpu) assert.ok(num(row, 'inside') > 85 && num(row, 'inside') > num(row, 'before') + 30, show(row));
    for (const row of power) assert.ok(num(row, 'inside') > num(row, 'before') + 100, show(row));
    const lag = await session.rows(`
      WITH v AS (SELECT se.server, se.metric::VARCHAR AS metric, sa.ts, sa.value FROM samples sa JOIN series se USING (series_id)
                 WHERE se.metric IN ('datacenter_server_cpu_usage_percent', 'datacenter_server_cpu_temperature_celsius')),
      i AS (SELECT incident_id, entity, start, "end" FROM incidents WHERE kind = 'cpu_spike')
      SELECT i.incident_id, corr(t.value, c.value) AS lagged, corr(t.value, c0.value) AS same_tick
      FROM i JOIN v t ON t.server = i.entity AND t.metric LIKE '%temperature%' AND t.ts >= i.start AND t.ts < i."end"
      JOIN v c ON c.server = i.entity AND c.metric LIKE '%cpu_usage%' AND c.ts = t.ts - INTERVAL 30 SECOND
      JOIN v c0 ON c0.server = i.entity AND c0.metric LIKE '%cpu_usage%' AND c0.ts = t.ts
      GROUP BY 1`);
    for (const row of lag) {
      assert.ok(num(row, 'lagged') > 0.8, show(row));
      assert.ok(num(row, 'lagged') > num(row, 'same_tick'), `temperature lags CPU: ${show(row)}`);
    }
  });

  it('memory_leak: memory rises strictly until the restart, then drops; the services on the server fail briefly', async () => {
    const leaks = await session.rows(`
      WITH i AS (SELECT incident_id, entity, start, json_extract_string(details, '$.cause_end')::TIMESTAMP AS restart FROM incidents WHERE kind = 'memory_leak'),
      m AS (SELECT i.incident_id, sa.ts, sa.value, sa.ts < i.restart AS leaking, sa.value - lag(sa.value) OVER (PARTITION BY i.incident_id ORDER BY sa.ts) AS step
            FROM i JOIN series se ON se.server = i.entity AND se.metric = 'datacenter_server_memory_usage_percent'
            JOIN samples sa ON sa.series_id = se.series_id AND sa.ts >= i.start AND sa.ts < i.restart + INTERVAL 10 SECOND)
      SELECT incident_id, count(*) FILTER (WHERE leaking AND step <= 0) AS flat, count(*) FILTER (WHERE leaking) AS ticks,
        max(value) FILTER (WHERE leaking) AS peak, min(value) FILTER (WHERE NOT leaking) AS after
      FROM m GROUP BY 1`);
    assert.ok(leaks.length >= 1, 'at least one leak');
    for (const row of leaks) {
      assert.equal(num(row, 'flat'), 0, show(row));
      assert.ok(num(row, 'ticks') >= 1200 && num(row, 'peak') > 90 && num(row, 'after') < num(row, 'peak') - 20, show(row));
    }
    const errors = (await session.rows(serviceEffect('memory_leak', 'datacenter_service_error_rate_percent'))).filter((row) => row.before !== null);
    assert.ok(errors.length >= 1, 'leaks reach the services on the server');
    for (const row of errors) assert.ok(num(row, 'aftermath') > 5 * num(row, 'before') && num(row, 'inside') < 3 * num(row, 'before'), show(row));
  });

  it('temperature_high: temperature up by its extra degrees, fans and power up; power_surge: power up, CPU not', async () => {
    const heat = await session.rows(serverEffect('temperature_high', 'datacenter_server_cpu_temperature_celsius'));
    const heatPower = await session.rows(serverEffect('temperature_high', 'datacenter_server_power_watts'));
    assert.ok(heat.length >= 1);
    for (const row of heat) assert.ok(num(row, 'peak') > num(row, 'before') + 15, show(row));
    for (const row of heatPower) assert.ok(num(row, 'inside') > num(row, 'before') + 20, `fans: ${show(row)}`);
    const surge = await session.rows(serverEffect('power_surge', 'datacenter_server_power_watts'));
    const surgeCpu = await session.rows(serverEffect('power_surge', 'datacenter_server_cpu_usage_percent'));
    assert.ok(surge.length >= 1);
    for (const row of surge) assert.ok(num(row, 'inside') > num(row, 'before') + 100, show(row));
    for (const row of surgeCpu) assert.ok(Math.abs(num(row, 'inside') - num(row, 'before')) < 10, show(row));
  });

  it('network_saturation and disk_io_bottleneck: pinned at the link or device limit; the services on the server slow down', async () => {
    for (const [kind, metrics, limit] of [
      ['network_saturation', ['network_receive', 'network_transmit'], 1250e6],
      ['disk_io_bottleneck', ['disk_read', 'disk_write'], 550e6],
    ] as const) {
      const rows = await session.rows(`
        WITH i AS (SELECT incident_id, entity, start, json_extract_string(details, '$.cause_end')::TIMESTAMP AS cause_end FROM incidents WHERE kind = '${kind}'),
        v AS (SELECT i.incident_id, sa.ts, se.metric::VARCHAR AS metric, sa.value FROM i JOIN series se ON se.server = i.entity
              JOIN samples sa ON sa.series_id = se.series_id AND sa.ts >= i.start AND sa.ts < i.cause_end
              WHERE se.metric IN ('datacenter_server_${metrics[0]}_bytes_per_second', 'datacenter_server_${metrics[1]}_bytes_per_second'))
        SELECT incident_id, min(total) AS low, max(total) AS high, min(single) AS single FROM (
          SELECT incident_id, ts, sum(value) AS total, min(value) AS single FROM v GROUP BY ALL) GROUP BY 1`);
      assert.ok(rows.length >= 1, kind);
      for (const row of rows) {
        if (kind === 'network_saturation') assert.ok(num(row, 'single') >= 0.99 * limit && num(row, 'high') <= 2 * limit, show(row));
        else assert.ok(num(row, 'low') >= 0.99 * limit && num(row, 'high') <= limit * (1 + 1e-9), show(row));
      }
      const slow = (await session.rows(serviceEffect(kind, 'datacenter_service_response_time_seconds', '0.99'))).filter((row) => row.before !== null && row.inside !== null);
      assert.ok(slow.length >= 1, `${kind} reaches services`);
      for (const row of slow) assert.ok(num(row, 'inside') > 2 * num(row, 'before'), `${kind}: ${show(row)}`);
    }
  });

  it('latency_spike: p99 ≫ p95 > p50 all rise; error_burst: the error rate jumps', async () => {
    const rise = async (quantile: string) =>
      new Map((await session.rows(serviceEffect('latency_spike', 'datacenter_service_response_time_seconds', quantile))).map((row) => [`${String(row.incident_id)} ${String(row.service)}${String(row.path)}`, num(row, 'inside') / num(row, 'before')]));
    const [p50, p95, p99] = [await rise('0.5'), await rise('0.95'), await rise('0.99')];
    assert.ok(p50.size >= 2);
    for (const [key, r50] of p50) {
      if (!Number.isFinite(r50)) continue;
      assert.ok(r50 > 1.3 && p95.get(key)! > r50 && p99.get(key)! > p95.get(key)!, `${key}: p50 ×${r50}, p95 ×${p95.get(key)}, p99 ×${p99.get(key)}`);
    }
    const bursts = (await session.rows(serviceEffect('error_burst', 'datacenter_service_error_rate_percent'))).filter((row) => row.before !== null);
    assert.ok(bursts.length >= 2);
    for (const row of bursts) assert.ok(num(row, 'inside') > 10 && num(row, 'inside') > 10 * num(row, 'before'), show(row));
  });

  it('validate passes every invariant, the detector check included', async () => {
    const result = await validateDataset(dir);
    const failed = result.checks.filter((check) => !check.passed);
    assert.deepEqual(failed, []);
    assert.ok(result.checks.filter((check) => check.name.startsWith('datacenter:')).length >= 7);
  });

  it('the training view: one row per entity and tick, every metric a column, the active anomaly', async () => {
    const row = await one(`
      SELECT count(*) AS n, count(DISTINCT (entity, path)) AS entities,
        count(*) FILTER (WHERE entity_type = 'server' AND cpu_usage_percent IS NOT NULL AND power_watts IS NOT NULL AND requests_per_second IS NULL) AS servers,
        count(*) FILTER (WHERE entity_type = 'service' AND response_time_p99_seconds >= response_time_p50_seconds AND cpu_usage_percent IS NULL) AS services,
        count(*) FILTER (WHERE anomaly <> 'none' AND entity_type = 'server') AS server_anomalous,
        count(*) FILTER (WHERE anomaly = 'none' AND incident_id IS NULL) AS normal
      FROM training WHERE date = '2026-01-05'`);
    assert.equal(num(row, 'n'), 25 * 86_400);
    assert.equal(num(row, 'entities'), 25);
    assert.equal(num(row, 'servers'), 10 * 86_400);
    assert.equal(num(row, 'services'), 15 * 86_400);
    // Server rows under a label are the server incidents' ticks (servers are not reached by other entities).
    const labelled = await one(`
      SELECT sum(epoch_ms(least("end", TIMESTAMP '2026-01-06')) - epoch_ms(greatest(start, TIMESTAMP '2026-01-05'))) / 1000 AS ticks
      FROM incidents WHERE scope LIKE 'server=%' AND start < TIMESTAMP '2026-01-06'`);
    assert.equal(num(row, 'server_anomalous'), num(labelled, 'ticks'));
    assert.ok(num(row, 'normal') > 0.9 * num(row, 'n'));
  });

  it('the training view exports with `teleforge query --format parquet`, and is listed as derived', async () => {
    const file = join(tempDir(), 'hour.parquet');
    const result = runCli(['query', dir, "SELECT * FROM training WHERE date = '2026-01-05' AND hour(ts) = 3 ORDER BY entity, path, ts", '--format', 'parquet', '--out', file]);
    assert.equal(result.code, 0, result.stderr);
    const row = await one(`SELECT count(*) AS n, count(DISTINCT anomaly) AS labels, count(*) FILTER (WHERE power_watts IS NOT NULL) AS servers FROM read_parquet('${file}')`);
    assert.deepEqual([num(row, 'n'), num(row, 'servers')], [25 * 3600, 10 * 3600]);
    assert.match(runCli(['query', dir]).stdout, /^training +derived +date DATE, ts TIMESTAMP[^,]*, entity_type VARCHAR, entity VARCHAR, path VARCHAR/m);
  });

  it('a plain z-score detector finds the labelled anomalies, and not labels moved off the data', async () => {
    const { DETECTOR_TOTAL_SQL, DETECTOR_BY_KIND_SQL } = await import('../../../src/sim/datacenter/detector.js');
    const total = await one(DETECTOR_TOTAL_SQL);
    assert.ok(num(total, 'recall') >= 0.9 && num(total, 'outside_share') <= 0.1, show(total));
    const byKind = await session.rows(DETECTOR_BY_KIND_SQL);
    assert.equal(byKind.length, 8);
    // The same detector against the same labels two hours later finds little and alarms outside them.
    await session.connection.run(`CREATE OR REPLACE TEMP VIEW incidents AS SELECT * REPLACE (start + INTERVAL 2 HOUR AS start, "end" + INTERVAL 2 HOUR AS "end") FROM read_parquet('${dir}/labels/incidents.parquet')`);
    const moved = await one(DETECTOR_TOTAL_SQL);
    await session.connection.run('DROP VIEW temp.incidents');
    assert.ok(num(moved, 'recall') < 0.3 && num(moved, 'outside_share') > 0.7, show(moved));
  });

  it('inspect shows the anomalies by kind', async () => {
    const report = await inspectDataset(dir);
    assert.deepEqual(report.incidents?.map((entry) => entry.kind).sort(), [
      'cpu_spike', 'disk_io_bottleneck', 'error_burst', 'latency_spike', 'memory_leak', 'network_saturation', 'power_surge', 'temperature_high',
    ]);
  });
});
