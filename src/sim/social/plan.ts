/** The world plan of a social-network scenario: personas, users, targets, releases, incidents, partitions. */
import type { PartitionSpec, SimContext } from '../types.js';
import { rootCounts, timelineDays, type Day } from './calendar.js';
import { scheduleIncidents, type InfraIncidents } from './incident-schedule.js';
import { buildPersonas, type Persona } from './personas.js';
import { buildReleases, type Releases } from './releases.js';
import type { DeployTarget, SocialWorld } from './world-schema.js';

/** Spans and metric samples a root request produces on average (for estimates and progress). */
export const SPANS_PER_ROOT = 2.7;
export const SAMPLES_PER_SPAN = 4.6;

export interface Partition {
  key: string;
  day: number;
  /** Root requests [from, to) of the day, counted persona by persona. */
  from: number;
  to: number;
}

export interface SocialPlan {
  context: SimContext<SocialWorld>;
  world: SocialWorld;
  seed: number;
  startMs: number;
  endMs: number;
  personas: Persona[];
  /** First user index of each persona, plus the total at the end. */
  userStart: Int32Array;
  targets: DeployTarget[];
  envWeights: Array<[string, number]>;
  envTargets: Map<string, number[]>;
  releases: Releases;
  incidents: InfraIncidents;
  days: Day[];
  /** Root requests per (persona, day): counts[p * days + d]. */
  counts: Int32Array;
  partitions: Partition[];
}

export function createSocialPlan(context: SimContext<SocialWorld>): SocialPlan {
  const { scenario, scenarioHash: hash } = context;
  const world = scenario.world;
  const startMs = Date.parse(scenario.start);
  const endMs = Date.parse(scenario.end);
  const scope = { seed: scenario.seed, hash, startMs, endMs };
  const personas = buildPersonas();
  const targets = world.targets;
  const envTargets = new Map<string, number[]>();
  targets.forEach((t, i) => envTargets.set(t.environment, [...(envTargets.get(t.environment) ?? []), i]));
  const envWeights = Object.entries(world.environments).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const days = timelineDays(startMs, endMs);
  const counts = rootCounts(personas, days, world.events);
  return {
    context,
    world,
    seed: scenario.seed,
    startMs,
    endMs,
    personas,
    userStart: userRanges(personas, world.users),
    targets,
    envWeights,
    envTargets,
    releases: buildReleases(world, targets, scope),
    incidents: scheduleIncidents(world, envWeights, envTargets, scope),
    days,
    counts,
    partitions: slicePartitions(days, personas.length, counts, world.max_roots_per_partition),
  };
}

/** Users per persona by user share (at least one each), as contiguous index ranges. */
function userRanges(personas: Persona[], users: number): Int32Array {
  const start = new Int32Array(personas.length + 1);
  let carried = 0;
  let assigned = 0;
  personas.forEach((persona, p) => {
    start[p] = assigned;
    carried += persona.userShare * Math.max(users, personas.length);
    const next = Math.max(assigned + 1, Math.round(carried));
    assigned = next;
  });
  start[personas.length] = assigned;
  return start;
}

/** One partition per day, split into equal slices when the day has more roots than a partition may hold. */
function slicePartitions(days: Day[], personaCount: number, counts: Int32Array, maxRoots: number): Partition[] {
  const partitions: Partition[] = [];
  days.forEach((_, d) => {
    let total = 0;
    for (let p = 0; p < personaCount; p++) total += counts[p * days.length + d]!;
    const slices = Math.max(1, Math.ceil(total / maxRoots));
    for (let s = 0; s < slices; s++) {
      partitions.push({
        key: `${String(d).padStart(4, '0')}-${String(s).padStart(2, '0')}`,
        day: d,
        from: Math.floor((s * total) / slices),
        to: Math.floor(((s + 1) * total) / slices),
      });
    }
  });
  return partitions;
}

export function socialPartitions(plan: SocialPlan): PartitionSpec[] {
  return plan.partitions.map((p) => ({ key: p.key, estimatedRows: Math.round((p.to - p.from) * SPANS_PER_ROOT * (2 + SAMPLES_PER_SPAN)) }));
}

export function findPartition(plan: SocialPlan, key: string): Partition {
  const partition = plan.partitions.find((p) => p.key === key);
  if (!partition) throw new Error(`social: no partition '${key}' in the plan`);
  return partition;
}
