/**
 * Value models of the three kinds of scrape target. A model carries its target's state (counters,
 * memory, RNG) across days, so it must see every step of the target's life in order; it writes a
 * sample only where the step is scraped. State index == local series index (see series.ts).
 */
import { clamp } from '../common/math.js';
import { createRng, uniform, type Rng } from '../common/rng.js';
import { LATENCY_BLOCK, stepTime, type DayFrame, type DeploymentDay } from './day.js';
import type { K8sPlan, Target } from './plan.js';
import { CONTAINER_SERIES, CPU_MODES, SERIES_PER_ENDPOINT, STATUSES, BUCKET_BOUNDS, nodeSeriesCount } from './series-layout.js';

/** Where one target's samples of the current day go. */
export interface SampleSink {
  values: Float64Array;
  /** Start of each local series' region in `values`. */
  offsets: Int32Array;
  /** Counter start time (ms) of each written step, shared by the target's cumulative series. */
  starts: Float64Array;
}

/** One day of the timeline with the per-deployment curves of that day (computed on demand). */
export interface Day {
  frame: DayFrame;
  deployment(index: number): DeploymentDay;
}

export interface TargetModel {
  /** Simulates steps [from, to) of the day; `scraped[k - from]` says whether step k is written. */
  runDay(day: Day, from: number, to: number, scraped: Uint8Array, sink: SampleSink): void;
}

function jitter(rng: Rng, amount: number): number {
  return 1 + amount * (2 * rng() - 1);
}

/** Multiplier that makes a counter's first sample look accumulated since its start. */
function warmFactor(counterStartMs: number, t: number, intervalMs: number): number {
  return Math.max(1, (t - counterStartMs) / intervalMs);
}

function writeState(state: Float64Array, sink: SampleSink, written: number): void {
  const { values, offsets } = sink;
  for (let s = 0; s < state.length; s++) values[offsets[s]! + written] = state[s]!;
}

export function createModel(plan: K8sPlan, target: Target): TargetModel {
  const rng = createRng(plan.context.scenario.seed, plan.context.scenarioHash, 'samples', target.name);
  if (target.kind === 'node') return new NodeModel(plan, target.ref, rng);
  if (target.kind === 'pod') return new PodModel(plan, target.ref, rng);
  return new KafkaModel(plan, rng);
}

/** How unevenly a node's load falls on its CPUs: each CPU's weight, mean 1, is drawn in 1 ± this. */
const CPU_IMBALANCE = 0.2;

class NodeModel implements TargetModel {
  private readonly state: Float64Array;
  private readonly bootMs: number;
  /** Each CPU's share of the node's utilization (mean 1): a scheduler never spreads work evenly. */
  private readonly cpuWeights: Float64Array;
  private warm = true;

  constructor(private readonly plan: K8sPlan, private readonly nodeIndex: number, private readonly rng: Rng) {
    const node = plan.nodes[nodeIndex]!;
    this.bootMs = plan.startMs - node.uptimeMs;
    this.state = new Float64Array(nodeSeriesCount(node.cores));
    this.cpuWeights = Float64Array.from({ length: node.cores }, () => jitter(rng, CPU_IMBALANCE));
    const mean = this.cpuWeights.reduce((sum, weight) => sum + weight, 0) / node.cores;
    for (let cpu = 0; cpu < node.cores; cpu++) this.cpuWeights[cpu]! /= mean;
  }

  runDay({ frame }: Day, from: number, to: number, scraped: Uint8Array, sink: SampleSink): void {
    const { plan, state, rng, cpuWeights } = this;
    const node = plan.nodes[this.nodeIndex]!;
    const spikes = plan.spikes.filter((spike) => spike.node === this.nodeIndex);
    const intervalS = plan.intervalMs / 1000;
    const modes = CPU_MODES.length;
    const memory = node.cores * modes;
    let written = 0;
    for (let k = from; k < to; k++) {
      const t = stepTime(plan, k);
      const dt = intervalS * (this.warm ? warmFactor(this.bootMs, t, plan.intervalMs) : 1);
      this.warm = false;
      let util = clamp(0.08 + 0.55 * node.loadWeight * frame.shape[k - frame.firstStep]! + 0.04 * (2 * rng() - 1), 0.02, 0.97);
      for (const spike of spikes) if (t >= spike.startMs && t < spike.endMs) util = Math.max(util, uniform(rng, 0.9, 0.97));
      const ioShare = 0.08 * jitter(rng, 0.5);
      // Every CPU's modes add up to dt: idle time is what the others leave, so a CPU's idle rate
      // stays in [0, 1] and 1 - avg(idle rate) is the node's utilization.
      for (let cpu = 0; cpu < node.cores; cpu++) {
        const busy = clamp(util * cpuWeights[cpu]! + 0.03 * (2 * rng() - 1), 0.01, 0.99);
        const user = 0.7 * busy;
        const system = 0.22 * busy;
        // iowait can take the busy share past 1 at full load: idle time then stops, never runs backwards.
        const iowait = Math.min(ioShare * busy, 1 - user - system);
        const at = cpu * modes;
        state[at]! += dt * (1 - user - system - iowait);
        state[at + 1]! += dt * user;
        state[at + 2]! += dt * system;
        state[at + 3]! += dt * iowait;
      }
      state[memory] = node.memoryBytes;
      state[memory + 1] = Math.round(node.memoryBytes * (1 - clamp(0.3 + 0.45 * util + 0.03 * (2 * rng() - 1), 0.05, 0.95)));
      state[memory + 2] = node.diskBytes;
      const used = node.diskUsedAtStart + node.diskGrowthPerMs * (t - plan.startMs);
      state[memory + 3] = Math.round(Math.max(node.diskBytes * 0.02, node.diskBytes - used * jitter(rng, 0.0002)));
      if (scraped[k - from]) {
        writeState(state, sink, written);
        sink.starts[written++] = this.bootMs;
      }
    }
  }
}

const BYTES_PER_REQUEST = 1_500;
const HEAP_BYTES_PER_REQUEST = 400_000;

class PodModel implements TargetModel {
  private readonly state: Float64Array;
  private counterStartMs: number;
  private nextRestart = 0;
  private warm = true;
  private readonly endpointShares: number[];
  private readonly clientErrorRate: number;

  constructor(
    private readonly plan: K8sPlan,
    private readonly podId: number,
    private readonly rng: Rng,
  ) {
    const pod = plan.pods[podId]!;
    const deployment = plan.deployments[pod.deployment]!;
    const service = plan.world.services[deployment.service];
    const endpoints = service?.endpoints ?? [];
    const totalShare = endpoints.reduce((sum, endpoint) => sum + endpoint.share, 0);
    this.endpointShares = endpoints.map((endpoint) => endpoint.share / totalShare);
    this.clientErrorRate = service?.client_error_rate ?? 0;
    this.state = new Float64Array(CONTAINER_SERIES + endpoints.length * SERIES_PER_ENDPOINT + (deployment.jvm ? 2 : 0));
    this.counterStartMs = pod.startMs;
  }

  /** A container restart: every counter starts again from zero, memory from its base. */
  private restart(atMs: number): void {
    this.state.fill(0);
    this.counterStartMs = atMs;
    this.warm = false;
  }

  runDay({ frame, deployment: curvesOf }: Day, from: number, to: number, scraped: Uint8Array, sink: SampleSink): void {
    const { plan, state, rng } = this;
    const pod = plan.pods[this.podId]!;
    const deployment = plan.deployments[pod.deployment]!;
    const day = curvesOf(pod.deployment);
    const shares = this.endpointShares;
    const intervalS = plan.intervalMs / 1000;
    const noise = plan.world.traffic.noise;
    const targetRps = plan.world.replicas.target_rps_per_pod;
    const jvmIndex = CONTAINER_SERIES + shares.length * SERIES_PER_ENDPOINT;
    const heapMax = deployment.memoryBytes * 0.6;
    let written = 0;
    for (let k = from; k < to; k++) {
      const t = stepTime(plan, k);
      while (this.nextRestart < pod.restarts.length && pod.restarts[this.nextRestart]! <= t) {
        this.restart(pod.restarts[this.nextRestart++]!);
      }
      const i = k - frame.firstStep;
      const block = (i / LATENCY_BLOCK) | 0;
      const dt = intervalS * (this.warm ? warmFactor(this.counterStartMs, t, plan.intervalMs) : 1);
      this.warm = false;
      const rps = day.podRps[i]! * jitter(rng, noise);
      const cpu = (deployment.cpuBaseCores + deployment.cpuCoresPerRps * rps) * day.cpuFactor[i]! * jitter(rng, 0.05);
      state[0]! += cpu * dt;
      const ageHours = (t - this.counterStartMs) / 3_600_000;
      const load = Math.min(1, rps / targetRps);
      state[1] = Math.round(deployment.memoryBytes * (0.45 + 0.15 * load + Math.min(0.3, 0.004 * ageHours)) * jitter(rng, 0.01));
      state[2]! += rps * dt * BYTES_PER_REQUEST * jitter(rng, 0.1);
      for (let e = 0; e < shares.length; e++) {
        const base = CONTAINER_SERIES + e * SERIES_PER_ENDPOINT;
        const total = Math.floor(rps * shares[e]! * dt + rng());
        const errors = Math.min(total, Math.floor(total * day.errorShare[i]! + rng()));
        const clientErrors = Math.min(total - errors, Math.floor(total * this.clientErrorRate + rng()));
        state[base]! += total - errors - clientErrors;
        state[base + 1]! += clientErrors;
        state[base + 2]! += errors;
        // One uniform for all buckets keeps them cumulative: floor(n·F + u) is monotone in F.
        const u = rng();
        const bucketShare = day.bucketShare[e]!;
        const bucketBase = base + STATUSES.length;
        for (let b = 0; b < BUCKET_BOUNDS.length; b++) {
          state[bucketBase + b]! += Math.min(total, Math.floor(total * bucketShare[b * day.blocks + block]! + u));
        }
        state[bucketBase + BUCKET_BOUNDS.length]! += total;
        state[bucketBase + BUCKET_BOUNDS.length + 1]! += total * day.meanLatency[e]![block]! * jitter(rng, 0.05);
        state[bucketBase + BUCKET_BOUNDS.length + 2]! += total;
      }
      if (deployment.jvm) {
        let heap = state[jvmIndex]! + rps * dt * HEAP_BYTES_PER_REQUEST * jitter(rng, 0.2);
        // A collection drops the heap back to its live set.
        if (heap > heapMax * 0.8 || heap === 0) heap = heapMax * uniform(rng, 0.15, 0.25);
        state[jvmIndex] = Math.round(heap);
        state[jvmIndex + 1] = Math.round(deployment.memoryBytes * (0.12 + Math.min(0.05, 0.001 * ageHours)) * jitter(rng, 0.005));
      }
      if (scraped[k - from]) {
        writeState(state, sink, written);
        sink.starts[written++] = this.counterStartMs;
      }
    }
  }
}

class KafkaModel implements TargetModel {
  private readonly state: Float64Array;
  private readonly shares: Float64Array;
  private readonly producerPeakRps: number;

  constructor(private readonly plan: K8sPlan, private readonly rng: Rng) {
    const { partitions, producer } = plan.world.kafka;
    this.state = new Float64Array(partitions);
    this.shares = new Float64Array(partitions);
    for (let p = 0; p < partitions; p++) {
      this.state[p] = Math.floor(uniform(rng, 1e6, 5e7));
      this.shares[p] = uniform(rng, 0.8, 1.2);
    }
    const sum = this.shares.reduce((a, b) => a + b, 0);
    for (let p = 0; p < partitions; p++) this.shares[p]! /= sum;
    const service = plan.world.services[producer];
    const writes = service ? service.endpoints.filter((endpoint) => endpoint.method === 'POST') : [];
    const writeShare = service ? writes.reduce((a, e) => a + e.share, 0) / service.endpoints.reduce((a, e) => a + e.share, 0) : 0;
    const deployments = plan.deployments.filter((deployment) => deployment.app && deployment.service === producer);
    this.producerPeakRps = writeShare * deployments.reduce((sum, deployment) => sum + deployment.peakRps, 0);
  }

  runDay({ frame }: Day, from: number, to: number, scraped: Uint8Array, sink: SampleSink): void {
    const { state, shares, rng } = this;
    const intervalS = this.plan.intervalMs / 1000;
    let written = 0;
    for (let k = from; k < to; k++) {
      const produced = this.producerPeakRps * frame.shape[k - frame.firstStep]! * intervalS;
      for (let p = 0; p < state.length; p++) state[p]! += Math.floor(produced * shares[p]! * jitter(rng, 0.1) + rng());
      if (scraped[k - from]) writeState(state, sink, written++);
    }
  }
}
