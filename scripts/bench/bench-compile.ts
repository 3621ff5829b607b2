/** A compile through the real CLI in a child process, as one row of `make bench`. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO } from './common.js';

export const OUT = join(REPO, 'out/bench');

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

/** Compiles with the CLI; the dataset is kept in `out` when given, removed otherwise. */
export function compileRow(label: string, args: string[], keep?: string): BenchRow {
  const out = keep ?? join(OUT, 'dataset');
  rmSync(out, { recursive: true, force: true });
  const launched = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'compile', ...args, '--out', out, '--json', '--force'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const processSeconds = (performance.now() - launched) / 1000;
  if (run.status !== 0) throw new Error(`bench: ${label} failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as {
    tables: Record<string, { rows: number }>;
    bytes: number;
    wall_seconds: number;
    peak_rss_bytes: { main: number; worker: number };
  };
  if (!keep) rmSync(out, { recursive: true, force: true });
  const samples = result.tables.samples?.rows ?? 0;
  return {
    workload: label,
    rows: samples,
    seconds: result.wall_seconds,
    rowsPerSecond: samples / result.wall_seconds,
    bytes: result.bytes,
    bytesPerSecond: result.bytes / result.wall_seconds,
    peakRssMiB: Math.max(result.peak_rss_bytes.main, result.peak_rss_bytes.worker) / 2 ** 20,
    note: `whole command ${processSeconds.toFixed(1)} s (${((samples / processSeconds) / 1e6).toFixed(2)}M/s); RSS main ${mib(result.peak_rss_bytes.main)}, worker ${mib(result.peak_rss_bytes.worker)} MiB`,
  };
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}
