/** Fills in what a scenario kind leaves out, so a new kind needs only the five required members. */
import { INCIDENTS_TABLE, incidentsTable } from './common/incidents.js';
import type { CompleteSimulator, PartitionSpec, Simulator } from './types.js';

/** The partition of a kind that declares none. */
const ONE_PARTITION: PartitionSpec[] = [{ key: 'all', estimatedRows: 0 }];

export function completeSimulator<World, Plan>(simulator: Simulator<World, Plan>): CompleteSimulator<World, Plan> {
  const partitions = simulator.partitions ?? (() => ONE_PARTITION);
  return {
    ...simulator,
    summary: simulator.summary ?? '',
    // Every dataset has labels/incidents.parquet (ground truth, possibly empty).
    tables: simulator.tables.some((spec) => spec.name === INCIDENTS_TABLE.name) ? simulator.tables : [...simulator.tables, INCIDENTS_TABLE],
    partitions,
    incidents: simulator.incidents ?? (() => incidentsTable([])),
    estimate: simulator.estimate ?? ((plan) => ({ rows: partitions(plan).reduce((sum, partition) => sum + partition.estimatedRows, 0) })),
    invariants: simulator.invariants ?? [],
  };
}
