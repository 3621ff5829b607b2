/**
 * The partition plan: a scenario's kind, its world plan and the fixed list of partitions it
 * compiles to. Depends only on the resolved scenario, never on --workers; `--shard` (shard.ts)
 * takes a slice of it. Built once per process and scenario (workers run many partitions).
 */
import type { ResolvedScenario } from '../scenario/types.js';
import { getSimulator } from '../sim/registry.js';
import type { AnySimulator, PartitionSpec } from '../sim/types.js';

export interface PartitionPlan {
  simulator: AnySimulator;
  /** The kind's world plan (opaque here): topology, lifecycles, incident schedule. */
  plan: unknown;
  partitions: PartitionSpec[];
}

let cached: { hash: string; plan: PartitionPlan } | undefined;

/** `packed`: the plan as the compiling process packed it (Simulator.planTransfer), instead of drawing it again. */
export function partitionPlan(scenario: ResolvedScenario, scenarioHash: string, simulator: AnySimulator = getSimulator(scenario.kind), packed?: unknown): PartitionPlan {
  if (cached?.hash !== scenarioHash || cached.plan.simulator !== simulator) {
    const context = { scenario, scenarioHash };
    const plan = packed !== undefined && simulator.planTransfer ? simulator.planTransfer.unpack(packed, context) : simulator.createPlan(context);
    cached = { hash: scenarioHash, plan: { simulator, plan, partitions: simulator.partitions(plan) } };
  }
  return cached.plan;
}
