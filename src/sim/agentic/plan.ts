/**
 * The world plan of an agentic-ide scenario: tenants, bursts, network partitions and every
 * session's structure, sorted by start; partitions are fixed time slices of session starts.
 */
import { TeleforgeError } from '../../errors.js';
import { createRng, poissonTimes, rngFamily, type Rng } from '../common/rng.js';
import type { PartitionSpec, SimContext } from '../types.js';
import { drawBursts, drawStart, regionCdfs, type Bursts } from './calendar.js';
import { drawSession, Steps, vocabulary, type SessionDraft, type Vocabulary } from './steps.js';
import { buildTenants, type Tenants } from './tenants.js';
import type { AgenticWorld } from './world-schema.js';

export interface Partition {
  key: string;
  /** `YYYY-MM` of the slice's start: the `month=` directory. */
  month: string;
  fromMs: number;
  toMs: number;
  /** Sessions [first, end) start in the slice. */
  first: number;
  end: number;
  /** Sessions that started earlier and still run at `fromMs`: their calls land in this slice's metric buckets. */
  carried: number[];
}

export interface NetworkPartition {
  tenant: number;
  startMs: number;
  endMs: number;
}

export interface AgenticPlan {
  context: SimContext<AgenticWorld>;
  world: AgenticWorld;
  seed: number;
  startMs: number;
  endMs: number;
  vocabulary: Vocabulary;
  tenants: Tenants;
  bursts: Bursts;
  /** Per tenant, its network partitions in time order. */
  networkPartitions: NetworkPartition[][];
  /** The random stream of each session's calls, by its draw number. */
  callStreams: (draw: number) => Rng;
  sessions: SessionDraft[];
  /** Every session's steps, in session order: session s has rows [firstStep[s], firstStep[s + 1]). */
  steps: Steps;
  /** Model and tool calls per step and piece (primary, retry, collaborator): inner[3 * globalStep + piece]. */
  inner: Int32Array;
  /** Global index of each session's first step, plus the total. */
  firstStep: Int32Array;
  /** Spans each session writes before any is lost. */
  spans: Int32Array;
  partitions: Partition[];
}

export function createAgenticPlan(context: SimContext<AgenticWorld>): AgenticPlan {
  const { scenario, scenarioHash: hash } = context;
  const world = scenario.world;
  const startMs = Date.parse(scenario.start);
  const endMs = Date.parse(scenario.end);
  if (startMs % world.metrics_interval !== 0) {
    throw new TeleforgeError('SCENARIO_INVALID', `scenario ${scenario.name}: start: ${scenario.start} is not on a boundary of world.metrics_interval`);
  }
  const tenants = buildTenants(world, scenario.seed, hash, startMs, endMs);
  const bursts = drawBursts(world, createRng(scenario.seed, hash, 'bursts'), startMs, endMs);
  const cdfs = regionCdfs(world, bursts, startMs, endMs);
  const v = vocabulary(world);
  const { sessions, steps } = drawSessions(world, v, tenants, cdfs, scenario.seed, hash, startMs, endMs);
  const { inner, firstStep, spans } = innerCalls(world, sessions, steps);
  const netRng = createRng(scenario.seed, hash, 'network');
  const weekMs = 7 * 86_400_000;
  const networkPartitions = tenants.regions.map((regions, t) =>
    poissonTimes(netRng, world.network_partitions.per_tenant_per_week / weekMs, startMs, endMs)
      .map(() => drawStart(cdfs[regions[0]!]!, netRng, startMs, endMs))
      .sort((a, b) => a - b)
      .map((at) => ({ tenant: t, startMs: at, endMs: Math.min(endMs, at + world.network_partitions.duration) }))
      .reduce(mergeOverlapping, []),
  );
  return {
    callStreams: rngFamily(scenario.seed, hash, 'calls'),
    context, world, seed: scenario.seed, startMs, endMs, vocabulary: v, tenants, bursts, networkPartitions, sessions, steps, inner, firstStep, spans,
    partitions: slices(world, sessions, startMs, endMs),
  };
}

/** Overlapping partitions of one tenant are one partition (the desktop is cut off until the last ends). */
function mergeOverlapping(merged: NetworkPartition[], next: NetworkPartition): NetworkPartition[] {
  const last = merged[merged.length - 1];
  if (last && next.startMs <= last.endMs) last.endMs = Math.max(last.endMs, next.endMs);
  else merged.push(next);
  return merged;
}

function drawSessions(world: AgenticWorld, v: Vocabulary, tenants: Tenants, cdfs: Float64Array[], seed: number, hash: string, startMs: number, endMs: number): { sessions: SessionDraft[]; steps: Steps } {
  const users = tenants.users;
  const perUs = world.calls.per_minute / 60e6;
  const drafts: SessionDraft[] = [];
  const drawn = new Steps();
  /** Row of each draw's first step in `drawn`. */
  const drawnFirst: number[] = [];
  const streams = rngFamily(seed, hash, 'session');
  for (let draw = 0, expected = 0; expected < world.total_events; draw++) {
    const rng: Rng = streams(draw);
    const user = Math.floor(rng() * users.id.length);
    const start = drawStart(cdfs[users.region[user]!]!, rng, startMs, endMs);
    drawnFirst.push(drawn.length);
    const draft = drawSession(world, v, tenants, rng, { draw, tenant: users.tenant[user]!, user }, start * 1000, (endMs - 1000) * 1000, drawn);
    drafts.push(draft);
    expected += draft.structural + draft.workUs * perUs;
  }
  const sessions = drafts.sort((a, b) => a.startUs - b.startUs || a.draw - b.draw);
  const steps = drawn.permuted(
    sessions.map((s) => drawnFirst[s.draw]!),
    sessions.map((s) => s.stepCount),
  );
  return { sessions, steps };
}

/** Calls per agent piece so that all spans add up to total_events: rounding carried over the whole timeline. */
function innerCalls(world: AgenticWorld, sessions: SessionDraft[], steps: Steps): { inner: Int32Array; firstStep: Int32Array; spans: Int32Array } {
  const firstStep = new Int32Array(sessions.length + 1);
  sessions.forEach((s, i) => (firstStep[i + 1] = firstStep[i]! + s.stepCount));
  const structural = sessions.reduce((sum, s) => sum + s.structural, 0);
  const work = sessions.reduce((sum, s) => sum + s.workUs, 0);
  const perUs = work > 0 ? Math.max(0, world.total_events - structural) / work : 0;
  const inner = new Int32Array(3 * firstStep[sessions.length]!);
  const spans = new Int32Array(sessions.length);
  const pieces = [steps.workUs0, steps.workUs1, steps.workUs2];
  let cumulative = 0;
  let given = 0;
  sessions.forEach((s, i) => {
    let count = s.structural;
    for (let step = firstStep[i]!; step < firstStep[i + 1]!; step++) {
      for (let piece = 0; piece < 3; piece++) {
        cumulative += pieces[piece]![step]!;
        const target = Math.round(cumulative * perUs);
        inner[3 * step + piece] = target - given;
        count += target - given;
        given = target;
      }
    }
    spans[i] = count;
  });
  return { inner, firstStep, spans };
}

function slices(world: AgenticWorld, sessions: SessionDraft[], startMs: number, endMs: number): Partition[] {
  const partitions: Partition[] = [];
  let first = 0;
  for (let fromMs = startMs, p = 0; fromMs < endMs; fromMs += world.partition_length, p++) {
    const toMs = Math.min(endMs, fromMs + world.partition_length);
    let end = first;
    while (end < sessions.length && sessions[end]!.startUs < toMs * 1000) end++;
    const carried: number[] = [];
    for (let s = first - 1; s >= 0 && sessions[s]!.startUs > (fromMs - 86_400_000) * 1000; s--) if (sessions[s]!.endUs > fromMs * 1000) carried.push(s);
    partitions.push({ key: String(p).padStart(3, '0'), month: new Date(fromMs).toISOString().slice(0, 7), fromMs, toMs, first, end, carried: carried.reverse() });
    first = end;
  }
  return partitions;
}

/** The plan without its context and random-stream factory: what a compile's workers receive instead of drawing it. */
export type PackedAgenticPlan = Omit<AgenticPlan, 'context' | 'callStreams'>;

export function packAgenticPlan(plan: AgenticPlan): PackedAgenticPlan {
  const packed: Partial<AgenticPlan> = { ...plan };
  delete packed.context;
  delete packed.callStreams;
  return packed as PackedAgenticPlan;
}

/** The plan again from its packed copy (structured clone keeps the data, not the Steps class). */
export function unpackAgenticPlan(packed: PackedAgenticPlan, context: SimContext<AgenticWorld>): AgenticPlan {
  Object.setPrototypeOf(packed.steps, Steps.prototype);
  return { ...packed, context, callStreams: rngFamily(packed.seed, context.scenarioHash, 'calls') };
}

export function agenticPartitions(plan: AgenticPlan): PartitionSpec[] {
  return plan.partitions.map((p) => {
    let spans = 0;
    for (let s = p.first; s < p.end; s++) spans += plan.spans[s]!;
    return { key: p.key, estimatedRows: Math.round(spans * 1.1) };
  });
}

export function findPartition(plan: AgenticPlan, key: string): Partition {
  const partition = plan.partitions.find((p) => p.key === key);
  if (!partition) throw new Error(`agentic-ide: no partition '${key}' in the plan`);
  return partition;
}
