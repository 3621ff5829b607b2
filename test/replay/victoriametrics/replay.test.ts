/** Replay into a real VictoriaMetrics: exact counts and series, resume after kills, errors, retention. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CLI, FIXTURES, acknowledgedBatches, compileDataset, openDataset, runCli, runCliAsync, tempDir, type CliResult } from '../../helpers.js';
import { VictoriaMetrics } from '../victoria-metrics-server.js';

const dataset = tempDir('teleforge-replay-vm-');
let samples = 0;
let series = 0;

before(() => {
  const result = compileDataset(join(FIXTURES, 'k8s-test.yaml'), dataset, ['--duration', '2h']);
  const tables = result.tables as Record<string, { rows: number }>;
  samples = tables.samples!.rows;
  series = tables.series!.rows;
});

async function withServer(options: ConstructorParameters<typeof VictoriaMetrics>[0], body: (vm: VictoriaMetrics) => Promise<void>): Promise<void> {
  const vm = await new VictoriaMetrics(options).start();
  try {
    await body(vm);
  } finally {
    await vm.remove();
  }
}

const workDirs = new WeakMap<VictoriaMetrics, string>();
/**
 * A fresh directory per server for a test's checkpoint and dump. They were beside the server's
 * data directory, i.e. in the system temp dir, named by port: a later run that drew the same port
 * found an old checkpoint and stopped its replayer before it had started.
 */
function workDir(vm: VictoriaMetrics): string {
  let dir = workDirs.get(vm);
  if (!dir) workDirs.set(vm, (dir = tempDir('teleforge-vm-work-')));
  return dir;
}
const replayArgs = (vm: VictoriaMetrics, ...extra: string[]) => ['replay', 'victoriametrics', dataset, '--url', vm.url, '--checkpoint', join(workDir(vm), `${vm.port}.ckpt.json`), ...extra];

function verifyLines(result: CliResult): Record<string, string> {
  return Object.fromEntries([...result.stdout.matchAll(/^verify (\w+): (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Starts a replay in the background and resolves once the checkpoint records `batches` acknowledged batches. */
async function replayUntilAcked(args: string[], checkpoint: string, batches: number) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let exited = false;
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr })));
  child.on('exit', () => (exited = true));
  while (!exited) {
    if (acknowledgedBatches(checkpoint) >= batches) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, done };
}

describe('replay victoriametrics', () => {
  it('imports every sample with its series labels and verifies exact counts', async () => {
    await withServer({}, async (vm) => {
      const result = runCli(replayArgs(vm, '--verify', '--workers', '3', '--batch-size', '7000'));
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(verifyLines(result), {
        samples: `sent ${samples}, summary.json ${samples}, backend ${samples} — ok`,
        series: `sent ${series}, backend ${series} — ok`,
      });
      const db = await openDataset(dataset);
      const picked = await db.query(
        `SELECT series_id, metric, to_json(labels)::VARCHAR AS labels FROM series WHERE metric IN ('container_cpu_usage_seconds_total', 'node_memory_MemAvailable_bytes', 'kube_pod_container_status_restarts_total') ORDER BY series_id LIMIT 3`,
      );
      assert.ok(picked.length > 0);
      for (const row of picked) {
        const labels = { __name__: String(row.metric), ...(JSON.parse(String(row.labels)) as Record<string, string>) };
        const match = `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
        const exported = await vm.export(match);
        assert.equal(exported.length, 1, `one series for ${match}`);
        assert.deepEqual(exported[0]!.metric, labels);
        const rows = await db.query(`SELECT epoch_ms(ts) AS t, value FROM samples WHERE series_id = ${row.series_id} ORDER BY ts`);
        assert.deepEqual(exported[0]!.timestamps, rows.map((r) => Number(r.t)));
        // VictoriaMetrics stores values as decimals of 12 significant digits (truncated).
        const values = rows.map((r) => Number(r.value));
        assert.equal(exported[0]!.values.length, values.length);
        exported[0]!.values.forEach((value, i) => assert.ok(Math.abs(value - values[i]!) <= 1e-11 * Math.max(1, Math.abs(values[i]!)), `${value} vs ${values[i]}`));
      }
      db.close();
    });
  });

  it('sends gzip bodies in realtime order and prints --json totals', async () => {
    await withServer({}, async (vm) => {
      const result = runCli(replayArgs(vm, '--gzip', '--mode', 'realtime', '--speed', '36000x', '--json', '--verify'));
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as { records: number; verify: { ok: boolean; backend: Record<string, number> } };
      assert.equal(json.records, samples);
      assert.deepEqual(json.verify.backend, { samples, series });
      assert.equal(json.verify.ok, true);
    });
  });

  it('resumes after the server is killed mid-replay: exact counts, no duplicates', async () => {
    await withServer({}, async (vm) => {
      const checkpoint = join(workDir(vm), `${vm.port}.ckpt.json`);
      const args = replayArgs(vm, '--batch-size', '2000', '--rate', '40k/s', '--max-retries', '1');
      const { done } = await replayUntilAcked(args, checkpoint, 5);
      await vm.stop('SIGTERM');
      const first = await done;
      assert.equal(first.code, 1);
      assert.match(first.stderr, /gave up after 2 attempts.*--resume/);
      await vm.start();
      const resumed = runCli([...args, '--resume', '--verify']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(verifyLines(resumed).samples!, new RegExp(`backend ${samples} — ok`));
      assert.match(resumed.stdout, /[1-9]\d* batches already acknowledged/);
    });
  });

  it('Ctrl-C or SIGTERM during a paced replay stops it (exit 130/143, one line), and --resume completes it exactly', async () => {
    await withServer({}, async (vm) => {
      const checkpoint = join(workDir(vm), `${vm.port}.ckpt.json`);
      // At 1 sample/s each 2000-sample batch after the first waits 2000 s for its tokens.
      const args = replayArgs(vm, '--batch-size', '2000', '--workers', '1');
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        const { child, done } = await replayUntilAcked([...args, '--rate', '1/s', ...(signal === 'SIGTERM' ? ['--resume'] : [])], checkpoint, signal === 'SIGINT' ? 1 : 2);
        child.kill(signal);
        // A generous bound, not a timing assertion: before the fix the replay sat out its wait.
        const first = await Promise.race([done, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000))]);
        if (!first) child.kill('SIGKILL');
        assert.ok(first, `${signal}: the replay did not stop within 10 s`);
        assert.equal(first.code, code, first.stderr);
        assert.equal(first.stderr.trim().split('\n').length, 1, first.stderr);
        assert.match(first.stderr, new RegExp(`^teleforge: ${signal}: interrupted after \\d+ records .*run the same command with --resume to continue`));
      }
      const resumed = runCli([...args, '--resume', '--verify']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stdout, /[1-9]\d* batches already acknowledged/);
      assert.match(verifyLines(resumed).samples!, new RegExp(`backend ${samples} — ok`));
      assert.deepEqual(Object.values(verifyLines(resumed)).map((line) => line.endsWith('ok')), [true, true]);
    });
  });

  it('stops on a 4xx with the server\'s message', async () => {
    await withServer({}, async (vm) => {
      const result = runCli(['replay', 'victoriametrics', dataset, '--url', `${vm.url}/wrong-prefix`, '--max-retries', '0']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^teleforge: .*rejected a batch: 400 .*unsupported path requested/m);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    });
  });

  it('reports wrong credentials clearly and never prints secrets', async () => {
    await withServer({ basicAuth: 'replayer:s3cret-pass' }, async (vm) => {
      const wrong = runCli(replayArgs(vm, '--auth-basic', 'replayer:wrong-pass'));
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /authentication failed \(401\); check --auth-basic/);
      assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-pass/);
      const right = runCli(replayArgs(vm, '--verify'), { env: { TELEFORGE_AUTH_BASIC: 'replayer:s3cret-pass' } });
      assert.equal(right.code, 0, right.stderr);
      const inUrl = runCli(['replay', 'victoriametrics', dataset, '--url', `http://replayer:s3cret-pass@127.0.0.1:${vm.port}/wrong`, '--max-retries', '0']);
      assert.match(inUrl.stderr, /^teleforge: http:\/\/127\.0\.0\.1:\d+\/wrong\/api\/v1\/import rejected a batch: 400/);
      const dump = join(workDir(vm), 'dump');
      const dumped = runCli(['replay', 'victoriametrics', dataset, '--dump', dump, '--auth-bearer', 's3cret-token', '--header', 'X-Scope=s3cret-scope']);
      assert.equal(dumped.code, 0, dumped.stderr);
      const checkpoints = readdirSync(join(dataset, '.teleforge', 'replay')).map((name) => readFileSync(join(dataset, '.teleforge', 'replay', name), 'utf8'));
      for (const text of [right.stdout, right.stderr, inUrl.stderr, readFileSync(join(dump, 'requests.jsonl'), 'utf8'), readFileSync(join(workDir(vm), `${vm.port}.ckpt.json`), 'utf8'), ...checkpoints]) {
        assert.doesNotMatch(text, /s3cret|cmVwbGF5ZXI6czNjcmV0/);
      }
    });
  });

  it('refuses when retention would drop rows (how many, how to fix, exit 2, nothing sent), and --shift-to-now brings them into range', async () => {
    await withServer({ retentionPeriod: '2d' }, async (vm) => {
      const refused = runCli(replayArgs(vm, '--max-retries', '0'));
      assert.equal(refused.code, 2, refused.stderr);
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      assert.match(refused.stderr, new RegExp(`^teleforge: victoriametrics at .* would drop them with a 2xx answer: ${samples} rows are older than its retention of 2d \\(-retentionPeriod=2d\\).*nothing sent — use --shift-to-now or raise -retentionPeriod on the server`));
      assert.equal((await vm.export('{__name__=~".+"}')).length, 0, 'nothing was sent');
      const shifted = runCli(['replay', 'victoriametrics', dataset, '--url', vm.url, '--shift-to-now', '--verify', '--checkpoint', join(workDir(vm), 'shift.json')]);
      assert.equal(shifted.code, 0, shifted.stderr);
      assert.doesNotMatch(shifted.stderr, /warning/);
      assert.match(verifyLines(shifted).samples!, new RegExp(`backend ${samples} — ok`));
    });
  });

  it('lands within ±10 % of the asked rate over a 5 s replay', async () => {
    await withServer({}, async (vm) => {
      const rate = Math.round(samples / 5);
      const result = await runCliAsync(replayArgs(vm, '--rate', `${rate}/s`, '--batch-size', '1000', '--json'));
      assert.equal(result.code, 0, result.stderr);
      const { recordsPerSecond } = JSON.parse(result.stdout) as { recordsPerSecond: number };
      assert.ok(Math.abs(recordsPerSecond - rate) / rate <= 0.1, `achieved ${recordsPerSecond.toFixed(0)} records/s for --rate ${rate}/s`);
    });
  });
});
