/**
 * Prometheus remote write into real servers started by the test (Prometheus with
 * --web.enable-remote-write-receiver, VictoriaMetrics /api/v1/write), counts verified by query;
 * and the wire format itself decoded with the prompb schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as snappy from 'snappyjs';
import { WriteRequest, type TimeSeries } from '../../doubles/prompb-schema.js';
import { FIXTURES, compileDataset, openDataset, runCliAsync, tempDir } from '../../helpers.js';
import { MetricServer } from '../servers.js';

const dataset = tempDir('teleforge-rw-');
let samples = 0;
let series = 0;

before(() => {
  const result = compileDataset(join(FIXTURES, 'k8s-test.yaml'), dataset, ['--duration', '1h']);
  const tables = result.tables as Record<string, { rows: number }>;
  samples = tables.samples!.rows;
  series = tables.series!.rows;
});

const verifyLines = (stdout: string) => Object.fromEntries([...stdout.matchAll(/^verify (\w+): (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
const expectedLines = () => ({
  samples: `sent ${samples}, summary.json ${samples}, backend ${samples} — ok`,
  series: `sent ${series}, backend ${series} — ok`,
});

describe('replay remote-write', () => {
  let server: MetricServer | undefined;
  after(() => server?.stop());

  it('backfills every sample into VictoriaMetrics /api/v1/write with its labels and values', async () => {
    server = await MetricServer.victoriaMetrics();
    const result = await runCliAsync(['replay', 'remote-write', dataset, '--url', server.writeUrl, '--verify', '--workers', '3', '--checkpoint', join(tempDir(), 'c.json')]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(verifyLines(result.stdout), expectedLines());
    const db = await openDataset(dataset);
    const [picked] = await db.query(`SELECT series_id, metric, to_json(labels)::VARCHAR AS labels FROM series WHERE metric = 'container_cpu_usage_seconds_total' ORDER BY series_id LIMIT 1`);
    const rows = await db.query(`SELECT epoch_ms(ts) AS t, value FROM samples WHERE series_id = ${picked!.series_id} ORDER BY ts`);
    db.close();
    const labels = { __name__: String(picked!.metric), ...(JSON.parse(String(picked!.labels)) as Record<string, string>) };
    const selector = `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    const [stored] = await server.samples(selector, Number(rows[0]!.t), Number(rows.at(-1)!.t));
    assert.deepEqual(stored!.labels, labels);
    assert.deepEqual(stored!.values.map(([t]) => Math.round(t * 1000)), rows.map((r) => Number(r.t)));
    await server.stop();
    server = undefined;
  });

  it('writes into a real Prometheus with --shift-to-now and verifies the counts by PromQL', async () => {
    server = await MetricServer.prometheus();
    const result = await runCliAsync(['replay', 'remote-write', dataset, '--url', server.writeUrl, '--shift-to-now', '--verify', '--checkpoint', join(tempDir(), 'c.json')]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(verifyLines(result.stdout), expectedLines());
    await server.stop();
    server = undefined;
  });

  it('refuses a dataset older than what Prometheus keeps before sending (exit 2, nothing stored), and --shift-to-now stores every sample', async () => {
    server = await MetricServer.prometheus();
    const refused = await runCliAsync(['replay', 'remote-write', dataset, '--url', server.writeUrl, '--checkpoint', join(tempDir(), 'c.json')]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^teleforge: remote-write at .* would refuse them \\("out of bounds" / "too old"\\) or delete them at its next compaction: ${samples} rows are older than its head block window of 1d \\(out_of_order_time_window=1d\\).*nothing sent — use --shift-to-now or raise out_of_order_time_window on the server\n$`));
    const stored = (await (await fetch(`${server.url}/api/v1/status/tsdb`)).json()) as { data: { headStats: { numSeries: number } } };
    assert.equal(stored.data.headStats.numSeries, 0, 'nothing stored');
    const shifted = await runCliAsync(['replay', 'remote-write', dataset, '--url', server.writeUrl, '--shift-to-now', '--verify', '--checkpoint', join(tempDir(), 'c.json')]);
    assert.equal(shifted.code, 0, shifted.stderr);
    assert.deepEqual(verifyLines(shifted.stdout), expectedLines());
    await server.stop();
    server = undefined;
  });

  it('sends snappy protobuf WriteRequests with sorted labels, samples in time order and the version header', async () => {
    const dump = tempDir();
    const result = await runCliAsync(['replay', 'remote-write', dataset, '--dump', dump, '--batch-size', '3000', '--mode', 'realtime', '--speed', '1000000x']);
    assert.equal(result.code, 0, result.stderr);
    const requests = readFileSync(join(dump, 'requests.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { file: string; headers: Record<string, string>; records: number });
    let total = 0;
    for (const request of requests) {
      assert.deepEqual(request.headers, { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' });
      const decoded = WriteRequest.toObject(WriteRequest.decode(snappy.uncompress(readFileSync(join(dump, request.file)))), { longs: Number }) as { timeseries: TimeSeries[] };
      const ids = new Set<string>();
      for (const ts of decoded.timeseries) {
        const names = ts.labels.map((l) => l.name);
        assert.deepEqual(names, [...names].sort(), 'labels sorted by name');
        assert.ok(names.includes('__name__'));
        const id = JSON.stringify(ts.labels);
        assert.ok(!ids.has(id), 'one TimeSeries per series');
        ids.add(id);
        const times = ts.samples.map((s) => s.timestamp);
        assert.deepEqual(times, [...times].sort((a, b) => a - b), 'samples in time order');
        total += times.length;
      }
    }
    assert.equal(total, samples);
  });
});
