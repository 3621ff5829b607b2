/**
 * The world plan of a datacenter scenario: servers, services and their placement, the anomaly
 * schedule, and the partitions. A partition owns whole units (a server, or one endpoint of a
 * service) for the whole timeline; every coupling between units goes through the plan (the
 * schedule), never through another unit's simulated values, so a unit's rows depend on nothing else.
 */
import { TeleforgeError } from '../../errors.js';
import { DAY_MS } from '../../util/duration.js';
import type { PartitionSpec, SimContext } from '../types.js';
import { SERVER_METRICS, SERVICE_SERIES } from './metrics.js';
import { REACHES_SERVICES, scheduleAnomalies, type Anomaly } from './schedule.js';
import { buildServers, buildServices, type Server, type Service } from './topology.js';
import type { DatacenterWorld } from './world-schema.js';

/** What a partition simulates: a server, or one endpoint of a service. */
export type Unit = { type: 'server'; server: number } | { type: 'endpoint'; service: number; endpoint: number };

export interface DatacenterPlan {
  context: SimContext<DatacenterWorld>;
  world: DatacenterWorld;
  startMs: number;
  endMs: number;
  intervalMs: number;
  servers: Server[];
  services: Service[];
  /** Sorted by start. */
  anomalies: Anomaly[];
  /** Per service, the anomalies of its hosts that reach it (sorted by start). */
  hostAnomalies: Anomaly[][];
  units: Unit[];
  /** Unit indexes of each partition, in unit order. */
  partitionUnits: number[][];
  /** Samples of the busiest partition-day: the size of a worker's day buffers. */
  maxDayRows: number;
}

export function createDatacenterPlan(context: SimContext<DatacenterWorld>): DatacenterPlan {
  const { scenario, scenarioHash: hash } = context;
  const world = scenario.world;
  const startMs = Date.parse(scenario.start);
  const endMs = Date.parse(scenario.end);
  const servers = buildServers(world, scenario.seed, hash);
  const services = buildServices(world, servers, scenario.seed, hash);
  const timeline = { seed: scenario.seed, hash, startMs, endMs };
  const anomalies = scheduleAnomalies(world, timeline, servers.map((s) => s.name), services.map((s) => s.name));
  const hostAnomalies = services.map((service) =>
    anomalies.filter((a) => a.entityType === 'server' && REACHES_SERVICES.has(a.kind) && service.hosts.includes(a.entity)),
  );
  const units: Unit[] = [
    ...servers.map((server): Unit => ({ type: 'server', server: server.index })),
    ...services.flatMap((service) => service.endpoints.map((_, endpoint): Unit => ({ type: 'endpoint', service: service.index, endpoint }))),
  ];
  const plan: DatacenterPlan = { context, world, startMs, endMs, intervalMs: world.interval, servers, services, anomalies, hostAnomalies, units, partitionUnits: [], maxDayRows: 0 };
  Object.assign(plan, assignPartitions(plan, scenario.partitions));
  return plan;
}

export function unitSeriesCount(unit: Unit): number {
  return unit.type === 'server' ? SERVER_METRICS.length : SERVICE_SERIES.length;
}

/** Ticks in the busiest UTC day of the timeline. */
export function ticksPerDay(plan: DatacenterPlan): number {
  return Math.ceil(Math.min(DAY_MS, plan.endMs - plan.startMs) / plan.intervalMs) + 1;
}

export function totalTicks(plan: DatacenterPlan): number {
  return Math.ceil((plan.endMs - plan.startMs) / plan.intervalMs);
}

/**
 * At least `minimum` partitions (never more than units), more until every partition-day holds at
 * most `max_rows_per_partition_day` samples; units are dealt largest first to the emptiest
 * partition. Every day has the same ticks, so a partition's days are all of one size, whatever the
 * duration: a worker's memory does not grow with it.
 */
function assignPartitions(plan: DatacenterPlan, minimum: number): Pick<DatacenterPlan, 'partitionUnits' | 'maxDayRows'> {
  const perDay = ticksPerDay(plan);
  const busiestUnit = Math.max(...plan.units.map(unitSeriesCount)) * perDay;
  if (busiestUnit > plan.world.max_rows_per_partition_day) {
    throw new TeleforgeError(
      'SCENARIO_INVALID',
      `scenario: world.interval: ${plan.intervalMs} ms makes one server's day ${busiestUnit} samples, more than world.max_rows_per_partition_day (${plan.world.max_rows_per_partition_day}); lengthen the interval or raise the bound`,
    );
  }
  const order = plan.units.map((unit, index) => ({ index, series: unitSeriesCount(unit) })).sort((a, b) => b.series - a.series || a.index - b.index);
  const totalSeries = order.reduce((sum, unit) => sum + unit.series, 0);
  const largest = order[0]?.series ?? 0;
  const capacity = Math.max(largest, Math.floor(plan.world.max_rows_per_partition_day / perDay));
  for (let count = Math.min(plan.units.length, Math.max(minimum, Math.ceil(totalSeries / capacity))); ; count++) {
    const load = new Array<number>(count).fill(0);
    const members: number[][] = Array.from({ length: count }, () => []);
    for (const { index, series } of order) {
      let best = 0;
      for (let p = 1; p < count; p++) if (load[p]! < load[best]!) best = p;
      load[best]! += series;
      members[best]!.push(index);
    }
    const busiest = Math.max(...load);
    if (busiest <= capacity || count >= plan.units.length) {
      return { partitionUnits: members.map((list) => list.sort((a, b) => a - b)), maxDayRows: busiest * perDay };
    }
  }
}

export function partitionKey(index: number): string {
  return String(index).padStart(4, '0');
}

export function datacenterPartitions(plan: DatacenterPlan): PartitionSpec[] {
  const ticks = totalTicks(plan);
  return plan.partitionUnits.map((members, index) => ({
    key: partitionKey(index),
    estimatedRows: members.reduce((sum, unit) => sum + unitSeriesCount(plan.units[unit]!) * ticks, 0),
  }));
}
