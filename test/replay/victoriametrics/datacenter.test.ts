/** A datacenter dataset replays into a real VictoriaMetrics unchanged: exact counts, labels and values. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { compileDataset, openDataset, runCli, tempDir } from '../../helpers.js';
import { VictoriaMetrics } from '../victoria-metrics-server.js';

const dataset = tempDir('teleforge-replay-dc-');
let samples = 0;
let series = 0;

before(() => {
  // The seed's dev configuration for ten minutes: 66 series at 1 s.
  const result = compileDataset('datacenter', dataset, ['--preset', 'dev', '--duration', '10m']);
  const tables = result.tables as Record<string, { rows: number }>;
  samples = tables.samples!.rows;
  series = tables.series!.rows;
});

describe('replay victoriametrics: datacenter', () => {
  it('imports every sample with its labels and verifies exact counts', async () => {
    const vm = await new VictoriaMetrics().start();
    try {
      const checkpoint = join(tempDir('teleforge-vm-work-'), 'ckpt.json');
      const result = runCli(['replay', 'victoriametrics', dataset, '--url', vm.url, '--checkpoint', checkpoint, '--verify', '--workers', '2']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`verify samples: sent ${samples}, summary.json ${samples}, backend ${samples} — ok`));
      assert.match(result.stdout, new RegExp(`verify series: sent ${series}, backend ${series} — ok`));
      assert.equal(series, 66);

      const db = await openDataset(dataset);
      const [row] = await db.query(`SELECT series_id, path FROM series WHERE metric = 'datacenter_service_response_time_seconds' AND quantile = '0.99' ORDER BY series_id LIMIT 1`);
      const exported = await vm.export(`datacenter_service_response_time_seconds{quantile="0.99",path="${String(row!.path)}"}`);
      assert.equal(exported.length, 1);
      assert.equal(exported[0]!.metric.quantile, '0.99');
      const rows = await db.query(`SELECT epoch_ms(ts) AS t, value FROM samples WHERE series_id = ${row!.series_id} ORDER BY ts`);
      db.close();
      assert.deepEqual(exported[0]!.timestamps, rows.map((r) => Number(r.t)));
      // VictoriaMetrics keeps 12 significant digits.
      exported[0]!.values.forEach((value, i) => assert.ok(Math.abs(value - Number(rows[i]!.value)) <= 1e-11 * Math.max(1, Number(rows[i]!.value)), `${value} vs ${rows[i]!.value}`));
    } finally {
      await vm.remove();
    }
  });
});
