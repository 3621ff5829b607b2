/**
 * Every pattern the k8s scenario promises, measured in a compiled dataset with DuckDB and checked
 * against the ground truth in labels/incidents.parquet.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadScenario } from '../../../src/plan/scenario.js';
import { createK8sPlan } from '../../../src/sim/k8s/plan.js';
import type { K8sWorld } from '../../../src/sim/k8s/world-schema.js';
import type { ResolvedScenario } from '../../../src/scenario/types.js';
import { FIXTURES, compileDataset, openDataset, tempDir, type Row } from '../../helpers.js';

const FIXTURE = join(FIXTURES, 'k8s-test.yaml');
let db: Awaited<ReturnType<typeof openDataset>>;
let dir: string;

const num = (row: Row | undefined, key: string): number => Number(row?.[key]);
const show = (row: Row): string => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
const one = async (sql: string): Promise<Row> => (await db.query(sql))[0]!;

before(async () => {
  dir = join(tempDir(), 'k8s');
  compileDataset(FIXTURE, dir, ['--workers', '2']);
  db = await openDataset(dir);
  // Per-sample increments of every cumulative series, with the reset marker.
  await db.query(`
    CREATE TEMP TABLE deltas AS
    SELECT x.series_id, s.metric, s.labels, s.pod, s.service, s.env, s.instance, x.ts,
           x.value - lag(x.value) OVER w AS delta,
           x.start_ts = lag(x.start_ts) OVER w AS same_start
    FROM samples x JOIN series s USING (series_id)
    WHERE s.type <> 'gauge'
    WINDOW w AS (PARTITION BY x.series_id ORDER BY x.ts)`);
});

after(() => db?.close());

describe('k8s dataset patterns', () => {
  it('counters never decrease except at a reset, which changes start_ts and matches a restart', async () => {
    const row = await one(`SELECT count(*) FILTER (WHERE delta < 0 AND same_start) AS bad,
                                  count(*) FILTER (WHERE NOT same_start) AS resets,
                                  count(*) FILTER (WHERE delta < 0) AS decreases FROM deltas`);
    assert.equal(num(row, 'bad'), 0);
    assert.ok(num(row, 'decreases') > 10, `resets should show as decreases, got ${num(row, 'decreases')}`);
    const unexplained = await one(`
      WITH changes AS (
        SELECT d.pod, x.start_ts FROM deltas d JOIN samples x USING (series_id, ts) WHERE NOT d.same_start)
      SELECT count(*) AS n FROM changes c
      WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.kind = 'pod_restart' AND i.scope = 'pod=' || c.pod AND i.start = c.start_ts)`);
    assert.equal(num(unexplained, 'n'), 0, 'every start_ts change is a recorded restart');
  });

  it('histogram buckets are cumulative and le="+Inf" equals _count', async () => {
    const buckets = await one(`
      WITH b AS (
        SELECT s.pod, s.labels['method'] AS method, s.labels['path'] AS path, x.ts, x.value,
               CASE s.labels['le'] WHEN '+Inf' THEN 'Infinity'::DOUBLE ELSE s.labels['le']::DOUBLE END AS le
        FROM samples x JOIN series s USING (series_id) WHERE s.metric = 'http_request_duration_seconds_bucket')
      SELECT count(*) AS n, count(*) FILTER (WHERE value < prev) AS bad
      FROM (SELECT *, lag(value) OVER (PARTITION BY pod, method, path, ts ORDER BY le) AS prev FROM b)`);
    assert.ok(num(buckets, 'n') > 100_000);
    assert.equal(num(buckets, 'bad'), 0);
    const infinity = await one(`
      WITH k AS (SELECT x.series_id, x.ts, x.value, s.metric, s.pod, s.labels['method'] AS method, s.labels['path'] AS path, s.labels['le'] AS le
                 FROM samples x JOIN series s USING (series_id) WHERE s.metric LIKE 'http_request_duration_seconds_%')
      SELECT count(*) AS n, count(*) FILTER (WHERE i.value <> c.value) AS bad
      FROM k i JOIN k c ON c.metric = 'http_request_duration_seconds_count' AND c.pod = i.pod AND c.method = i.method AND c.path = i.path AND c.ts = i.ts
      WHERE i.metric = 'http_request_duration_seconds_bucket' AND i.le = '+Inf'`);
    assert.ok(num(infinity, 'n') > 10_000);
    assert.equal(num(infinity, 'bad'), 0);
  });

  it('traffic follows the sun: afternoon requests are well above night requests', async () => {
    const row = await one(`
      SELECT sum(delta) FILTER (WHERE hour(ts) BETWEEN 13 AND 16) / sum(delta) FILTER (WHERE hour(ts) BETWEEN 1 AND 4) AS ratio
      FROM deltas WHERE metric = 'http_requests_total' AND env = 'prod' AND same_start`);
    assert.ok(num(row, 'ratio') > 2, `day/night ratio ${num(row, 'ratio')}`);
  });

  it('disk usage grows linearly on every node', async () => {
    const rows = await db.query(`
      SELECT s.instance, regr_r2(z.value - x.value, epoch(x.ts)) AS r2, regr_slope(z.value - x.value, epoch(x.ts)) AS slope
      FROM samples x JOIN series s USING (series_id)
      JOIN series sz ON sz.metric = 'node_filesystem_size_bytes' AND sz.instance = s.instance
      JOIN samples z ON z.series_id = sz.series_id AND z.ts = x.ts
      WHERE s.metric = 'node_filesystem_avail_bytes' GROUP BY s.instance`);
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.ok(num(row, 'r2') > 0.98, `${String(row.instance)} r² ${num(row, 'r2')}`);
      assert.ok(num(row, 'slope') > 0, `${String(row.instance)} grows`);
    }
  });

  it('error spikes raise the 500 share of the affected deployment ≥ 5× inside their windows', async () => {
    const rows = await db.query(`
      WITH spikes AS (
        SELECT incident_id, start, "end", split_part(split_part(scope, '=', 2), '/', 1) AS service, split_part(scope, '/', 2) AS env
        FROM incidents WHERE kind = 'error_spike'),
      r AS (SELECT d.*, d.labels['status'] = '500' AS is_error FROM deltas d WHERE metric = 'http_requests_total' AND same_start)
      SELECT k.incident_id,
             sum(r.delta) FILTER (WHERE r.ts > k.start AND r.ts <= k."end") AS inside_total,
             sum(r.delta) FILTER (WHERE r.is_error AND r.ts > k.start AND r.ts <= k."end") / sum(r.delta) FILTER (WHERE r.ts > k.start AND r.ts <= k."end") AS inside,
             sum(r.delta) FILTER (WHERE r.is_error AND (r.ts <= k.start - INTERVAL 1 HOUR OR r.ts > k."end" + INTERVAL 1 HOUR))
               / sum(r.delta) FILTER (WHERE r.ts <= k.start - INTERVAL 1 HOUR OR r.ts > k."end" + INTERVAL 1 HOUR) AS outside
      FROM spikes k JOIN r ON r.service = k.service AND r.env = k.env GROUP BY k.incident_id`);
    const measurable = rows.filter((row) => num(row, 'inside_total') >= 200);
    assert.ok(measurable.length >= 2, `error spikes with traffic: ${measurable.length}`);
    for (const row of measurable) assert.ok(num(row, 'inside') >= 5 * num(row, 'outside'), show(row));
  });

  it('CPU spikes multiply the CPU rate of their deployment or node', async () => {
    const rows = await db.query(`
      WITH spikes AS (
        SELECT incident_id, start, "end", scope FROM incidents WHERE kind = 'cpu_spike'),
      -- cAdvisor series carry no service label: find each pod's deployment from its app series.
      deployments AS (SELECT DISTINCT pod, 'deployment=' || service || '/' || env AS deployment FROM series WHERE service IS NOT NULL),
      cpu AS (
        SELECT d.ts, d.delta, p.deployment, 'node=' || d.instance AS node, d.metric
        FROM deltas d LEFT JOIN deployments p USING (pod)
        WHERE same_start AND (metric = 'container_cpu_usage_seconds_total' OR (metric = 'node_cpu_seconds_total' AND d.labels['mode'] = 'user')))
      SELECT k.incident_id, k.scope,
             avg(c.delta) FILTER (WHERE c.ts > k.start + INTERVAL 1 MINUTE AND c.ts <= k."end") AS inside,
             avg(c.delta) FILTER (WHERE c.ts > k.start - INTERVAL 30 MINUTE AND c.ts <= k.start) AS before
      FROM spikes k JOIN cpu c ON (c.metric = 'container_cpu_usage_seconds_total' AND c.deployment = k.scope)
                               OR (c.metric = 'node_cpu_seconds_total' AND c.node = k.scope)
      GROUP BY k.incident_id, k.scope`);
    assert.ok(rows.length >= 1, 'at least one cpu spike');
    for (const row of rows) assert.ok(num(row, 'inside') > 1.3 * num(row, 'before'), show(row));
  });

  it('pods churn: new pod series appear and old ones end, across all three versions', async () => {
    const row = await one(`
      SELECT count(DISTINCT pod) AS pods,
             count(DISTINCT pod) FILTER (WHERE first_ts > TIMESTAMP '2026-03-02 01:00:00') AS born,
             count(DISTINCT pod) FILTER (WHERE last_ts < TIMESTAMP '2026-03-03 23:00:00') AS ended,
             count(DISTINCT version) FILTER (WHERE metric = 'http_requests_total') AS versions
      FROM series WHERE pod IS NOT NULL`);
    assert.ok(num(row, 'born') > 10 && num(row, 'ended') > 10, show(row));
    assert.equal(num(row, 'versions'), 3);
  });

  it("a pod's series exist only while the pod lives", async () => {
    const { scenario, scenarioHash } = loadScenario(FIXTURE);
    const plan = createK8sPlan({ scenario: scenario as ResolvedScenario<K8sWorld>, scenarioHash });
    const rows = await db.query(`SELECT pod, min(epoch_ms(first_ts)) AS first, max(epoch_ms(last_ts)) AS last FROM series WHERE pod IS NOT NULL GROUP BY pod`);
    const pods = new Map(plan.pods.map((pod) => [pod.name, pod]));
    assert.equal(rows.length, new Set(plan.pods.filter((pod) => pod.endMs - Math.max(pod.startMs, plan.startMs) > 15_000).map((p) => p.name)).size);
    for (const row of rows) {
      const pod = pods.get(String(row.pod))!;
      assert.ok(num(row, 'first') >= pod.startMs && num(row, 'last') < pod.endMs, `${pod.name} outside its life`);
    }
  });

  it("no partition-day holds more samples than the plan's bound its column buffers are sized by", async () => {
    const { scenario, scenarioHash } = loadScenario(FIXTURE);
    const plan = createK8sPlan({ scenario: scenario as ResolvedScenario<K8sWorld>, scenarioHash });
    // A partition-day is one file per metric: count by date and part.
    const [row] = await db.query(`
      SELECT count(*) AS n FROM read_parquet('${dir}/metrics/samples/**/*.parquet', filename = true)
      GROUP BY regexp_extract(filename, 'date=([0-9-]+)', 1), regexp_extract(filename, 'part-[0-9]+') ORDER BY n DESC LIMIT 1`);
    const busiest = num(row, 'n');
    assert.ok(busiest <= plan.maxDayRows && busiest > plan.maxDayRows * 0.8, `busiest ${busiest}, bound ${plan.maxDayRows}`);
  });

  it('a cluster whose busiest day exceeds max_rows_per_partition_day gets more partitions, each day within it', () => {
    const planWith = (bound: number) => {
      const { scenario, scenarioHash } = loadScenario(FIXTURE, { sets: [['world.max_rows_per_partition_day', bound]] });
      return { minimum: scenario.partitions, plan: createK8sPlan({ scenario: scenario as ResolvedScenario<K8sWorld>, scenarioHash }) };
    };
    const roomy = planWith(10_000_000);
    assert.equal(roomy.plan.partitionTargets.length, roomy.minimum);
    const bound = Math.round(roomy.plan.maxDayRows * 0.8);
    const tight = planWith(bound).plan;
    assert.ok(tight.partitionTargets.length > roomy.minimum, `${tight.partitionTargets.length} partitions`);
    assert.ok(tight.maxDayRows <= bound, `busiest partition-day ${tight.maxDayRows}, bound ${bound}`);
  });

  it('scrape gaps leave no sample of their target, and every longer spacing is a recorded gap', async () => {
    const inGaps = await one(`
      WITH gaps AS (SELECT start, "end", split_part(scope, '=', 1) AS kind, split_part(scope, '=', 2) AS target FROM incidents WHERE kind = 'scrape_gap')
      SELECT count(*) AS n FROM gaps g JOIN series s
        ON (g.kind = 'pod' AND s.pod = g.target) OR (g.kind = 'node' AND s.job = 'node-exporter' AND s.instance = g.target) OR (g.kind = 'kafka' AND s.job = 'kafka-exporter')
      JOIN samples x ON x.series_id = s.series_id AND x.ts >= g.start AND x.ts < g."end"`);
    assert.equal(num(inGaps, 'n'), 0);
    const inOutages = await one(`SELECT count(*) AS n FROM incidents i JOIN samples x ON x.ts >= i.start AND x.ts < i."end" WHERE i.kind = 'scrape_outage'`);
    assert.equal(num(inOutages, 'n'), 0);
    const unexplained = await one(`
      WITH spaced AS (
        SELECT s.instance, x.ts, lag(x.ts) OVER (PARTITION BY x.series_id ORDER BY x.ts) AS prev
        FROM samples x JOIN series s USING (series_id) WHERE s.metric = 'node_memory_MemTotal_bytes')
      SELECT count(*) FILTER (WHERE ts - prev > INTERVAL 15 SECOND) AS longer,
             count(*) FILTER (WHERE ts - prev > INTERVAL 15 SECOND AND NOT EXISTS (
               SELECT 1 FROM incidents i WHERE i.kind IN ('scrape_gap', 'scrape_outage') AND (i.scope = 'node=' || instance OR i.scope = 'cluster')
                 AND i.start < ts AND i."end" > prev)) AS bad
      FROM spaced`);
    assert.ok(num(unexplained, 'longer') > 5, 'gaps are present');
    assert.equal(num(unexplained, 'bad'), 0);
  });

  it('memory available never exceeds memory total', async () => {
    const row = await one(`
      SELECT count(*) AS n, count(*) FILTER (WHERE a.value > t.value OR a.value <= 0) AS bad
      FROM samples a JOIN series sa ON sa.series_id = a.series_id AND sa.metric = 'node_memory_MemAvailable_bytes'
      JOIN series st ON st.metric = 'node_memory_MemTotal_bytes' AND st.instance = sa.instance
      JOIN samples t ON t.series_id = st.series_id AND t.ts = a.ts`);
    assert.ok(num(row, 'n') > 50_000);
    assert.equal(num(row, 'bad'), 0);
  });

  it("container CPU follows the service's traffic", async () => {
    const row = await one(`
      WITH req AS (SELECT pod, ts, sum(delta) AS requests FROM deltas WHERE metric = 'http_requests_total' AND same_start GROUP BY ALL),
      cpu AS (SELECT pod, ts, delta AS cpu FROM deltas WHERE metric = 'container_cpu_usage_seconds_total' AND same_start)
      SELECT corr(requests, cpu) AS r FROM req JOIN cpu USING (pod, ts)`);
    assert.ok(num(row, 'r') > 0.7, `correlation ${num(row, 'r')}`);
  });

  it("values have their exporter's resolution: node CPU in 1/100 s, container CPU in ns, whole bytes", async () => {
    // round(v·n)/n = v: v is the double nearest a multiple of 1/n (v·n itself may miss the integer by an ulp).
    const rows = await db.query(`
      SELECT s.metric, count(*) AS n,
             count(*) FILTER (WHERE round(x.value * 100) / 100 <> x.value) AS finer_than_centiseconds,
             count(*) FILTER (WHERE round(x.value * 1e9) / 1e9 <> x.value) AS finer_than_nanoseconds,
             count(*) FILTER (WHERE x.value <> floor(x.value)) AS fractional
      FROM samples x JOIN series s USING (series_id)
      WHERE s.metric IN ('node_cpu_seconds_total', 'container_cpu_usage_seconds_total') OR s.unit = 'bytes'
      GROUP BY s.metric ORDER BY s.metric`);
    const by = new Map(rows.map((row) => [String(row.metric), row]));
    const nodeCpu = by.get('node_cpu_seconds_total')!;
    assert.equal(num(nodeCpu, 'finer_than_centiseconds'), 0, show(nodeCpu));
    assert.ok(num(nodeCpu, 'fractional') > num(nodeCpu, 'n') / 2, show(nodeCpu));
    const containerCpu = by.get('container_cpu_usage_seconds_total')!;
    assert.equal(num(containerCpu, 'finer_than_nanoseconds'), 0, show(containerCpu));
    assert.ok(num(containerCpu, 'finer_than_centiseconds') > num(containerCpu, 'n') / 2, show(containerCpu));
    const bytes = rows.filter((row) => row !== nodeCpu && row !== containerCpu);
    assert.ok(bytes.some((row) => row.metric === 'container_network_receive_bytes_total'), 'byte counters are selected');
    for (const row of bytes) assert.equal(num(row, 'fractional'), 0, show(row));
  });

  it('kafka offsets only grow', async () => {
    const row = await one(`
      SELECT count(*) AS n, count(*) FILTER (WHERE value < prev) AS bad FROM (
        SELECT x.value, lag(x.value) OVER (PARTITION BY x.series_id ORDER BY x.ts) AS prev
        FROM samples x JOIN series s USING (series_id) WHERE s.metric = 'kafka_topic_partition_current_offset')`);
    assert.ok(num(row, 'n') > 10_000);
    assert.equal(num(row, 'bad'), 0);
  });
});
