/**
 * Benchmark of the datacenter kind (issue 19): the default scenario (10 servers, 5 services, 1 s)
 * compiled for 1 and 30 days with 2 workers, each `runs` times through the real CLI; the median
 * samples/s as a ratio to the parquet-wasm narrow baseline of the same run (target ≥ 3.0), and the
 * largest peak RSS of any process (target ≤ 256 MiB, for 1 day as for 30).
 * Alone: `node dist/scripts/bench-datacenter.js [runs]` (measures its own baseline first).
 */
import { pathToFileURL } from 'node:url';
import { encodeNarrowBaseline } from './bench-baseline.js';
import { compileRow, type BenchRow } from './bench-compile.js';
import { medianBy } from './common.js';

export interface DatacenterBenchRow {
  duration: string;
  runs: BenchRow[];
  medianSamplesPerSecond: number;
  ratio: number;
  peakRssMiB: number;
}

const TARGET_RATIO = 3;
const TARGET_RSS_MIB = 256;

export function benchDatacenter(baseline: BenchRow, runs = 3): DatacenterBenchRow[] {
  return ['1d', '30d'].map((duration) => {
    const rows = Array.from({ length: runs }, (_, run) =>
      compileRow(`compile datacenter ${duration} --workers 2 (run ${run + 1})`, ['datacenter', '--duration', duration, '--workers', '2']),
    );
    const median = medianBy(rows, (row) => row.rowsPerSecond).rowsPerSecond;
    return { duration, runs: rows, medianSamplesPerSecond: median, ratio: median / baseline.rowsPerSecond, peakRssMiB: Math.max(...rows.map((row) => row.peakRssMiB)) };
  });
}

export function printDatacenter(rows: DatacenterBenchRow[], baseline: BenchRow): void {
  console.log(`\ndatacenter (default: 10 servers, 5 services, 1 s), 2 workers — baseline ${(baseline.rowsPerSecond / 1e6).toFixed(2)}M rows/s`);
  for (const row of rows) {
    for (const run of row.runs) console.log(`  ${run.workload.padEnd(44)} ${(run.rowsPerSecond / 1e6).toFixed(2).padStart(6)}M samples/s  ${run.seconds.toFixed(1).padStart(6)} s  ${run.peakRssMiB.toFixed(0)} MiB  ${run.note ?? ''}`);
    const ok = row.ratio >= TARGET_RATIO && row.peakRssMiB <= TARGET_RSS_MIB ? 'ok' : 'MISSED';
    console.log(
      `  ${row.duration}: median ${(row.medianSamplesPerSecond / 1e6).toFixed(2)}M samples/s = ${row.ratio.toFixed(2)}× baseline (target ≥ ${TARGET_RATIO}), ` +
        `peak RSS ${row.peakRssMiB.toFixed(0)} MiB (target ≤ ${TARGET_RSS_MIB}) — ${ok}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseline = encodeNarrowBaseline(10_000_000);
  printDatacenter(benchDatacenter(baseline, Number(process.argv[2] ?? 3)), baseline);
}
