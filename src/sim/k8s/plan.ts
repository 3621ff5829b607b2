/** The world plan of a k8s scenario: topology, pod lifecycles, anomalies, targets and partitions. */
import { DAY_MS } from '../../util/duration.js';
import type { SimContext, PartitionSpec } from '../types.js';
import { scheduleGaps, scheduleOutages, scheduleSpikes, type Spike, type Window } from './anomalies.js';
import { simulateLifecycles, type Pod, type Rollout } from './pods.js';
import { nodeSeriesCount, podSeriesCount } from './series-layout.js';
import { buildDeployments, buildNodes, type ClusterNode, type Deployment } from './topology.js';
import type { K8sWorld } from './world-schema.js';

/** A scrape target: its series all share one lifetime and one set of gaps. */
export interface Target {
  kind: 'node' | 'pod' | 'kafka';
  /** Node index, pod id, or 0 for the kafka exporter. */
  ref: number;
  name: string;
  startMs: number;
  endMs: number;
  gaps: Window[];
  seriesCount: number;
}

export interface K8sPlan {
  context: SimContext<K8sWorld>;
  world: K8sWorld;
  startMs: number;
  endMs: number;
  intervalMs: number;
  nodes: ClusterNode[];
  deployments: Deployment[];
  pods: Pod[];
  rollouts: Rollout[];
  /** Autoscaler replica counts per deployment, one per evaluation. */
  replicas: Int32Array[];
  spikes: Spike[];
  outages: Window[];
  targets: Target[];
  /** Target indexes of each partition, in target order. */
  partitionTargets: number[][];
  /** Samples of the busiest partition-day, ignoring gaps: an upper bound on any day's batch. */
  maxDayRows: number;
}

export function createK8sPlan(context: SimContext<K8sWorld>): K8sPlan {
  const { scenario, scenarioHash: hash } = context;
  const world = scenario.world;
  const startMs = Date.parse(scenario.start);
  const endMs = Date.parse(scenario.end);
  const scope = { seed: scenario.seed, hash, startMs, endMs };
  const nodes = buildNodes(world, scenario.seed, hash);
  const deployments = buildDeployments(world);
  const { pods, rollouts, replicas } = simulateLifecycles(world, deployments, { ...scope, nodes: nodes.length });
  const plan: K8sPlan = {
    context,
    world,
    startMs,
    endMs,
    intervalMs: world.scrape_interval,
    nodes,
    deployments,
    pods,
    rollouts,
    replicas,
    spikes: scheduleSpikes(world, deployments, nodes.length, scope),
    outages: scheduleOutages(world, scope),
    targets: [],
    partitionTargets: [],
    maxDayRows: 0,
  };
  const target = (kind: Target['kind'], ref: number, name: string, from: number, to: number, seriesCount: number): Target => ({
    kind,
    ref,
    name,
    startMs: from,
    endMs: to,
    gaps: scheduleGaps(world, scope, name, Math.max(from, startMs), to),
    seriesCount,
  });
  plan.targets = [
    ...nodes.map((node) => target('node', node.index, node.name, startMs, endMs, nodeSeriesCount(node.cores))),
    target('kafka', 0, 'kafka-exporter', startMs, endMs, world.kafka.partitions),
    ...pods.map((pod) => target('pod', pod.id, pod.name, pod.startMs, pod.endMs, podSeriesCount(world, deployments[pod.deployment]!))),
  ];
  Object.assign(plan, assignPartitions(plan, scenario.partitions));
  return plan;
}

/** Expected samples of a target over the timeline (ignoring gaps). */
export function targetWeight(plan: K8sPlan, target: Target): number {
  const alive = Math.min(target.endMs, plan.endMs) - Math.max(target.startMs, plan.startMs);
  return Math.max(0, alive / plan.intervalMs) * target.seriesCount;
}

/**
 * Expected samples of a target in each UTC day of the timeline (ignoring gaps), into `weights` (a
 * scratch array reused target after target: an array per target was ~60 bytes per target and day
 * that outlived the plan until the next full collection, 3.5 MB for 60 days).
 */
function dailyWeights(plan: K8sPlan, target: Target, firstDay: number, weights: Float64Array): Float64Array {
  const days = weights.length;
  weights.fill(0);
  const from = Math.max(target.startMs, plan.startMs);
  const to = Math.min(target.endMs, plan.endMs);
  for (let day = Math.max(0, Math.floor((from - firstDay) / DAY_MS)); day < days && firstDay + day * DAY_MS < to; day++) {
    const alive = Math.min(to, firstDay + (day + 1) * DAY_MS) - Math.max(from, firstDay + day * DAY_MS);
    weights[day] = Math.max(0, alive / plan.intervalMs) * target.seriesCount;
  }
  return weights;
}

/**
 * The partitions: at least `minimum`, more when the busiest day needs them to keep every
 * partition-day within `max_rows_per_partition_day` (traffic grows, so a longer timeline has
 * larger days; a partition-day's samples, not the duration, set a worker's memory).
 * A function of the plan alone.
 */
function assignPartitions(plan: K8sPlan, minimum: number): Pick<K8sPlan, 'partitionTargets' | 'maxDayRows'> {
  const firstDay = Math.floor(plan.startMs / DAY_MS) * DAY_MS;
  const days = Math.max(1, Math.ceil((plan.endMs - firstDay) / DAY_MS));
  const scratch = new Float64Array(days);
  const daily = (target: Target) => dailyWeights(plan, target, firstDay, scratch);
  const order = plan.targets.map((target, index) => ({ index, weight: targetWeight(plan, target) }));
  order.sort((a, b) => b.weight - a.weight || a.index - b.index);
  // A target's day is never split, and balancing packs to within about one target's day: the
  // bound is at least twice the busiest day of one target.
  let largestTargetDay = 0;
  const dayTotals = new Float64Array(days);
  for (const target of plan.targets) {
    const weights = daily(target);
    largestTargetDay = Math.max(largestTargetDay, maxOf(weights) + target.seriesCount);
    for (let day = 0; day < days; day++) dayTotals[day]! += weights[day]!;
  }
  const bound = Math.max(plan.world.max_rows_per_partition_day, Math.ceil(2 * largestTargetDay));
  const busiestDay = maxOf(dayTotals);
  // Balancing is not perfect: one more partition until the busiest partition-day fits.
  for (let count = Math.max(minimum, Math.ceil(busiestDay / bound)); ; count++) {
    const assignment = balanceDays(plan, daily, order, count, days);
    if (assignment.maxDayRows <= bound || count >= plan.targets.length) return assignment;
  }
}

/**
 * Longest-processing-time assignment balanced day by day: each target goes to the partition whose
 * busiest day over the target's life stays lowest. A partition's largest day sets a worker's memory,
 * so balancing days (not only totals) keeps peak RSS the same for 1 day and for 30 days.
 */
function balanceDays(
  plan: K8sPlan,
  daily: (target: Target) => Float64Array,
  order: ReadonlyArray<{ index: number; weight: number }>,
  count: number,
  days: number,
): Pick<K8sPlan, 'partitionTargets' | 'maxDayRows'> {
  const load = Array.from({ length: count }, () => new Float64Array(days));
  const total = new Float64Array(count);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (const { index, weight } of order) {
    const weights = daily(plan.targets[index]!);
    let best = 0;
    let bestPeak = Infinity;
    for (let p = 0; p < count; p++) {
      let peak = 0;
      for (let day = 0; day < days; day++) if (weights[day]! > 0) peak = Math.max(peak, load[p]![day]! + weights[day]!);
      if (peak < bestPeak || (peak === bestPeak && total[p]! < total[best]!)) {
        best = p;
        bestPeak = peak;
      }
    }
    for (let day = 0; day < days; day++) load[best]![day]! += weights[day]!;
    total[best]! += weight;
    members[best]!.push(index);
  }
  // A target's day holds at most one step more per series than its share of the day's length.
  const maxDayRows = Math.max(0, ...load.map((days, p) => Math.max(...days) + members[p]!.reduce((sum, index) => sum + plan.targets[index]!.seriesCount, 0)));
  return { partitionTargets: members.map((list) => list.sort((a, b) => a - b)), maxDayRows: Math.ceil(maxDayRows) };
}

function maxOf(values: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return max;
}

export function partitionKey(index: number): string {
  return String(index).padStart(4, '0');
}

export function k8sPartitions(plan: K8sPlan): PartitionSpec[] {
  return plan.partitionTargets.map((members, index) => ({
    key: partitionKey(index),
    estimatedRows: Math.round(members.reduce((sum, t) => sum + targetWeight(plan, plan.targets[t]!), 0)),
  }));
}
