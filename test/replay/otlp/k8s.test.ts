/**
 * k8s metrics over OTLP/gRPC into the loopback receiver (contract double, official schema decode):
 * one point per counter/gauge sample and per histogram scrape; histogram points equal the
 * `_bucket/_sum/_count` series; counter start times follow the samples' start_ts (resets).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, compileDataset, openDataset, runCliAsync, tempDir } from '../../helpers.js';
import { OtlpReceiver, type Decoded } from '../../doubles/otlp-receiver.js';

const dataset = tempDir('teleforge-otlp-k8s-');
let receiver: OtlpReceiver;

/** Resource attribute → the k8s label it came from. */
const LABEL_OF: Record<string, string> = {
  'service.version': 'version',
  'deployment.environment': 'env',
  'k8s.namespace.name': 'namespace',
  'k8s.pod.name': 'pod',
  'k8s.container.name': 'container',
  'cloud.availability_zone': 'zone',
};

/** The series' labels (without `le`) rebuilt from a point's resource and attributes, as a key. */
function labelKey(name: string, resource: Decoded, attributes: unknown): string {
  const labels: Record<string, string> = {};
  const points = (attributes as Decoded[]) ?? [];
  // `job` stands in for service.name when a series has no `service` label (then it is no attribute).
  const serviceLabel = points.some((a) => a.key === 'job') ? 'service' : 'job';
  for (const a of (resource.attributes as Decoded[]) ?? []) labels[a.key === 'service.name' ? serviceLabel : LABEL_OF[String(a.key)]!] = String((a.value as Decoded).string_value);
  for (const a of points) labels[String(a.key)] = String((a.value as Decoded).string_value);
  return `${name}${JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
}

before(async () => {
  // Frequent container restarts so that counters reset within the hour.
  compileDataset(join(FIXTURES, 'k8s-test.yaml'), dataset, ['--duration', '1h', '--set', 'world.restarts.per_pod_per_day=48']);
  receiver = await new OtlpReceiver().start();
  const result = await runCliAsync(['replay', 'otlp', dataset, '--endpoint', receiver.grpcUrl, '--protocol', 'grpc', '--json', '--checkpoint', join(tempDir(), 'c.json')]);
  assert.equal(result.code, 0, result.stderr);
});
after(() => receiver.stop());

describe('replay otlp: k8s metrics', () => {
  it('sends one point per counter/gauge sample and per histogram scrape', async () => {
    const db = await openDataset(dataset);
    const [row] = await db.query(`SELECT count(*) FILTER (WHERE s.type NOT IN ('histogram_bucket', 'histogram_sum')) AS points FROM samples r JOIN series s USING (series_id)`);
    db.close();
    assert.equal(receiver.counts.metrics, Number(row!.points));
    assert.deepEqual(receiver.violations, []);
  });

  it('reassembles _bucket/_sum/_count series into explicit-bucket histogram points', async () => {
    const db = await openDataset(dataset);
    const rows = await db.query(
      `SELECT regexp_replace(s.metric, '_(bucket|sum|count)$', '') AS name, to_json(map_from_entries(list_sort(list_filter(map_entries(s.labels), e -> e.key <> 'le'))))::VARCHAR AS labels, epoch_ms(r.ts) AS t, ` +
        `list(r.value ORDER BY TRY_CAST(s.labels['le'] AS DOUBLE)) FILTER (WHERE s.type = 'histogram_bucket' AND s.labels['le'] <> '+Inf') AS finite, ` +
        `list(DISTINCT TRY_CAST(s.labels['le'] AS DOUBLE) ORDER BY TRY_CAST(s.labels['le'] AS DOUBLE)) FILTER (WHERE s.type = 'histogram_bucket' AND s.labels['le'] <> '+Inf') AS bounds, ` +
        `max(r.value) FILTER (WHERE s.type = 'histogram_sum') AS sum, max(r.value) FILTER (WHERE s.type = 'histogram_count') AS count ` +
        `FROM samples r JOIN series s USING (series_id) WHERE s.type LIKE 'histogram_%' GROUP BY ALL`,
    );
    db.close();
    const expected = new Map(rows.map((row) => [`${row.name}${row.labels}@${row.t}`, row]));
    const points = receiver.all('metrics').filter(({ metric }) => metric!.histogram);
    assert.equal(points.length, rows.length);
    for (const { item, metric, resource } of points) {
      const key = `${labelKey(String(metric!.name), resource, item.attributes)}@${BigInt(String(item.time_unix_nano)) / 1_000_000n}`;
      const row = expected.get(key);
      assert.ok(row, `histogram point ${key}`);
      assert.deepEqual(item.explicit_bounds, (row.bounds as number[]).map(Number));
      const counts = (item.bucket_counts as string[]).map(Number);
      const cumulative = counts.map((_, i) => counts.slice(0, i + 1).reduce((a, b) => a + b, 0));
      assert.deepEqual(cumulative.slice(0, -1), (row.finite as number[]).map(Number));
      assert.equal(cumulative.at(-1), Number(row.count));
      assert.equal(Number(item.count), Number(row.count));
      assert.equal(item.sum, Number(row.sum));
      assert.equal((metric!.histogram as Decoded).aggregation_temporality, 2);
    }
  });

  it('gives counter points the start time of their samples, which changes at each reset', async () => {
    const db = await openDataset(dataset);
    const rows = await db.query(
      `SELECT s.metric AS name, to_json(map_from_entries(list_sort(map_entries(s.labels))))::VARCHAR AS labels, epoch_ms(r.ts) AS t, epoch_ms(r.start_ts) AS start FROM samples r JOIN series s USING (series_id) WHERE s.type = 'counter'`,
    );
    db.close();
    const expected = new Map(rows.map((row) => [`${row.name}${row.labels}@${row.t}`, Number(row.start)]));
    const sums = receiver.all('metrics').filter(({ metric }) => metric!.sum);
    assert.equal(sums.length, rows.length);
    const starts = new Map<string, Set<string>>();
    for (const { item, metric, resource } of sums) {
      const series = labelKey(String(metric!.name), resource, item.attributes);
      const start = expected.get(`${series}@${BigInt(String(item.time_unix_nano)) / 1_000_000n}`);
      assert.equal(item.start_time_unix_nano, String(BigInt(start!) * 1_000_000n), series);
      starts.set(series, (starts.get(series) ?? new Set()).add(String(item.start_time_unix_nano)));
    }
    assert.ok([...starts.values()].some((set) => set.size > 1), 'the data has counter resets');
  });
});
