/**
 * Benchmark of the social-network kind (issue 3): compiles `events` root requests for `users`
 * users over the scenario's year, every partition in this process, all tables written as zstd
 * Parquet through the real sink. Reports CPU per root request, rows per CPU-second per table and
 * peak RSS. Run alone with `node dist/scripts/bench-social.js [events] [users] [--no-write] [--json]`;
 * `--no-write` builds every batch but encodes none: the simulation side's share of the CPU.
 * `make bench` starts it with a compile worker's V8 flags (`workerFlags` in src/run/pool.ts).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/plan/scenario.js';
import { peakRssBytes } from '../../src/run/memory.js';
import { INCIDENTS_TABLE } from '../../src/sim/common/incidents.js';
import { getSimulator } from '../../src/sim/registry.js';
import { writeBatch, type OutputOptions } from '../../src/sink/index.js';

export interface SocialBenchResult {
  events: number;
  users: number;
  partitions: number;
  cpuSeconds: number;
  cpuMicrosPerRootEvent: number;
  wallSeconds: number;
  peakRssMiB: number;
  tables: Record<string, { rows: number; cpuSeconds: number; rowsPerCpuSecond: number }>;
}

const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export async function benchSocial(events = 100_000, users = 10_000, write = true): Promise<SocialBenchResult> {
  const out = join(tmpdir(), `teleforge-bench-social-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const output: OutputOptions = { formats: ['parquet'], compression: 'zstd', parquetProfile: 'modern' };
  const wallStart = performance.now();
  const cpuStart = cpuNow();
  const { scenario, scenarioHash } = loadScenario('social-network', { sets: [['world.events', events], ['world.users', users]] });
  const simulator = getSimulator(scenario.kind);
  const plan = simulator.createPlan({ scenario, scenarioHash });
  const specs = new Map(simulator.tables.map((spec) => [spec.name, spec]));
  const tables: SocialBenchResult['tables'] = {};
  const charge = (table: string, rows: number, seconds: number) => {
    const entry = (tables[table] ??= { rows: 0, cpuSeconds: 0, rowsPerCpuSecond: 0 });
    entry.rows += rows;
    entry.cpuSeconds += seconds;
  };
  const partitions = simulator.partitions(plan);
  for (const partition of partitions) {
    let mark = cpuNow();
    for (const batch of simulator.simulate(plan, partition.key)) {
      if (write) await writeBatch(out, specs.get(batch.table)!, batch, partition.key, output);
      const now = cpuNow();
      charge(batch.table, batch.data.numRows, now - mark);
      mark = now;
    }
  }
  const mark = cpuNow();
  const incidents = simulator.incidents(plan);
  if (write) await writeBatch(out, INCIDENTS_TABLE, { table: INCIDENTS_TABLE.name, date: null, data: incidents }, null, output);
  charge(INCIDENTS_TABLE.name, incidents.numRows, cpuNow() - mark);
  const cpuSeconds = cpuNow() - cpuStart;
  const wallSeconds = (performance.now() - wallStart) / 1000;
  for (const entry of Object.values(tables)) entry.rowsPerCpuSecond = Math.round(entry.rows / entry.cpuSeconds);
  rmSync(out, { recursive: true, force: true });
  return {
    events,
    users,
    partitions: partitions.length,
    cpuSeconds,
    cpuMicrosPerRootEvent: (cpuSeconds * 1e6) / events,
    wallSeconds,
    peakRssMiB: peakRssBytes() / 2 ** 20,
    tables,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const write = !args.includes('--no-write');
  const [events, users] = args.filter((a) => !a.startsWith('--')).map(Number);
  const result = await benchSocial(events || undefined, users || undefined, write);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const flags = process.execArgv.length > 0 ? `, V8 flags ${process.execArgv.join(' ')}` : '';
    console.log(`social-network: ${result.events} root events, ${result.users} users, ${result.partitions} partitions${write ? '' : ', tables built but not written'}${flags}`);
    console.log(`  CPU ${result.cpuSeconds.toFixed(2)} s = ${result.cpuMicrosPerRootEvent.toFixed(1)} µs per root event (target ≤ ${write ? 40 : 20}); wall ${result.wallSeconds.toFixed(2)} s; peak RSS ${result.peakRssMiB.toFixed(0)} MiB`);
    for (const [table, t] of Object.entries(result.tables)) {
      console.log(`  ${table.padEnd(12)} ${String(t.rows).padStart(10)} rows  ${String(t.rowsPerCpuSecond).padStart(9)} rows/CPU-s`);
    }
  }
}
