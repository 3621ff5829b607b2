/**
 * `make bench`: throughput and peak RSS of the workloads the issues name, printed as a table and
 * saved to out/bench/results.json. Each compile runs the real CLI in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNarrowBaseline } from './bench-baseline.js';
import { OUT, compileRow, type BenchRow } from './bench-compile.js';
import { benchDatacenter, printDatacenter } from './bench-datacenter.js';
import { formatOtlpRow, benchOtlpAll, benchRemoteWrite } from './bench-otlp.js';
import { benchProducer } from './bench-producer.js';
import { benchQuery } from './bench-query.js';
import { benchLogsDataset, benchVictoriaLogs, benchVictoriaMetrics } from './bench-replay.js';
import { benchAgentic, formatAgentic } from './bench-agentic.js';
import { benchReport, formatReport } from './bench-report.js';
import type { SocialBenchResult } from './bench-social.js';
import { workerFlags } from '../../src/run/pool.js';
import { socialSimulator } from '../../src/sim/social/index.js';


function print(rows: BenchRow[]): void {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(`\n${'workload'.padEnd(44)} ${'rows'.padStart(13)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(12)} ${'MB/s'.padStart(7)} ${'peak RSS MiB'.padStart(12)}  note`);
  for (const row of rows) {
    console.log(
      `${row.workload.padEnd(44)} ${fmt(row.rows).padStart(13)} ${fmt(row.seconds, 1).padStart(8)} ${fmt(row.rowsPerSecond).padStart(12)} ` +
        `${fmt(row.bytesPerSecond / 1e6, 1).padStart(7)} ${fmt(row.peakRssMiB).padStart(12)}  ${row.note ?? ''}`,
    );
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`teleforge bench on ${machine}`);
  const rows: BenchRow[] = [];

  const baseline = encodeNarrowBaseline(10_000_000);
  rows.push(baseline);
  console.log(`baseline: parquet-wasm alone, ${baseline.rowsPerSecond.toFixed(0)} rows/s`);

  const k8s1d = join(OUT, 'k8s-1d');
  const k8s30d = join(OUT, 'k8s-30d');
  // 7 and 60 days: peak RSS must not grow with the duration (issue 2).
  const runs = [['1d', 1, undefined], ['1d', 2, k8s1d], ['7d', 2, undefined], ['30d', 1, undefined], ['30d', 2, k8s30d], ['60d', 2, undefined]] as const;
  for (const [duration, workers, keep] of runs) {
    const row = compileRow(`compile k8s-cluster ${duration} --workers ${workers}`, ['k8s-cluster', '--duration', duration, '--workers', String(workers)], keep);
    row.note = `${(row.rowsPerSecond / baseline.rowsPerSecond).toFixed(2)}× baseline; ${row.note}`;
    rows.push(row);
    console.log(`${row.workload}: ${row.rowsPerSecond.toFixed(0)} samples/s`);
  }
  print(rows);

  const datacenter = benchDatacenter(baseline);
  printDatacenter(datacenter, baseline);

  console.log('\nsocial-network: 100,000 events / 10,000 users, all tables as Parquet');
  // Its own process, so that peak RSS and CPU include nothing before it, started as a worker of a
  // default compile (one per core) is: with the same V8 flags.
  const flags = workerFlags(availableParallelism(), socialSimulator.workerSemiSpaceMiB);
  console.log(`  (one process with a compile worker's V8 flags: ${flags.join(' ')})`);
  const socialRun = spawnSync(process.execPath, [...flags, fileURLToPath(new URL('../../bundle/bench-social.js', import.meta.url)), '100000', '10000', '--json'], { encoding: 'utf8' });
  if (socialRun.status !== 0) throw new Error(`bench: social-network failed: ${socialRun.stderr}`);
  const social = JSON.parse(socialRun.stdout) as SocialBenchResult;
  console.log(`  CPU per root event ${social.cpuMicrosPerRootEvent.toFixed(1)} µs (target ≤ 40), peak RSS ${social.peakRssMiB.toFixed(0)} MiB, wall ${social.wallSeconds.toFixed(1)} s`);
  for (const [table, figures] of Object.entries(social.tables)) console.log(`  ${table.padEnd(12)} ${figures.rows.toLocaleString('en-US').padStart(12)} rows  ${Math.round(figures.rowsPerCpuSecond).toLocaleString('en-US').padStart(10)} rows per CPU-second`);

  const socialDefault = join(OUT, 'social-network');
  const socialRow = compileRow('compile social-network (default, 1M events) --workers 2', ['social-network', '--workers', '2'], socialDefault);
  console.log(`  ${socialRow.workload}: ${socialRow.seconds.toFixed(1)} s`);

  console.log('\nagentic-ide: default scenario (1M spans), all tables as Parquet');
  const agentic = await benchAgentic();
  for (const line of formatAgentic(agentic)) console.log(line);

  console.log('\nquery (DuckDB) — target ≤ 2 s each');
  const queries: Array<{ dataset: string; workload: string; ms: number; rows: number }> = [];
  for (const [name, dir] of [['k8s-cluster 30d', k8s30d], ['social-network default', socialDefault]] as const) {
    for (const row of await benchQuery(dir)) {
      queries.push({ dataset: name, ...row });
      console.log(`  ${name.padEnd(24)} ${row.workload.padEnd(44)} ${String(row.ms).padStart(7)} ms  ${row.rows.toLocaleString('en-US')} rows`);
    }
  }

  console.log('\nreport — teleforge report of the k8s-cluster 30-day dataset');
  const report = benchReport(k8s30d);
  console.log(formatReport(report));

  console.log('\nreplay — k8s-cluster 1 day into a local VictoriaMetrics (import, remote write) vs curl with the same bodies');
  const vm = await benchVictoriaMetrics({ dataset: k8s1d });
  console.log(`  ${vm.samples.toLocaleString('en-US')} samples: teleforge ${Math.round(vm.teleforgePerSecond).toLocaleString('en-US')}/s, curl ${Math.round(vm.curlPerSecond).toLocaleString('en-US')}/s, ratio ${vm.ratio.toFixed(2)} (rounds ${vm.ratios?.map((r) => r.toFixed(2)).join(', ')})`);
  const remoteWrite = await benchRemoteWrite(k8s1d);
  console.log(`  ${formatOtlpRow(remoteWrite)}`);
  const vl = await benchVictoriaLogs({ dataset: await benchLogsDataset() });
  console.log(`  VictoriaLogs contract double: ${vl.logs.toLocaleString('en-US')} logs, ${Math.round(vl.perSecond).toLocaleString('en-US')} logs/s`);

  console.log('\nreplay — OTLP (loopback receiver), each vs curl with the same bodies');
  const otlp = await benchOtlpAll((row) => console.log(`  ${formatOtlpRow(row)}`));

  console.log('\nproducer — produce → file vs dd, http target vs curl (same bodies), rate accuracy (medians of 3)');
  const producer = await benchProducer({ log: (line) => console.log(`  ${line}`) });

  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify({ machine, rows, datacenter, social, socialDefault: socialRow, agentic, queries, report, replay: { victoriametrics: vm, remoteWrite, victorialogs: vl, otlp }, producer }, null, 2)}\n`);
  for (const dir of [k8s1d, k8s30d, socialDefault]) rmSync(dir, { recursive: true, force: true });
}

await main();
