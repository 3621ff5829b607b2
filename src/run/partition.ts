/** Runs one partition: simulate, write every batch in every format, then record its manifest. */
import { partitionPlan } from '../plan/partition-plan.js';
import type { ResolvedScenario } from '../scenario/types.js';
import type { AnySimulator } from '../sim/types.js';
import { writeBatch, type FileRecord, type OutputOptions } from '../sink/index.js';
import { writePartitionManifest, type PartitionManifest } from '../dataset/directory.js';

export interface PartitionJob {
  scenario: ResolvedScenario;
  scenarioHash: string;
  outDir: string;
  output: OutputOptions;
  partitionKey: string;
  /** The kind's plan packed by the compiling process (Simulator.planTransfer), with a worker's first job. */
  plan?: unknown;
}

/** `kind`: the registry's simulator of the scenario unless given (tests compile kinds of their own). */
export async function runPartition(job: PartitionJob, onRows: (rows: number) => void, kind?: AnySimulator): Promise<PartitionManifest> {
  const { simulator, plan } = partitionPlan(job.scenario, job.scenarioHash, kind, job.plan);
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
