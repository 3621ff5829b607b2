/**
 * The simulator interface: what a scenario kind implements. Five members are required (kind,
 * worldSchema, tables, createPlan, simulate); the rest have defaults (sim/defaults.ts). The tables
 * it declares and the batches it yields are the table contract (src/contract/).
 */
import type { Table } from 'apache-arrow';
import type { z } from 'zod';
import type { Batch } from '../contract/batch.js';
import type { TableSpec } from '../contract/table.js';
import type { ResolvedScenario } from '../scenario/types.js';

/** Context every simulator call receives: the resolved scenario and its hash (an RNG seed input). */
export interface SimContext<World> {
  scenario: ResolvedScenario<World>;
  scenarioHash: string;
}

export interface PartitionSpec {
  /** Stable key used in file names (`part-<key>`). */
  key: string;
  /** Estimated rows, used only for progress. */
  estimatedRows: number;
}

export interface SizeEstimate {
  series?: number;
  samples?: number;
  rows: number;
}

/**
 * A property a simulator promises about its output, checked by `teleforge validate` as SQL over
 * the dataset's views (one view per table, named after it; `metrics` joins series to samples).
 */
export interface Invariant {
  name: string;
  /** What is checked, in words. */
  description: string;
  /**
   * Returns one row: `failures` (a count; 0 means the check passes), `figure` (text for people, with
   * the numbers measured) and, for a statistical check, `skip`: NULL, or why the data are too few to
   * decide (the check is then reported SKIP, never FAIL).
   */
  sql: string;
}

export interface Simulator<World, Plan> {
  kind: string;
  worldSchema: z.ZodType<World, unknown>;
  /** Every table it writes (the `incidents` table is added when absent). */
  tables: TableSpec[];
  /** The world plan: topology, lifecycles, incident schedule. Cheap, pure, deterministic. */
  createPlan(context: SimContext<World>): Plan;
  /** Rows of one partition as batches, in a defined order. Pure: depends only on (plan, key). */
  simulate(plan: Plan, partitionKey: string): Iterable<Batch>;

  /** One line for `teleforge scenarios` (default: none). */
  summary?: string;
  /** The plan's partitions (default: one, key `all`). */
  partitions?(plan: Plan): PartitionSpec[];
  /** Ground truth of every injected anomaly, in the `incidents` contract (default: none). */
  incidents?(plan: Plan): Table;
  /** Size without compiling (default: the partitions' estimated rows). */
  estimate?(plan: Plan): SizeEstimate;
  /** Checked by `teleforge validate` (default: none). */
  invariants?: Invariant[];
  /** Facts of the plan that summary.json declares under `declarations` (versions, mappings, when they apply). */
  declarations?(plan: Plan): Record<string, unknown>;
  /** Young generation (MiB per semi-space) of its compile workers, when not the pool's default. */
  workerSemiSpaceMiB?: number;
  /**
   * The plan as data a compile hands its workers (structured-cloneable: typed arrays, plain objects,
   * no functions), and back. Without it each worker draws the plan itself; worth it for a kind
   * whose plan costs more to draw than to copy. `unpack(pack(plan))` must simulate the same rows.
   */
  planTransfer?: PlanTransfer<World, Plan>;
}

export interface PlanTransfer<World, Plan> {
  pack(plan: Plan): unknown;
  unpack(packed: unknown, context: SimContext<World>): Plan;
}

/** A simulator with its defaults filled in (sim/defaults.ts), as the registry hands it out. */
export type CompleteSimulator<World = unknown, Plan = unknown> = Required<Omit<Simulator<World, Plan>, 'workerSemiSpaceMiB' | 'declarations' | 'planTransfer'>> &
  Pick<Simulator<World, Plan>, 'workerSemiSpaceMiB' | 'declarations' | 'planTransfer'>;

/** A simulator with its types erased, as stored in the registry (methods are bivariant). */
export type AnySimulator = CompleteSimulator<unknown, unknown>;
