/**
 * Report benchmark (issue 22): `teleforge report` of a compiled dataset (make bench: the 30-day
 * k8s one) through the CLI, three runs: wall time (target ≤ 15 s), CPU of the process (DuckDB's
 * threads included) and the size of the HTML file (target under ~3 MB). Alone:
 * `node dist/scripts/bench/bench-report.js <dataset>`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../test/helpers.js';
import { CLI, childrenCpuSeconds, medianBy } from './common.js';

export interface ReportBench {
  wallSeconds: number;
  cpuSeconds: number;
  bytes: number;
  runs: number[];
}

export function benchReport(dataset: string, rounds = 3): ReportBench {
  const out = join(tempDir('teleforge-bench-report-'), 'report.html');
  const runs: { wall: number; cpu: number; bytes: number }[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const cpu = childrenCpuSeconds();
      const began = performance.now();
      const run = spawnSync(process.execPath, [CLI, 'report', dataset, '--out', out], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`bench: report failed: ${run.stderr}`);
      runs.push({ wall: (performance.now() - began) / 1000, cpu: childrenCpuSeconds() - cpu, bytes: statSync(out).size });
    }
  } finally {
    rmSync(out, { force: true });
  }
  const median = medianBy(runs, (run) => run.wall);
  return { wallSeconds: median.wall, cpuSeconds: median.cpu, bytes: median.bytes, runs: runs.map((r) => r.wall) };
}

export function formatReport(result: ReportBench): string {
  return `  report: ${result.wallSeconds.toFixed(1)} s wall (median of ${result.runs.map((s) => s.toFixed(1)).join(', ')}; target ≤ 15 s), ${result.cpuSeconds.toFixed(1)} CPU-s, ${(result.bytes / 2 ** 20).toFixed(2)} MiB HTML (target under ~3 MB)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dataset = process.argv[2];
  if (dataset) console.log(formatReport(benchReport(dataset)));
  else {
    console.error('usage: node dist/scripts/bench/bench-report.js <dataset directory>');
    process.exitCode = 2;
  }
}
