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

/**
 * A calendar month of the timeline, or a slice of a busy one. A month, not a day: at the default
 * density a day holds a few thousand spans, and daily files then cost more in per-file work (file
 * and directory creation, dictionaries, page headers) than in rows.
 */
export interface Partition {
  key: string;
  /** `YYYY-MM`: the partition's `month=` directory. */
  month: string;
  /** The month's days [firstDay, endDay) in the plan's `days`. */
  firstDay: number;
  endDay: number;
  /** Root requests [from, to) of the month, counted day by day and within a day persona by persona. */
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

/** One partition per calendar month, split into equal slices when the month has more roots than a partition may hold. */
function slicePartitions(days: Day[], personaCount: number, counts: Int32Array, maxRoots: number): Partition[] {
  const partitions: Partition[] = [];
  for (let firstDay = 0, ordinal = 0; firstDay < days.length; ordinal++) {
    const month = days[firstDay]!.date.slice(0, 7);
    let endDay = firstDay;
    let total = 0;
    for (; endDay < days.length && days[endDay]!.date.startsWith(month); endDay++) {
      for (let p = 0; p < personaCount; p++) total += counts[p * days.length + endDay]!;
    }
    const slices = Math.max(1, Math.ceil(total / maxRoots));
    for (let s = 0; s < slices; s++) {
      partitions.push({
        key: `${String(ordinal).padStart(3, '0')}-${String(s).padStart(3, '0')}`,
        month,
        firstDay,
        endDay,
        from: Math.floor((s * total) / slices),
        to: Math.floor(((s + 1) * total) / slices),
      });
    }
    firstDay = endDay;
  }
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
