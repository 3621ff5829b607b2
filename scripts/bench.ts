/**
 * `make bench`: throughput and peak RSS of the workloads the issues name, printed as a table and
 * saved to out/bench/results.json. Each compile runs the real CLI in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNarrowBaseline } from './bench-baseline.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'bin/teleforge.js');
const OUT = join(REPO, 'out/bench');

export interface BenchRow {
  workload: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  bytesPerSecond: number;
  peakRssMiB: number;
  note?: string;
}

function compileRow(label: string, args: string[]): BenchRow {
  const out = join(OUT, 'dataset');
  rmSync(out, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [CLI, 'compile', ...args, '--out', out, '--json', '--force'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`bench: ${label} failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as {
    tables: Record<string, { rows: number }>;
    bytes: number;
    wall_seconds: number;
    peak_rss_bytes: { main: number; worker: number };
  };
  rmSync(out, { recursive: true, force: true });
  const samples = result.tables.samples?.rows ?? 0;
  return {
    workload: label,
    rows: samples,
    seconds: result.wall_seconds,
    rowsPerSecond: samples / result.wall_seconds,
    bytes: result.bytes,
    bytesPerSecond: result.bytes / result.wall_seconds,
    peakRssMiB: Math.max(result.peak_rss_bytes.main, result.peak_rss_bytes.worker) / 2 ** 20,
  };
}

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

  for (const [duration, workers] of [['1d', 1], ['1d', 2], ['30d', 1], ['30d', 2]] as const) {
    const row = compileRow(`compile k8s-cluster ${duration} --workers ${workers}`, ['k8s-cluster', '--duration', duration, '--workers', String(workers)]);
    row.note = `${(row.rowsPerSecond / baseline.rowsPerSecond).toFixed(2)}× baseline`;
    rows.push(row);
    console.log(`${row.workload}: ${row.rowsPerSecond.toFixed(0)} samples/s`);
  }
  print(rows);
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
}

await main();
