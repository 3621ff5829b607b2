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

export interface Step {
  phase: number;
  agent: number;
  /** The agent's span [startUs, endUs); a handoff to the next step runs [endUs, handoffEndUs). */
  startUs: number;
  endUs: number;
  handoffEndUs: number;
  flags: number;
  failUs: number;
  recoveryEndUs: number;
  escalateEndUs: number;
  errorType: number;
  collabAgent: number;
  collabStartUs: number;
  collabEndUs: number;
  decision: number;
  /** Repositories pushed: `coordCount` of the dependency chain from `coordFirst`; bit k of the mask: push k conflicts. */
  coordFirst: number;
  coordCount: number;
  conflictMask: number;
  /** Agent work (µs) the model and tool calls fill: before the failure (or the pushes), the retry, the collaborator. */
  workUs0: number;
  workUs1: number;
  workUs2: number;
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
  steps: Step[];
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

/** Draws the structure of the session whose user and start are given. */
export function drawSession(world: AgenticWorld, v: Vocabulary, tenants: Tenants, rng: Rng, draft: Pick<SessionDraft, 'draw' | 'tenant' | 'user'>, startUs: number, limitUs: number): SessionDraft {
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
  const steps: Step[] = [];
  let cursor = promptEndUs;
  let structural = 2;
  let workUs = 0;
  const { collaboration, handoff } = world.interactions;
  const tenantRepos = [tenants.repoStart[draft.tenant]!, tenants.repoStart[draft.tenant + 1]!];
  path.forEach((phase, k) => {
    const a = cursor;
    const b = k === path.length - 1 ? endUs - 1000 : Math.round(cursor + (windowUs * shares[k]!) / total);
    cursor = b;
    const step: Step = {
      phase, agent: v.agentOfPhase[phase]!, startUs: a, endUs: b, handoffEndUs: b, flags: 0, failUs: 0, recoveryEndUs: 0, escalateEndUs: 0,
      errorType: -1, collabAgent: -1, collabStartUs: 0, collabEndUs: 0, decision: -1, coordFirst: -1, coordCount: 0, conflictMask: 0, workUs0: 0, workUs1: 0, workUs2: 0,
    };
    structural++;
    if (k < path.length - 1 && rng() < handoff.frequency) {
      step.flags |= F_HANDOFF;
      step.endUs = b - Math.round(Math.min(uniform(rng, handoff.duration[0], handoff.duration[1]) * 1000, 0.3 * (b - a)));
      structural++;
    }
    const e = step.endUs;
    if (rng() < world.failures.agent_failure_rate) {
      step.flags |= F_FAIL;
      step.errorType = pickWeighted(rng, v.errorWeights);
      step.failUs = Math.round(a + uniform(rng, 0.2, 0.8) * (e - a));
      step.recoveryEndUs = Math.min(step.failUs + world.failures.recovery_time * 1000, e - 1);
      structural++;
      if (e - step.recoveryEndUs >= 2_000_000) {
        step.flags |= F_RETRY;
        structural++;
      }
      if (rng() < world.failures.escalation_rate) {
        step.flags |= F_ESCALATE;
        step.escalateEndUs = Math.min(step.failUs + Math.round(uniform(rng, think[0], think[1]) * 1000), e);
        structural++;
      }
    }
    if (rng() < collaboration.frequency && world.agent_types.length > 1) {
      step.flags |= F_COLLAB;
      const n = world.agent_types.length;
      step.collabAgent = (step.agent + 1 + Math.floor(rng() * (n - 1))) % n;
      step.collabStartUs = Math.round(a + uniform(rng, 0, 0.3) * (e - a));
      step.collabEndUs = Math.min(e, step.collabStartUs + Math.round(uniform(rng, collaboration.duration[0], collaboration.duration[1]) * 1000));
      structural++;
    }
    if (rng() < world.humans.decision_share) {
      step.flags |= F_DECISION;
      step.decision = pickWeighted(rng, v.decisionWeights);
    }
    const mr = world.multi_repo;
    if (!(step.flags & F_FAIL) && rng() < mr.coordination_frequency && e - a > 4 * PUSH_US) {
      step.flags |= F_COORD;
      step.coordFirst = tenantRepos[0]! + Math.floor(rng() * (tenantRepos[1]! - tenantRepos[0]!));
      let length = 1;
      for (let repo = tenants.repos.dependsOn[step.coordFirst]!; repo >= 0 && length <= mr.dependency_depth && length < mr.repository_count; repo = tenants.repos.dependsOn[repo]!) length++;
      step.coordCount = Math.min(length, Math.floor((e - a) / (2 * PUSH_US)));
      for (let i = 0; i < step.coordCount; i++) step.conflictMask |= rng() < mr.merge_conflict_rate ? 1 << i : 0;
      structural += step.coordCount;
    }
    step.workUs0 = (step.flags & F_FAIL ? step.failUs : e - step.coordCount * PUSH_US) - a;
    step.workUs1 = step.flags & F_RETRY ? e - step.recoveryEndUs : 0;
    step.workUs2 = step.flags & F_COLLAB ? step.collabEndUs - step.collabStartUs : 0;
    workUs += step.workUs0 + step.workUs1 + step.workUs2;
    steps.push(step);
  });
  return { ...draft, workflow, startUs, endUs, promptEndUs, trace, steps, structural, workUs };
}

/** The repositories a coordinating step pushes: its first and the ones that first depends on, in turn. */
export function coordinatedRepos(step: Step, dependsOn: Int32Array): number[] {
  const repos: number[] = [];
  for (let repo = step.coordFirst; repos.length < step.coordCount; repo = dependsOn[repo]!) repos.push(repo);
  return repos;
}

/** Where the pushes of a coordinating step run: one PUSH_US slot each at the end of the agent's span. */
export function pushSlotUs(step: Step, i: number): [number, number] {
  const from = step.endUs - (step.coordCount - i) * PUSH_US;
  return [from + 200_000, from + PUSH_US - 200_000];
}
