/**
 * A real VictoriaMetrics SIGKILLed mid-replay forgets samples it acknowledged: --verify names the
 * short days (exit 1), --repair sends only those again and the copy is exact, because the server
 * runs with -dedup.minScrapeInterval=1ms (re-sent samples are no-ops). Without that flag --repair is refused.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { FIXTURES, acknowledgedBatches, compileDataset, runCliAsync, tempDir } from '../helpers.js';
import { VictoriaMetrics } from './victoria-metrics-server.js';

const dataset = tempDir('teleforge-repair-vm-');
let samples = 0;

before(() => {
  // Two hours across midnight: two days, so a repair can leave a complete day alone.
  const result = compileDataset(join(FIXTURES, 'k8s-test.yaml'), dataset, ['--duration', '2h', '--set', 'start=2026-03-02T23:00:00Z']);
  samples = (result.tables as Record<string, { rows: number }>).samples!.rows;
});

const verifySamples = (stdout: string) => /^verify samples: (.*)$/m.exec(stdout)?.[1];

describe('replay victoriametrics --repair', () => {
  for (const trial of [1, 2, 3]) {
    it(`trial ${trial}: a SIGKILLed server's lost samples are found per day and re-sent, then counts are exact`, async () => {
      const vm = await new VictoriaMetrics({ dedupMinScrapeInterval: '1ms' }).start();
      const checkpoint = join(tempDir('teleforge-repair-work-'), 'ckpt.json');
      const args = ['replay', 'victoriametrics', dataset, '--url', vm.url, '--checkpoint', checkpoint, '--batch-size', '2000', '--workers', '1'];
      try {
        // Paced over ~5 s; the server is killed once about half is acknowledged and restarted on the same data.
        const replay = runCliAsync([...args, '--rate', '30k/s', '--max-retries', '40', '--verify']);
        const half = Math.ceil(samples / 2000 / 2);
        while (acknowledgedBatches(checkpoint) < half) await new Promise((resolve) => setTimeout(resolve, 20));
        await vm.stop('SIGKILL');
        await vm.start();
        const first = await replay;
        assert.equal(first.code, 1, `verify must find the lost samples: ${first.stdout}${first.stderr}`);
        assert.match(first.stderr, /short period\(s\): metrics\/samples\/date=2026-03-0[23]/);
        const shortDays = [...first.stdout.matchAll(/^verify short (\S+): dataset (\d+) rows, backend (\d+)$/gm)];
        assert.ok(shortDays.length >= 1 && shortDays.every((m) => Number(m[3]) < Number(m[2])), first.stdout);

        const repair = await runCliAsync([...args, '--repair']);
        assert.equal(repair.code, 0, repair.stdout + repair.stderr);
        const repaired = [...repair.stdout.matchAll(/^repair (\S+): /gm)].map((m) => m[1]).sort();
        assert.deepEqual(repaired, shortDays.map((m) => m[1]).sort(), 'only the short days are sent again');
        assert.equal(verifySamples(repair.stdout), `sent ${samples}, summary.json ${samples}, backend ${samples} — ok`);
      } finally {
        await vm.remove();
      }
    });
  }

  it('refuses --repair, sending nothing, when the server would store re-sent samples twice', async () => {
    const vm = await new VictoriaMetrics().start();
    try {
      const result = await runCliAsync(['replay', 'victoriametrics', dataset, '--url', vm.url, '--repair', '--checkpoint', join(tempDir('teleforge-repair-work-'), 'c.json')]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^teleforge: --repair: victoriametrics at .*-dedup\.minScrapeInterval=1ms/);
      assert.equal((await vm.export('{__name__=~".+"}')).length, 0, 'nothing sent');
    } finally {
      await vm.remove();
    }
  });
});
