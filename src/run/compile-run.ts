/** The work of `compile` once its workers are forked: plan, run pending partitions, ground truth, summary. */
import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import pMap from 'p-map';
import { partitionPlan } from '../plan/partition-plan.js';
import { getSimulator } from '../sim/registry.js';
import { loadScenario } from '../plan/scenario.js';
import { emptyShard, selectShard } from '../plan/shard.js';
import { INCIDENTS_TABLE } from '../sim/common/incidents.js';
import type { PartitionSpec } from '../sim/types.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { onceFilePaths, writeBatch, type FileRecord } from '../sink/index.js';
import { peakRssBytes } from './memory.js';
import { checkDatasetDir, completedPartitions, prepareDatasetDir, removeStaleTempFiles, writeJson, type DatasetIdentity } from '../dataset/directory.js';
import type { CompileEvents, CompileOptions, CompileResult } from './types.js';
import { WorkerPool } from './pool.js';
import { buildSummary, type Summary } from '../dataset/summary.js';

export async function compileWith(began: number, options: CompileOptions, events: CompileEvents): Promise<CompileResult> {
  const { scenario, scenarioHash } = loadScenario(options.scenario, options.overrides);
  const kind = getSimulator(scenario.kind);
  // Forked once the kind is known (its young generation is a start-up flag: forking earlier cost
  // a kind that wants another one a second set of workers, ~0.2 CPU-s each) and before the plan,
  // which their start-up overlaps. One per core at first: the plan may have fewer partitions.
  const pool = WorkerPool.create(Math.min(options.workers, availableParallelism()), kind.workerSemiSpaceMiB);
  try {
    return await compileOn(pool, began, options, events, scenario, scenarioHash);
  } finally {
    pool.close();
  }
}

async function compileOn(pool: WorkerPool, began: number, options: CompileOptions, events: CompileEvents, scenario: ResolvedScenario, scenarioHash: string): Promise<CompileResult> {
  const { simulator, plan, partitions } = partitionPlan(scenario, scenarioHash);
  const outDir = resolvePath(options.out ?? `out/${scenario.name}`);
  const identity: DatasetIdentity = {
    scenario: scenario.name,
    scenario_hash: scenarioHash,
    formats: options.output.formats,
    compression: options.output.compression,
    parquet_profile: options.output.parquetProfile,
  };
  checkDatasetDir(outDir, identity, options.force ?? false);
  const selected = selectShard(partitions, options.shard);
  if (selected.length === 0) throw emptyShard(options.shard!, partitions.length);
  await prepareDatasetDir(outDir, identity, options.force ?? false, onceFilePaths(INCIDENTS_TABLE));
  await removeStaleTempFiles(outDir);

  const done = await completedPartitions(outDir);
  const pending = selected.filter((partition) => !done.has(partition.key));
  // More workers than partitions to compile would only idle (10,000 of them forked 269 processes).
  pool.resize(Math.min(options.workers, pending.length));
  events.onStart?.({ outDir, partitions: selected.length, pending: pending.length, estimatedRows: sum(pending), workers: pool.size });

  const files: FileRecord[] = selected.flatMap((partition) => done.get(partition.key)?.files ?? []);
  if (pending.length > 0) {
    const packed = simulator.planTransfer?.pack(plan);
    const manifests = await pMap(
      pending,
      async (partition: PartitionSpec) => {
        const manifest = await pool.run({ scenario, scenarioHash, outDir, output: options.output, partitionKey: partition.key }, (rows) => events.onRows?.(rows), packed);
        events.onPartitionDone?.(partition.key);
        return manifest;
      },
      { concurrency: pool.size },
    );
    for (const manifest of manifests) {
      files.push(...manifest.files);
      done.set(manifest.key, manifest);
    }
  }

  const incidents = simulator.incidents(plan);
  files.push(...(await writeBatch(outDir, INCIDENTS_TABLE, { table: INCIDENTS_TABLE.name, date: null, data: incidents }, null, options.output)));
  writeJson(outDir, 'scenario.resolved.json', scenario);

  // Other shards may have finished partitions meanwhile; the ones known here are not read again.
  const all = await completedPartitions(outDir, done);
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
      declarations: simulator.declarations?.(plan),
    });
    writeJson(outDir, 'summary.json', summary);
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
    peakRssBytes: { main: peakRssBytes(), worker: pool.peakWorkerRssBytes },
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
