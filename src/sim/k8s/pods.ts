/**
 * Pod lifecycles of every deployment over the timeline: autoscaling, rolling updates through the
 * versions, churn (pods replaced by new ones with new names) and container restarts.
 */
import { hash64 } from '../../util/hash.js';
import { createRng, exponential, podSuffix, poissonTimes, type Rng } from '../common/rng.js';
import type { Deployment } from './topology.js';
import { replicaTimeline } from './traffic.js';
import type { K8sWorld } from './world-schema.js';

export interface Pod {
  id: number;
  deployment: number;
  name: string;
  version: string;
  node: number;
  startMs: number;
  /** Exclusive; the timeline's end when the pod outlives it. */
  endMs: number;
  /** Container restarts: counters reset to zero at each. */
  restarts: number[];
}

export interface Rollout {
  deployment: number;
  fromVersion: string;
  toVersion: string;
  startMs: number;
  endMs: number;
}

export interface Lifecycles {
  pods: Pod[];
  rollouts: Rollout[];
  /** Replica count of each deployment at every autoscaler evaluation. */
  replicas: Int32Array[];
}

interface Timeline {
  startMs: number;
  endMs: number;
  seed: number;
  hash: string;
  nodes: number;
}

const TERMINATION_GRACE_MS = 10_000;
const RS_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The `7d4b9c8f6d` part of a pod name: stable per deployment and version, like a ReplicaSet hash. */
function replicaSetHash(deployment: Deployment, version: string): string {
  let value = hash64(`${deployment.service}/${deployment.env}/${version}`);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += RS_ALPHABET[Number(value % 27n)];
    value /= 27n;
  }
  return out;
}

/** Environments are promoted from the least to the most traffic (dev → staging → prod). */
function promotionOrder(world: K8sWorld): string[] {
  return Object.keys(world.environments).sort(
    (a, b) => world.environments[a]!.traffic - world.environments[b]!.traffic || a.localeCompare(b),
  );
}

function rolloutTimes(world: K8sWorld, deployment: Deployment, timeline: Timeline): Array<[number, string]> {
  if (!deployment.app) return [];
  const versions = world.rollouts.versions;
  const lag = promotionOrder(world).indexOf(deployment.env) * world.rollouts.environment_lag;
  const span = timeline.endMs - timeline.startMs;
  const times: Array<[number, string]> = [];
  for (let i = 1; i < versions.length; i++) {
    const at = timeline.startMs + Math.floor((i * span) / versions.length) + lag;
    if (at < timeline.endMs) times.push([at, versions[i]!]);
  }
  return times;
}

/** What a deployment follows tick by tick: the autoscaler's replica counts and the rollouts. */
interface Schedule {
  replicas: Int32Array;
  /** [time, version], in time order. */
  rollouts: Array<[number, string]>;
  tickMs: number;
  evaluateEveryMs: number;
}

class DeploymentSimulation {
  readonly pods: Pod[] = [];
  private nextRollout = 0;
  private rolling = false;
  readonly rollouts: Rollout[] = [];
  private readonly live: Array<{ pod: Pod; expiresMs: number }> = [];
  private readonly names = new Set<string>();
  private version: string;
  private readonly replicaSetHashes = new Map<string, string>();

  constructor(
    private readonly world: K8sWorld,
    private readonly deployment: Deployment,
    private readonly timeline: Timeline,
    private readonly rng: Rng,
  ) {
    this.version = deployment.app ? world.rollouts.versions[0]! : 'stable';
  }

  private replicaSet(version: string): string {
    let hash = this.replicaSetHashes.get(version);
    if (!hash) this.replicaSetHashes.set(version, (hash = replicaSetHash(this.deployment, version)));
    return hash;
  }

  create(atMs: number, startMs = atMs): void {
    let name: string;
    do name = `${this.deployment.service}-${this.replicaSet(this.version)}-${podSuffix(this.rng, 5)}`;
    while (this.names.has(name));
    this.names.add(name);
    const pod: Pod = {
      id: -1,
      deployment: this.deployment.index,
      name,
      version: this.version,
      node: Math.floor(this.rng() * this.timeline.nodes),
      startMs,
      endMs: this.timeline.endMs,
      restarts: [],
    };
    this.pods.push(pod);
    this.live.push({ pod, expiresMs: atMs + exponential(this.rng, this.world.churn.pod_mean_lifetime) });
  }

  private terminate(index: number, atMs: number): void {
    const [entry] = this.live.splice(index, 1);
    entry!.pod.endMs = Math.min(this.timeline.endMs, atMs + TERMINATION_GRACE_MS);
  }

  /** Replaces the pod at `index` with a new one of the current version (surge: new first). */
  private replace(index: number, atMs: number): void {
    this.terminate(index, atMs);
    this.create(atMs);
  }

  scaleTo(replicas: number, atMs: number): void {
    while (this.live.length < replicas) this.create(atMs + Math.floor(this.rng() * 5_000));
    // Scale-in removes the newest pods first.
    while (this.live.length > replicas) this.terminate(this.live.length - 1, atMs);
  }

  startRollout(toVersion: string, atMs: number): void {
    this.rollouts.push({ deployment: this.deployment.index, fromVersion: this.version, toVersion, startMs: atMs, endMs: atMs });
    this.version = toVersion;
  }

  /** One step of a rolling update: replaces the oldest pod of an old version; false when done. */
  rollStep(atMs: number): boolean {
    const index = this.live.findIndex((entry) => entry.pod.version !== this.version);
    if (index < 0) return false;
    this.replace(index, atMs);
    this.rollouts[this.rollouts.length - 1]!.endMs = atMs + TERMINATION_GRACE_MS;
    return true;
  }

  /**
   * Tick `step` of the timeline. One call per tick rather than the body of one long loop: rare
   * branches (a rollout, a scale step) deoptimized that loop's on-stack code, which then ran
   * unoptimized for a while and boxed every time value (~30 MB of garbage planning 30 days).
   */
  tick(step: number, schedule: Schedule): void {
    const elapsed = step * schedule.tickMs;
    const t = this.timeline.startMs + elapsed;
    if (elapsed % schedule.evaluateEveryMs < schedule.tickMs) this.scaleTo(schedule.replicas[Math.floor(elapsed / schedule.evaluateEveryMs)]!, t);
    const rollout = schedule.rollouts[this.nextRollout];
    if (rollout && rollout[0] <= t) {
      this.startRollout(rollout[1], t);
      this.nextRollout++;
      this.rolling = true;
    }
    if (this.rolling) this.rolling = this.rollStep(t + Math.floor(this.rng() * 1_000));
    this.churn(t, schedule.tickMs);
  }

  private churn(atMs: number, tickMs: number): void {
    for (let i = 0; i < this.live.length; i++) {
      if (this.live[i]!.expiresMs <= atMs) this.replace(i--, atMs + Math.floor(this.rng() * tickMs));
    }
  }
}

function simulateDeployment(world: K8sWorld, deployment: Deployment, timeline: Timeline): Lifecycles {
  const rng = createRng(timeline.seed, timeline.hash, 'pods', deployment.index);
  const sim = new DeploymentSimulation(world, deployment, timeline, rng);
  const evaluateEvery = world.replicas.evaluate_every;
  const tick = Math.min(world.rollouts.step, evaluateEvery);
  const replicas = deployment.app
    ? replicaTimeline(world, timeline.startMs, timeline.endMs, deployment.peakRps)
    : new Int32Array(Math.ceil((timeline.endMs - timeline.startMs) / evaluateEvery) + 1).fill(deployment.fixedReplicas);

  // Pods running before the timeline starts, of various ages.
  for (let i = 0; i < replicas[0]!; i++) {
    sim.create(timeline.startMs, timeline.startMs - Math.floor(exponential(rng, world.churn.pod_mean_lifetime / 2)) - 1);
  }
  const schedule: Schedule = { replicas, rollouts: rolloutTimes(world, deployment, timeline), tickMs: tick, evaluateEveryMs: evaluateEvery };
  // Small integers only in this loop: even where it runs unoptimized, nothing in it is boxed.
  const steps = Math.ceil((timeline.endMs - timeline.startMs) / tick);
  for (let step = 0; step < steps; step++) sim.tick(step, schedule);
  for (const pod of sim.pods) {
    const restartRng = createRng(timeline.seed, timeline.hash, 'restarts', pod.name);
    const from = Math.max(pod.startMs, timeline.startMs) + 60_000;
    pod.restarts = poissonTimes(restartRng, world.restarts.per_pod_per_day / 86_400_000, from, pod.endMs - 60_000);
  }
  return { pods: sim.pods, rollouts: sim.rollouts, replicas: [replicas] };
}

export function simulateLifecycles(world: K8sWorld, deployments: Deployment[], timeline: Timeline): Lifecycles {
  const all: Lifecycles = { pods: [], rollouts: [], replicas: [] };
  for (const deployment of deployments) {
    const result = simulateDeployment(world, deployment, timeline);
    // Item by item: a spread of a long timeline's pods overflows the stack (3,000 days did).
    for (const pod of result.pods) all.pods.push(pod);
    for (const rollout of result.rollouts) all.rollouts.push(rollout);
    for (const replicas of result.replicas) all.replicas.push(replicas);
  }
  all.pods.forEach((pod, id) => (pod.id = id));
  return all;
}

