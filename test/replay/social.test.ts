/**
 * A social-network dataset replayed into a real VictoriaMetrics (its metrics, with all 20 release
 * tags as labels and exemplars kept out of them) and into the VictoriaLogs contract double (its logs).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, compileDataset, runCliAsync, tempDir } from '../helpers.js';
import { VictoriaLogsDouble } from '../doubles/victorialogs.js';
import { VictoriaMetrics } from './victoria-metrics-server.js';
import { openDuckDB } from '../../src/util/duckdb.js';

const TAGS = ['environment', 'provider', 'account', 'region', 'partition', 'target_type', 'target', 'application', 'stack', 'service', 'tag', 'release'];
const IDS = ['provider_id', 'region_id', 'partition_id', 'target_id', 'stack_id', 'service_id', 'deployment_id', 'release_id'];

const dataset = tempDir('teleforge-replay-social-');
let counts: Record<string, number> = {};

before(() => {
  const result = compileDataset(join(FIXTURES, 'social-test.yaml'), dataset, ['--duration', '3d']);
  counts = Object.fromEntries(Object.entries(result.tables as Record<string, { rows: number }>).map(([name, { rows }]) => [name, rows]));
});

describe('replay of a social-network dataset', () => {
  let vm: VictoriaMetrics;
  before(async () => {
    vm = await new VictoriaMetrics({}).start();
  });
  after(async () => vm?.remove());

  it('lands every sample and series in VictoriaMetrics, with the release tags as labels', async () => {
    const result = await runCliAsync(['replay', 'victoriametrics', dataset, '--url', vm.url, '--verify', '--checkpoint', join(tempDir(), 'c.json')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`verify samples: sent ${counts.samples}, summary.json ${counts.samples}, backend ${counts.samples} — ok`));
    // Series are label sets: the social kind numbers series per day, VictoriaMetrics merges equal label sets.
    const { instance, connection } = await openDuckDB();
    const [sets] = (await connection.runAndReadAll(`SELECT count(*) AS n FROM (SELECT DISTINCT metric, labels FROM read_parquet('${dataset}/metrics/series/*.parquet'))`)).getRowObjectsJS();
    assert.ok(Number(sets!.n) < counts.series!);
    assert.match(result.stdout, new RegExp(`verify series: sent ${Number(sets!.n)}, backend ${Number(sets!.n)} — ok`));

    // One series read back exactly: its labels and its samples.
    const [row] = (
      await connection.runAndReadAll(
        `SELECT s.metric, s.release_id, count(*) AS n FROM read_parquet('${dataset}/metrics/samples/**/*.parquet') x
         JOIN read_parquet('${dataset}/metrics/series/*.parquet') s USING (series_id) GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 1`,
      )
    ).getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    const match = `{__name__="${String(row!.metric)}",release_id="${String(row!.release_id)}"}`;
    const exported = await (await fetch(`${vm.url}/api/v1/export?match[]=${encodeURIComponent(match)}&start=0`)).text();
    const lines = exported.trim().split('\n').map((line) => JSON.parse(line) as { metric: Record<string, string>; values: number[] });
    assert.equal(lines.reduce((sum, line) => sum + line.values.length, 0), Number(row!.n));
    for (const label of [...TAGS, ...IDS]) assert.ok(lines[0]!.metric[label], `label ${label}`);
    assert.equal(lines[0]!.metric.trace_id, undefined, 'exemplars are not labels');
    assert.equal(lines[0]!.metric.request_id, undefined, 'exemplars are not labels');
  });

  it('sends every log line to VictoriaLogs with few low-cardinality streams', async () => {
    const vl = await new VictoriaLogsDouble({ retentionPeriod: '100y' }).start();
    try {
      const result = await runCliAsync(['replay', 'victorialogs', dataset, '--url', vl.url, '--verify', '--checkpoint', join(tempDir(), 'c.json')]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`verify logs: sent ${counts.logs}, summary.json ${counts.logs}, backend ${counts.logs} — ok`));
      assert.deepEqual(vl.violations, []);
      assert.ok(vl.streams.size > 1 && vl.streams.size <= 3 * 60 * 3, `${vl.streams.size} streams`);
    } finally {
      await vl.stop();
    }
  });
});
