/**
 * Replay benchmark: teleforge replaying a k8s dataset into a local VictoriaMetrics, through
 * `/api/v1/import` and through remote write, each against `curl` posting the very same request
 * bodies (written with --dump) at the same concurrency; and teleforge replaying logs into the
 * VictoriaLogs contract double. Exported for the main bench; run alone with
 * `node dist/scripts/bench-replay.js [k8s-dataset-dir] [logs-dataset-dir] [--remote-write]`
 * (`--remote-write`: that row only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDataset, runCliAsync, tempDir } from '../../test/helpers.js';
import { benchRemoteWrite, formatOtlpRow } from './bench-otlp.js';
import { medianBy } from './common.js';
import { VictoriaLogsDouble } from '../../test/doubles/victorialogs.js';
import { writeLogsDataset } from '../../test/replay/logs-fixture.js';
import { VictoriaMetrics } from '../../test/replay/victoria-metrics-server.js';

export interface ReplayBenchOptions {
  dataset: string;
  workers?: number;
  batchSize?: number;
}

export interface VictoriaMetricsBench {
  samples: number;
  teleforgePerSecond: number;
  curlPerSecond: number;
  ratio: number;
  /** Every round's ratio, in the order run (the figures are the median round's). */
  ratios?: number[];
}

async function replayJson(args: string[]): Promise<{ records: number; recordsPerSecond: number; sendMs: number }> {
  const result = await runCliAsync(args);
  if (result.code !== 0) throw new Error(`replay failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { records: number; recordsPerSecond: number; sendMs: number };
}

/** Posts every dumped body with one `curl --parallel` at `workers` concurrency; returns seconds. */
function curlPost(dump: string, url: string, workers: number): number {
  const requests = readFileSync(join(dump, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { file: string; path: string; headers: Record<string, string> });
  const config = requests
    .map((request) =>
      [`url = "${url}${request.path}"`, `data-binary = "@${join(dump, request.file)}"`, ...Object.entries(request.headers).map(([k, v]) => `header = "${k}: ${v}"`), 'output = "/dev/null"', 'fail', 'silent'].join('\n'),
    )
    .join('\nnext\n');
  const configPath = join(dump, 'curl.config');
  writeFileSync(configPath, `${config}\n`);
  const began = performance.now();
  const result = spawnSync('curl', ['--parallel', '--parallel-max', String(workers), '--config', configPath], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`curl failed (${result.status}): ${result.stderr}`);
  return (performance.now() - began) / 1000;
}

/** The dump first (curl's input), then `rounds` times teleforge into a fresh VictoriaMetrics and curl into another, back to back; the median round. */
export async function benchVictoriaMetrics(options: ReplayBenchOptions, rounds = 3): Promise<VictoriaMetricsBench> {
  const workers = options.workers ?? 2;
  const common = ['--workers', String(workers), ...(options.batchSize ? ['--batch-size', String(options.batchSize)] : [])];
  const dump = tempDir('teleforge-bench-dump-');
  try {
    await replayJson(['replay', 'victoriametrics', options.dataset, '--dump', dump, '--json', '--checkpoint', join(dump, 'ckpt'), ...common]);
    const measured: VictoriaMetricsBench[] = [];
    for (let round = 0; round < rounds; round++) {
      const vm = await new VictoriaMetrics().start();
      let teleforge;
      try {
        teleforge = await replayJson(['replay', 'victoriametrics', options.dataset, '--url', vm.url, '--json', '--checkpoint', join(vm.dataDir, '..', 'bench.ckpt'), ...common]);
      } finally {
        await vm.remove();
      }
      const fresh = await new VictoriaMetrics().start();
      let seconds: number;
      try {
        seconds = curlPost(dump, fresh.url, workers);
      } finally {
        await fresh.remove();
      }
      const curlPerSecond = teleforge.records / seconds;
      measured.push({ samples: teleforge.records, teleforgePerSecond: teleforge.recordsPerSecond, curlPerSecond, ratio: teleforge.recordsPerSecond / curlPerSecond });
    }
    return { ...medianBy(measured, (m) => m.ratio), ratios: measured.map((m) => m.ratio) };
  } finally {
    rmSync(dump, { recursive: true, force: true });
  }
}

export async function benchVictoriaLogs(options: ReplayBenchOptions): Promise<{ logs: number; perSecond: number }> {
  const double = await new VictoriaLogsDouble({ retentionPeriod: '100y' }).start();
  try {
    const result = await replayJson([
      'replay', 'victorialogs', options.dataset, '--url', double.url, '--json', '--checkpoint', join(tempDir(), 'ckpt'),
      '--workers', String(options.workers ?? 2), ...(options.batchSize ? ['--batch-size', String(options.batchSize)] : []),
    ]);
    if (double.times.length !== result.records) throw new Error(`the double stored ${double.times.length} of ${result.records} logs`);
    return { logs: result.records, perSecond: result.recordsPerSecond };
  } finally {
    await double.stop();
  }
}

/** The 1-day k8s-cluster dataset of the benchmark, compiled once. */
export function benchK8sDataset(dir = join(tempDir('teleforge-bench-'), 'k8s-1d')): string {
  if (!existsSync(join(dir, 'summary.json'))) compileDataset('k8s-cluster', dir, ['--duration', '1d']);
  return dir;
}

/** A logs dataset of `rows` rows in the logs contract (until the social-network simulator lands). */
export async function benchLogsDataset(rows = 400_000, dir = tempDir('teleforge-bench-logs-')): Promise<string> {
  if (!existsSync(join(dir, 'summary.json'))) await writeLogsDataset(dir, { days: 2, parts: 2, rowsPerPart: Math.ceil(rows / 4) });
  return dir;
}

async function main(): Promise<void> {
  // `--remote-write`: only the remote write row.
  const onlyRemoteWrite = process.argv.includes('--remote-write');
  const [k8sArg, logsArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const k8s = k8sArg ?? benchK8sDataset();
  if (onlyRemoteWrite) {
    process.stdout.write(`${formatOtlpRow(await benchRemoteWrite(k8s))}\n`);
    return;
  }
  const vm = await benchVictoriaMetrics({ dataset: k8s });
  const fmt = (n: number) => `${(n / 1e6).toFixed(2)}M/s`;
  process.stdout.write(
    `victoriametrics: ${vm.samples} samples — teleforge ${fmt(vm.teleforgePerSecond)}, curl (same bodies, same concurrency) ${fmt(vm.curlPerSecond)}, ratio ${vm.ratio.toFixed(2)} (rounds ${vm.ratios?.map((r) => r.toFixed(2)).join(', ')}; target ≥ 0.8 and ≥ 1M/s)\n`,
  );
  process.stdout.write(`${formatOtlpRow(await benchRemoteWrite(k8s))}\n`);
  const logs = await benchVictoriaLogs({ dataset: logsArg ?? (await benchLogsDataset()) });
  process.stdout.write(`victorialogs (contract double): ${logs.logs} logs — teleforge ${(logs.perSecond / 1e3).toFixed(0)}k/s (target ≥ 200k/s)\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
