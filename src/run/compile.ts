/**
 * Compiles a scenario into a dataset directory: plan, run the missing partitions in worker
 * processes, write the ground truth, and once every partition is present, summary.json.
 */
import { resolve as resolvePath } from 'node:path';
import pMap from 'p-map';
import { selectShard, type Shard } from '../plan/partitions.js';
import { loadScenario } from '../scenario/resolve.js';
import type { ScenarioOverrides } from '../scenario/types.js';
import { INCIDENTS_TABLE } from '../sim/common/incidents.js';
import { getSimulator } from '../sim/registry.js';
import type { PartitionSpec, SizeEstimate } from '../sim/types.js';
import { writeBatch, type FileRecord, type OutputOptions } from '../sink/index.js';
import { checkDatasetDir, completedPartitions, prepareDatasetDir, removeStaleTempFiles, writeJson, type DatasetIdentity } from './dataset.js';
import { planFor } from './partition.js';
import { WorkerPool } from './pool.js';
import { buildSummary, type Summary } from './summary.js';

export interface CompileOptions {
  scenario: string;
  /** Dataset directory; defaults to `out/<scenario name>`. */
  out?: string;
  workers: number;
  output: OutputOptions;
  overrides?: ScenarioOverrides;
  shard?: Shard;
  force?: boolean;
}

export interface CompileEvents {
  onStart?(info: { outDir: string; partitions: number; pending: number; estimatedRows: number }): void;
  onRows?(rows: number): void;
  onPartitionDone?(key: string): void;
}

export interface CompileResult {
  outDir: string;
  scenario: string;
  scenarioHash: string;
  partitions: { total: number; selected: number; compiled: number; resumed: number };
  /** True when every partition of the plan is present and summary.json was written. */
  complete: boolean;
  /** Rows and bytes per table written by this run's partitions and the ones it found done. */
  tables: Record<string, { rows: number; bytes: number }>;
  rows: number;
  bytes: number;
  wallMs: number;
  /** Peak resident memory of this process and of the largest worker. */
  peakRssBytes: { main: number; worker: number };
  summary?: Summary;
}

export async function compile(options: CompileOptions, events: CompileEvents = {}): Promise<CompileResult> {
  const began = performance.now();
  // Workers load their modules while this process plans; they need nothing from it before a job.
  const pool = WorkerPool.create(options.workers);
  try {
    return await compileWith(pool, began, options, events);
  } finally {
    pool.close();
  }
}

async function compileWith(pool: WorkerPool, began: number, options: CompileOptions, events: CompileEvents): Promise<CompileResult> {
  const { scenario, scenarioHash } = loadScenario(options.scenario, options.overrides);
  const simulator = getSimulator(scenario.kind);
  const outDir = resolvePath(options.out ?? `out/${scenario.name}`);
  const identity: DatasetIdentity = {
    scenario: scenario.name,
    scenario_hash: scenarioHash,
    formats: options.output.formats,
    compression: options.output.compression,
  };
  checkDatasetDir(outDir, identity, options.force ?? false);
  const plan = planFor(simulator, scenario, scenarioHash);
  const partitions = simulator.partitions(plan);
  await prepareDatasetDir(outDir, identity, options.force ?? false);
  await removeStaleTempFiles(outDir);

  const done = await completedPartitions(outDir);
  const selected = selectShard(partitions, options.shard);
  const pending = selected.filter((partition) => !done.has(partition.key));
  events.onStart?.({ outDir, partitions: selected.length, pending: pending.length, estimatedRows: sum(pending) });

  const files: FileRecord[] = selected.flatMap((partition) => done.get(partition.key)?.files ?? []);
  if (pending.length > 0) {
    const manifests = await pMap(
      pending,
      async (partition: PartitionSpec) => {
        const manifest = await pool.run({ scenario, scenarioHash, outDir, output: options.output, partitionKey: partition.key }, (rows) =>
          events.onRows?.(rows),
        );
        events.onPartitionDone?.(partition.key);
        return manifest;
      },
      { concurrency: pool.size },
    );
    for (const manifest of manifests) files.push(...manifest.files);
  }

  const incidents = simulator.incidents(plan);
  files.push(...(await writeBatch(outDir, INCIDENTS_TABLE, { table: INCIDENTS_TABLE.name, date: null, data: incidents }, null, options.output)));
  await writeJson(outDir, 'scenario.resolved.json', scenario);

  const all = await completedPartitions(outDir);
  const complete = partitions.every((partition) => all.has(partition.key));
  let summary: Summary | undefined;
  if (complete) {
    const incidentKinds = Array.from(incidents.getChild('kind') ?? [], (kind) => String(kind));
    const allFiles = [...partitions.flatMap((partition) => all.get(partition.key)!.files), ...files.filter((file) => file.table === INCIDENTS_TABLE.name)];
    summary = buildSummary({
      scenario,
      scenarioHash,
      output: options.output,
      partitions: partitions.length,
      tables: simulator.tables,
      files: allFiles,
      incidentKinds,
    });
    await writeJson(outDir, 'summary.json', summary);
  }
  return {
    outDir,
    scenario: scenario.name,
    scenarioHash,
    partitions: { total: partitions.length, selected: selected.length, compiled: pending.length, resumed: selected.length - pending.length },
    complete,
    tables: tableTotals(files, options.output.formats[0]!),
    rows: files.filter((file) => file.format === options.output.formats[0]).reduce((total, file) => total + file.rows, 0),
    bytes: files.reduce((total, file) => total + file.bytes, 0),
    wallMs: performance.now() - began,
    peakRssBytes: { main: process.resourceUsage().maxRSS * 1024, worker: pool.peakWorkerRssBytes },
    summary,
  };
}

function sum(partitions: PartitionSpec[]): number {
  return partitions.reduce((total, partition) => total + partition.estimatedRows, 0);
}

function tableTotals(files: FileRecord[], countedFormat: string): Record<string, { rows: number; bytes: number }> {
  const totals: Record<string, { rows: number; bytes: number }> = {};
  for (const file of files) {
    const entry = (totals[file.table] ??= { rows: 0, bytes: 0 });
    entry.bytes += file.bytes;
    if (file.format === countedFormat) entry.rows += file.rows;
  }
  return totals;
}

/** Size of a scenario without compiling it (for `teleforge scenarios`). */
export function estimateScenario(ref: string, overrides?: ScenarioOverrides): { estimate: SizeEstimate; description: string; name: string; kind: string } {
  const { scenario, scenarioHash } = loadScenario(ref, overrides);
  const simulator = getSimulator(scenario.kind);
  const plan = planFor(simulator, scenario, scenarioHash);
  return { estimate: simulator.estimate(plan), description: scenario.description || simulator.summary, name: scenario.name, kind: scenario.kind };
}
