/** Runs one partition: simulate, write every batch in every format, then record its manifest. */
import type { ResolvedScenario } from '../scenario/types.js';
import { getSimulator } from '../sim/registry.js';
import type { AnySimulator } from '../sim/types.js';
import { writeBatch, type FileRecord, type OutputOptions } from '../sink/index.js';
import { writePartitionManifest, type PartitionManifest } from './dataset.js';

export interface PartitionJob {
  scenario: ResolvedScenario;
  scenarioHash: string;
  outDir: string;
  output: OutputOptions;
  partitionKey: string;
}

let cached: { hash: string; plan: unknown } | undefined;

/** The world plan, built once per process and scenario. */
export function planFor(simulator: AnySimulator, scenario: ResolvedScenario, scenarioHash: string): unknown {
  if (cached?.hash !== scenarioHash) cached = { hash: scenarioHash, plan: simulator.createPlan({ scenario, scenarioHash }) };
  return cached.plan;
}

export async function runPartition(job: PartitionJob, onRows: (rows: number) => void): Promise<PartitionManifest> {
  const simulator = getSimulator(job.scenario.kind);
  const plan = planFor(simulator, job.scenario, job.scenarioHash);
  const specs = new Map(simulator.tables.map((spec) => [spec.name, spec]));
  const files: FileRecord[] = [];
  for (const batch of simulator.simulate(plan, job.partitionKey)) {
    const spec = specs.get(batch.table);
    if (!spec) throw new Error(`${simulator.kind}: batch for undeclared table '${batch.table}'`);
    files.push(...(await writeBatch(job.outDir, spec, batch, job.partitionKey, job.output)));
    onRows(batch.data.numRows);
  }
  const manifest = { key: job.partitionKey, files };
  await writePartitionManifest(job.outDir, manifest);
  return manifest;
}
