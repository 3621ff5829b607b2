/**
 * Benchmark of the agentic-ide kind (issue 20): the default scenario (1M spans over a week), in
 * two ways. In one process started with a compile worker's V8 flags, every partition simulated
 * and all its tables written as zstd Parquet through the real sink, plus the ground truth: CPU per
 * span and rows per CPU-second per table. Then the real `compile --workers 2` in a child process:
 * its CPU (the CLI and its reaped workers, from /proc/self/stat's cutime and cstime), wall time
 * and the peak RSS of each process. Run alone with `node dist/scripts/bench-agentic.js [spans] [--json]`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/plan/scenario.js';
import { INCIDENTS_TABLE } from '../../src/sim/common/incidents.js';
import { workerFlags } from '../../src/run/pool.js';
import { CLI, childrenCpuSeconds, medianBy } from './common.js';
import { agenticSimulator } from '../../src/sim/agentic/index.js';
import { getSimulator } from '../../src/sim/registry.js';
import { writeBatch, type OutputOptions } from '../../src/sink/index.js';
import { peakRssBytes } from '../../src/run/memory.js';

export interface AgenticBenchResult {
  spans: number;
  inProcess: { cpuSeconds: number; cpuMicrosPerSpan: number; spansPerCpuSecond: number; peakRssMiB: number; tables: Record<string, { rows: number; cpuSeconds: number; rowsPerCpuSecond: number }> };
  compile: { workers: number; cpuSeconds: number; cpuMicrosPerSpan: number; spansPerCpuSecond: number; wallSeconds: number; peakRssMiB: { main: number; worker: number }; cpuSecondsOfRounds?: number[] };
}

const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function inProcess(spans: number): Promise<AgenticBenchResult['inProcess']> {
  const out = join(tmpdir(), `teleforge-bench-agentic-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const output: OutputOptions = { formats: ['parquet'], compression: 'zstd', parquetProfile: 'modern' };
  const cpuStart = cpuNow();
  const { scenario, scenarioHash } = loadScenario('agentic-ide', { sets: [['world.total_events', spans]] });
  const simulator = getSimulator(scenario.kind);
  const plan = simulator.createPlan({ scenario, scenarioHash });
  const specs = new Map(simulator.tables.map((spec) => [spec.name, spec]));
  const tables: AgenticBenchResult['inProcess']['tables'] = {};
  const charge = (table: string, rows: number, seconds: number) => {
    const entry = (tables[table] ??= { rows: 0, cpuSeconds: 0, rowsPerCpuSecond: 0 });
    entry.rows += rows;
    entry.cpuSeconds += seconds;
  };
  charge('(plan)', 0, cpuNow() - cpuStart);
  for (const partition of simulator.partitions(plan)) {
    let mark = cpuNow();
    for (const batch of simulator.simulate(plan, partition.key)) {
      await writeBatch(out, specs.get(batch.table)!, batch, partition.key, output);
      const now = cpuNow();
      charge(batch.table, batch.data.numRows, now - mark);
      mark = now;
    }
  }
  const mark = cpuNow();
  const incidents = simulator.incidents(plan);
  await writeBatch(out, INCIDENTS_TABLE, { table: INCIDENTS_TABLE.name, date: null, data: incidents }, null, output);
  charge(INCIDENTS_TABLE.name, incidents.numRows, cpuNow() - mark);
  const cpuSeconds = cpuNow() - cpuStart;
  for (const entry of Object.values(tables)) entry.rowsPerCpuSecond = Math.round(entry.rows / Math.max(entry.cpuSeconds, 1e-9));
  rmSync(out, { recursive: true, force: true });
  return { cpuSeconds, cpuMicrosPerSpan: (cpuSeconds * 1e6) / spans, spansPerCpuSecond: Math.round(spans / cpuSeconds), peakRssMiB: peakRssBytes() / 2 ** 20, tables };
}

function compiled(spans: number, workers: number): AgenticBenchResult['compile'] {
  const out = join(tmpdir(), `teleforge-bench-agentic-compile-${process.pid}`);
  const before = childrenCpuSeconds();
  const run = spawnSync(process.execPath, [CLI, 'compile', 'agentic-ide', '--set', `world.total_events=${spans}`, '--workers', String(workers), '--out', out, '--force', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const cpuSeconds = childrenCpuSeconds() - before;
  rmSync(out, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`bench: agentic-ide compile failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { wall_seconds: number; peak_rss_bytes: { main: number; worker: number } };
  return {
    workers,
    cpuSeconds,
    cpuMicrosPerSpan: (cpuSeconds * 1e6) / spans,
    spansPerCpuSecond: Math.round(spans / cpuSeconds),
    wallSeconds: result.wall_seconds,
    peakRssMiB: { main: result.peak_rss_bytes.main / 2 ** 20, worker: result.peak_rss_bytes.worker / 2 ** 20 },
  };
}

/** The one-process measurement, in a child process of its own (its CPU and peak RSS are its alone). */
function inChildProcess(spans: number): AgenticBenchResult['inProcess'] {
  const flags = workerFlags(availableParallelism(), agenticSimulator.workerSemiSpaceMiB);
  const run = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), String(spans), '--in-process'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench: agentic-ide in one process failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as AgenticBenchResult['inProcess'];
}

/** The compile run with the median CPU of `rounds` (the machine is shared: one run can be another's noise). */
function medianCompile(spans: number, workers: number, rounds: number): AgenticBenchResult['compile'] {
  const runs = Array.from({ length: rounds }, () => compiled(spans, workers));
  return { ...medianBy(runs, (run) => run.cpuSeconds), cpuSecondsOfRounds: runs.map((run) => run.cpuSeconds).sort((a, b) => a - b) };
}

export async function benchAgentic(spans = 1_000_000, rounds = 3): Promise<AgenticBenchResult> {
  return { spans, inProcess: inChildProcess(spans), compile: medianCompile(spans, 2, rounds) };
}

/** The lines `make bench` prints. */
export function formatAgentic(result: AgenticBenchResult): string[] {
  const { inProcess: p, compile: c } = result;
  return [
    `  compile --workers 2 (median of ${c.cpuSecondsOfRounds?.map((x) => x.toFixed(2)).join(', ') ?? 'one run'} CPU-s): CPU ${c.cpuSeconds.toFixed(2)} s = ${c.cpuMicrosPerSpan.toFixed(2)} µs per span (target ≤ 5), ${c.spansPerCpuSecond.toLocaleString('en-US')} spans per CPU-second; wall ${c.wallSeconds.toFixed(1)} s; peak RSS main ${c.peakRssMiB.main.toFixed(0)} MiB, worker ${c.peakRssMiB.worker.toFixed(0)} MiB (target ≤ 512)`,
    `  one process: CPU ${p.cpuSeconds.toFixed(2)} s = ${p.cpuMicrosPerSpan.toFixed(2)} µs per span, peak RSS ${p.peakRssMiB.toFixed(0)} MiB`,
    ...Object.entries(p.tables).map(([table, t]) => `  ${table.padEnd(12)} ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${t.cpuSeconds.toFixed(2).padStart(6)} CPU-s  ${t.rowsPerCpuSecond.toLocaleString('en-US').padStart(10)} rows per CPU-second`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const [spans] = args.filter((a) => !a.startsWith('--')).map(Number);
  if (args.includes('--in-process')) {
    process.stdout.write(`${JSON.stringify(await inProcess(spans || 1_000_000))}\n`);
    process.exit(0);
  }
  const result = await benchAgentic(spans || undefined);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    console.log(`agentic-ide: ${result.spans.toLocaleString('en-US')} spans (default scenario), all tables as Parquet`);
    for (const line of formatAgentic(result)) console.log(line);
  }
}
