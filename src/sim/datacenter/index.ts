/**
 * STORY: servers in three Marseille zones run a few services (each on two or three servers) for
 * 30 days, measured every second: CPU, memory, disk and network follow the daily load; temperature
 * follows CPU with a thermal lag, and power follows CPU and fans. Eight kinds of anomaly strike
 * servers and services, and a server's trouble is felt by the services on it.
 * GROUND TRUTH: every anomaly is a row of labels/incidents.parquet (kind, entity, start, end,
 * affected entities and metrics); the `training` view labels every entity's every tick.
 * All wiring to the Simulator interface is in this file.
 */
import { INCIDENTS_TABLE } from '../common/incidents.js';
import type { Simulator } from '../types.js';
import { datacenterIncidents } from './incidents.js';
import { datacenterInvariants } from './invariants.js';
import { createDatacenterPlan, datacenterPartitions, totalTicks, unitSeriesCount, type DatacenterPlan } from './plan.js';
import { simulateDatacenterPartition } from './simulate.js';
import { ENTITIES_TABLE, SAMPLES_TABLE, SERIES_TABLE } from './tables.js';
import { datacenterWorldSchema, type DatacenterWorld } from './world-schema.js';

export const datacenterSimulator: Simulator<DatacenterWorld, DatacenterPlan> = {
  kind: 'datacenter',
  summary: 'Datacenter servers and services at 1 s: hardware and application metrics with eight labelled, physically coherent anomaly kinds',
  worldSchema: datacenterWorldSchema,
  tables: [SERIES_TABLE, SAMPLES_TABLE, ENTITIES_TABLE, INCIDENTS_TABLE],
  createPlan: createDatacenterPlan,
  partitions: datacenterPartitions,
  simulate: simulateDatacenterPartition,
  incidents: datacenterIncidents,
  invariants: datacenterInvariants,
  estimate(plan) {
    const series = plan.units.reduce((sum, unit) => sum + unitSeriesCount(unit), 0);
    const samples = series * totalTicks(plan);
    return { series, samples, rows: samples };
  },
};
