/**
 * One session's structure, drawn from its own random stream: workflow, duration, the phases of
 * its Markov chain and, per step, the agent, interactions (collaboration, handoff), failure with
 * recovery and escalation, a human decision, cross-repository coordination with merge conflicts.
 * Everything the ground truth names is decided here, in the plan; the partitions add the model
 * and tool calls inside each agent's work.
 */
import { normal, pickWeighted, uniform, type Rng } from '../common/rng.js';
import { clamp } from '../common/math.js';
import type { Tenants } from './tenants.js';
import type { AgenticWorld } from './world-schema.js';

export const F_FAIL = 1;
export const F_ESCALATE = 2;
export const F_RETRY = 4;
export const F_COLLAB = 8;
export const F_HANDOFF = 16;
export const F_DECISION = 32;
export const F_COORD = 64;

/** Longest chain a session walks before it is cut (a chain that never reaches the end phase). */
export const MAX_STEPS = 40;
export const PUSH_US = 4_000_000;

const F64_FIELDS = ['startUs', 'endUs', 'handoffEndUs', 'failUs', 'recoveryEndUs', 'escalateEndUs', 'collabStartUs', 'collabEndUs', 'workUs0', 'workUs1', 'workUs2'] as const;
const I32_FIELDS = ['phase', 'agent', 'flags', 'errorType', 'collabAgent', 'decision', 'coordFirst', 'coordCount', 'conflictMask'] as const;

/**
 * Every step of the plan as columns (one typed array per field, step i in row i): ~75k steps by
 * default, which as objects cost each process a third of its plan time in garbage collection.
 */
export class Steps {
  length = 0;
  phase = new Int32Array(0);
  agent = new Int32Array(0);
  /** The agent's span [startUs, endUs); a handoff to the next step runs [endUs, handoffEndUs). */
  startUs = new Float64Array(0);
  endUs = new Float64Array(0);
  handoffEndUs = new Float64Array(0);
  flags = new Int32Array(0);
  failUs = new Float64Array(0);
  recoveryEndUs = new Float64Array(0);
  escalateEndUs = new Float64Array(0);
  errorType = new Int32Array(0);
  collabAgent = new Int32Array(0);
  collabStartUs = new Float64Array(0);
  collabEndUs = new Float64Array(0);
  decision = new Int32Array(0);
  /** Repositories pushed: `coordCount` of the dependency chain from `coordFirst`; bit k of the mask: push k conflicts. */
  coordFirst = new Int32Array(0);
  coordCount = new Int32Array(0);
  conflictMask = new Int32Array(0);
  /** Agent work (µs) the model and tool calls fill: before the failure (or the pushes), the retry, the collaborator. */
  workUs0 = new Float64Array(0);
  workUs1 = new Float64Array(0);
  workUs2 = new Float64Array(0);

  constructor(capacity = 1024) {
    this.resize(capacity);
  }

  /** Appends a step with every field at its default; returns its row (field by field: a loop over the names costs the plan a tenth). */
  add(): number {
    if (this.length === this.startUs.length) this.resize(2 * this.length);
    const i = this.length++;
    this.phase[i] = 0;
    this.agent[i] = 0;
    this.flags[i] = 0;
    this.errorType[i] = -1;
    this.collabAgent[i] = -1;
    this.decision[i] = -1;
    this.coordFirst[i] = -1;
    this.coordCount[i] = 0;
    this.conflictMask[i] = 0;
    this.startUs[i] = 0;
    this.endUs[i] = 0;
    this.handoffEndUs[i] = 0;
    this.failUs[i] = 0;
    this.recoveryEndUs[i] = 0;
    this.escalateEndUs[i] = 0;
    this.collabStartUs[i] = 0;
    this.collabEndUs[i] = 0;
    this.workUs0[i] = 0;
    this.workUs1[i] = 0;
    this.workUs2[i] = 0;
    return i;
  }

  /** The steps reordered: `count[j]` rows from `from[j]`, for j in order. */
  permuted(from: ArrayLike<number>, count: ArrayLike<number>): Steps {
    const rows = new Int32Array(this.length);
    let n = 0;
    for (let j = 0; j < from.length; j++) for (let k = 0; k < count[j]!; k++) rows[n++] = from[j]! + k;
    const out = new Steps(Math.max(1, n));
    out.length = n;
    for (const f of I32_FIELDS) gather(out[f], this[f], rows, n);
    for (const f of F64_FIELDS) gather(out[f], this[f], rows, n);
    return out;
  }

  private resize(capacity: number): void {
    for (const f of I32_FIELDS) {
      const next = new Int32Array(capacity);
      next.set(this[f].subarray(0, this.length));
      this[f] = next;
    }
    for (const f of F64_FIELDS) {
      const next = new Float64Array(capacity);
      next.set(this[f].subarray(0, this.length));
      this[f] = next;
    }
  }
}

function gather(to: Int32Array | Float64Array, from: Int32Array | Float64Array, rows: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) to[i] = from[rows[i]!]!;
}

export interface SessionDraft {
  draw: number;
  tenant: number;
  user: number;
  workflow: number;
  startUs: number;
  endUs: number;
  promptEndUs: number;
  trace: [number, number, number, number];
  /** Steps the session walks; in the plan, its rows of `plan.steps` start at `plan.firstStep[s]`. */
  stepCount: number;
  /** Spans other than the model and tool calls. */
  structural: number;
  workUs: number;
}

/** Index lists the chain needs, resolved once from the world. */
export interface Vocabulary {
  phases: string[];
  startPhase: number;
  endPhase: number;
  agentOfPhase: Int32Array;
  workflows: string[];
  workflowShares: number[];
  /** cdf[w][p] — cumulative transition probabilities from phase p in workflow w. */
  transitions: Float64Array[][];
  decisions: string[];
  decisionWeights: number[];
  errorTypes: string[];
  errorWeights: number[];
}

export function vocabulary(world: AgenticWorld): Vocabulary {
  const sorted = (o: Record<string, number>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
  const phases = world.phases.names;
  const workflows = Object.keys(world.workflows).sort();
  const decisions = sorted(world.humans.decisions);
  const errors = sorted(world.failures.error_types);
  return {
    phases,
    startPhase: phases.indexOf(world.phases.start),
    endPhase: phases.indexOf(world.phases.end),
    agentOfPhase: Int32Array.from(phases, (p) => world.agent_types.indexOf(world.phases.agent[p] ?? world.agent_types[0]!)),
    workflows,
    workflowShares: workflows.map((w) => world.workflows[w]!.share),
    transitions: workflows.map((w) =>
      phases.map((p) => {
        let total = 0;
        return Float64Array.from(phases, (q) => (total += world.workflows[w]!.transitions[p]?.[q] ?? 0));
      }),
    ),
    decisions: decisions.map(([d]) => d),
    decisionWeights: decisions.map(([, w]) => w),
    errorTypes: errors.map(([e]) => e),
    errorWeights: errors.map(([, w]) => w),
  };
}

function cdfPick(cdf: Float64Array, x: number): number {
  for (let i = 0; i < cdf.length; i++) if (x < cdf[i]!) return i;
  return cdf.length - 1;
}

/** The phases a session walks: from the start phase until the end phase (not included) or MAX_STEPS. */
function walk(v: Vocabulary, workflow: number, rng: Rng): number[] {
  const path: number[] = [];
  for (let p = v.startPhase; p !== v.endPhase && path.length < MAX_STEPS; p = cdfPick(v.transitions[workflow]![p]!, rng())) path.push(p);
  return path;
}

/** A session's duration (µs): the workflow's normal distribution, cut to [min, max]. */
function sessionDurationUs(world: AgenticWorld, workflow: string, rng: Rng): number {
  const d = world.workflows[workflow]!.session_duration;
  return Math.round(clamp(d.mean_seconds + normal(rng) * d.std_dev_seconds, d.min_seconds, d.max_seconds) * 1e6);
}

/** Draws the structure of the session whose user and start are given; appends its steps to `out`. */
export function drawSession(world: AgenticWorld, v: Vocabulary, tenants: Tenants, rng: Rng, draft: Pick<SessionDraft, 'draw' | 'tenant' | 'user'>, startUs: number, limitUs: number, out: Steps): SessionDraft {
  const workflow = pickWeighted(rng, v.workflowShares);
  const durUs = sessionDurationUs(world, v.workflows[workflow]!, rng);
  startUs = Math.min(startUs, limitUs - durUs);
  const trace: SessionDraft['trace'] = [0, 0, 0, 0].map(() => (rng() * 4294967296) >>> 0) as SessionDraft['trace'];
  const endUs = startUs + durUs;
  const think = world.humans.think_time;
  const promptEndUs = startUs + Math.round(Math.min(uniform(rng, think[0], think[1]) * 1000, durUs * 0.1));
  const path = walk(v, workflow, rng);
  const shares = path.map(() => uniform(rng, 0.5, 1.5));
  const total = shares.reduce((a, b) => a + b, 0);
  const windowUs = endUs - 1000 - promptEndUs;
  let cursor = promptEndUs;
  let structural = 2;
  let workUs = 0;
  const { collaboration, handoff } = world.interactions;
  const tenantRepos = [tenants.repoStart[draft.tenant]!, tenants.repoStart[draft.tenant + 1]!];
  for (let k = 0; k < path.length; k++) {
    const phase = path[k]!;
    const a = cursor;
    const b = k === path.length - 1 ? endUs - 1000 : Math.round(cursor + (windowUs * shares[k]!) / total);
    cursor = b;
    const i = out.add();
    out.phase[i] = phase;
    out.agent[i] = v.agentOfPhase[phase]!;
    out.startUs[i] = a;
    out.endUs[i] = b;
    out.handoffEndUs[i] = b;
    let flags = 0;
    structural++;
    if (k < path.length - 1 && rng() < handoff.frequency) {
      flags |= F_HANDOFF;
      out.endUs[i] = b - Math.round(Math.min(uniform(rng, handoff.duration[0], handoff.duration[1]) * 1000, 0.3 * (b - a)));
      structural++;
    }
    const e = out.endUs[i]!;
    if (rng() < world.failures.agent_failure_rate) {
      flags |= F_FAIL;
      out.errorType[i] = pickWeighted(rng, v.errorWeights);
      out.failUs[i] = Math.round(a + uniform(rng, 0.2, 0.8) * (e - a));
      out.recoveryEndUs[i] = Math.min(out.failUs[i]! + world.failures.recovery_time * 1000, e - 1);
      structural++;
      if (e - out.recoveryEndUs[i]! >= 2_000_000) {
        flags |= F_RETRY;
        structural++;
      }
      if (rng() < world.failures.escalation_rate) {
        flags |= F_ESCALATE;
        out.escalateEndUs[i] = Math.min(out.failUs[i]! + Math.round(uniform(rng, think[0], think[1]) * 1000), e);
        structural++;
      }
    }
    if (rng() < collaboration.frequency && world.agent_types.length > 1) {
      flags |= F_COLLAB;
      const n = world.agent_types.length;
      out.collabAgent[i] = (out.agent[i]! + 1 + Math.floor(rng() * (n - 1))) % n;
      out.collabStartUs[i] = Math.round(a + uniform(rng, 0, 0.3) * (e - a));
      out.collabEndUs[i] = Math.min(e, out.collabStartUs[i]! + Math.round(uniform(rng, collaboration.duration[0], collaboration.duration[1]) * 1000));
      structural++;
    }
    if (rng() < world.humans.decision_share) {
      flags |= F_DECISION;
      out.decision[i] = pickWeighted(rng, v.decisionWeights);
    }
    const mr = world.multi_repo;
    if (!(flags & F_FAIL) && rng() < mr.coordination_frequency && e - a > 4 * PUSH_US) {
      flags |= F_COORD;
      const first = tenantRepos[0]! + Math.floor(rng() * (tenantRepos[1]! - tenantRepos[0]!));
      out.coordFirst[i] = first;
      let length = 1;
      for (let repo = tenants.repos.dependsOn[first]!; repo >= 0 && length <= mr.dependency_depth && length < mr.repository_count; repo = tenants.repos.dependsOn[repo]!) length++;
      const count = Math.min(length, Math.floor((e - a) / (2 * PUSH_US)));
      out.coordCount[i] = count;
      let mask = 0;
      for (let j = 0; j < count; j++) mask |= rng() < mr.merge_conflict_rate ? 1 << j : 0;
      out.conflictMask[i] = mask;
      structural += count;
    }
    out.flags[i] = flags;
    out.workUs0[i] = (flags & F_FAIL ? out.failUs[i]! : e - out.coordCount[i]! * PUSH_US) - a;
    out.workUs1[i] = flags & F_RETRY ? e - out.recoveryEndUs[i]! : 0;
    out.workUs2[i] = flags & F_COLLAB ? out.collabEndUs[i]! - out.collabStartUs[i]! : 0;
    workUs += out.workUs0[i]! + out.workUs1[i]! + out.workUs2[i]!;
  }
  return { draw: draft.draw, tenant: draft.tenant, user: draft.user, workflow, startUs, endUs, promptEndUs, trace, stepCount: path.length, structural, workUs };
}

/** The repositories a coordinating step (row `i` of `steps`) pushes: its first and the ones that first depends on, in turn. */
export function coordinatedRepos(steps: Steps, i: number, dependsOn: Int32Array): number[] {
  const repos: number[] = [];
  for (let repo = steps.coordFirst[i]!; repos.length < steps.coordCount[i]!; repo = dependsOn[repo]!) repos.push(repo);
  return repos;
}

/** Where the pushes of a coordinating step run: one PUSH_US slot each at the end of the agent's span. */
export function pushSlotUs(steps: Steps, i: number, push: number): [number, number] {
  const from = steps.endUs[i]! - (steps.coordCount[i]! - push) * PUSH_US;
  return [from + 200_000, from + PUSH_US - 200_000];
}
