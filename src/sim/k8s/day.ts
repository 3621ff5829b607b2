/**
 * One UTC day of the timeline as a frame of scrape steps, and the per-step curves shared by every
 * target of a deployment or node during that day (computed once per day, not per series).
 */
import { DAY_MS, isoDate } from '../../util/duration.js';
import { clamp, normalCdf } from '../common/math.js';
import type { Window } from './anomalies.js';
import type { K8sPlan } from './plan.js';
import { BUCKET_BOUNDS } from './series-layout.js';
import { trafficShape } from './traffic.js';

/** Steps are `plan.startMs + k * interval`; a day holds steps [firstStep, endStep). */
export interface DayFrame {
  date: string;
  firstStep: number;
  endStep: number;
  /** 0 where the whole cluster's scrapes failed (outage). */
  scrapeOk: Uint8Array;
  /** Traffic shape at each step of the day. */
  shape: Float64Array;
}

export function stepOf(plan: K8sPlan, timeMs: number): number {
  return Math.max(0, Math.ceil((timeMs - plan.startMs) / plan.intervalMs));
}

export function stepTime(plan: K8sPlan, step: number): number {
  return plan.startMs + step * plan.intervalMs;
}

let scrapeScratch = new Uint8Array(0);
let shapeScratch = new Float64Array(0);

/**
 * The days of the timeline. A frame's arrays are reused by the next frame (and the next partition):
 * a fresh pair per day was garbage that a 30-day worker accumulated between collections.
 */
export function* dayFrames(plan: K8sPlan): Generator<DayFrame> {
  for (let day = Math.floor(plan.startMs / DAY_MS) * DAY_MS; day < plan.endMs; day += DAY_MS) {
    const firstStep = stepOf(plan, Math.max(day, plan.startMs));
    const endStep = stepOf(plan, Math.min(day + DAY_MS, plan.endMs));
    if (endStep <= firstStep) continue;
    const length = endStep - firstStep;
    if (scrapeScratch.length < length) [scrapeScratch, shapeScratch] = [new Uint8Array(length), new Float64Array(length)];
    const scrapeOk = scrapeScratch.subarray(0, length).fill(1);
    clearWindows(plan, scrapeOk, firstStep, plan.outages);
    const shape = shapeScratch.subarray(0, length);
    for (let i = 0; i < length; i++) shape[i] = trafficShape(plan.world, plan.startMs, stepTime(plan, firstStep + i));
    yield { date: isoDate(day), firstStep, endStep, scrapeOk, shape };
  }
}

/** Zeroes `mask` (indexed from step `offset`) at the steps inside any of `windows`. */
export function clearWindows(plan: K8sPlan, mask: Uint8Array, offset: number, windows: readonly Window[]): void {
  for (const [from, to] of windows) {
    const a = Math.max(stepOf(plan, from) - offset, 0);
    const b = Math.min(stepOf(plan, to) - offset, mask.length);
    if (a < b) mask.fill(0, a, b);
  }
}

const LATENCY_SIGMA = 0.5;
/**
 * Latency curves are evaluated, and kept, once per block of steps: they change slowly, and a
 * value per step made every deployment's curves of a day 0.6 MB instead of 0.2.
 */
export const LATENCY_BLOCK = 20;

/** Per-step curves of one application deployment over a day. */
export interface DeploymentDay {
  /** Requests per second per pod (before per-pod noise). */
  podRps: Float64Array;
  errorShare: Float64Array;
  cpuFactor: Float64Array;
  latencyFactor: Float64Array;
  /** Per endpoint: CDF at each bucket bound in each block of steps, [bound * blocks + block]. */
  bucketShare: Float64Array[];
  /** Per endpoint: mean latency in seconds in each block of steps. */
  meanLatency: Float64Array[];
  /** Blocks of LATENCY_BLOCK steps in the day (the last may be shorter). */
  blocks: number;
}

/**
 * The deployment's curves for the day, written into `previous` (the same deployment's curves of an
 * earlier day) when given: reusing them keeps a 30-day run's garbage, and RSS, at a 1-day run's.
 */
export function deploymentDay(plan: K8sPlan, deploymentIndex: number, frame: DayFrame, previous?: DeploymentDay): DeploymentDay {
  const deployment = plan.deployments[deploymentIndex]!;
  const length = frame.endStep - frame.firstStep;
  const blocks = Math.ceil(length / LATENCY_BLOCK);
  const service = plan.world.services[deployment.service];
  const endpoints = service?.endpoints ?? [];
  const reuse = previous?.podRps.length === length ? previous : undefined;
  const array = (old: Float64Array | undefined, size: number) => (old ? old.fill(0) : new Float64Array(size));
  const { replicas: scaling } = plan.world;
  const podRps = array(reuse?.podRps, length);
  const errorShare = array(reuse?.errorShare, length);
  const cpuFactor = array(reuse?.cpuFactor, length).fill(1);
  const latencyFactor = array(reuse?.latencyFactor, length).fill(1);
  for (let i = 0; i < length; i++) {
    const t = stepTime(plan, frame.firstStep + i);
    const rps = deployment.peakRps * frame.shape[i]!;
    const replicas = clamp(Math.ceil(rps / scaling.target_rps_per_pod), scaling.min, scaling.max);
    podRps[i] = deployment.app ? rps / replicaAt(plan, deploymentIndex, t, replicas) : 0;
    errorShare[i] = service?.error_rate ?? 0;
    const load = podRps[i]! / scaling.target_rps_per_pod;
    latencyFactor[i] = 1 + 0.3 * load * load;
  }
  for (const spike of plan.spikes) {
    if (spike.deployment !== deploymentIndex) continue;
    const a = Math.max(stepOf(plan, spike.startMs) - frame.firstStep, 0);
    const b = Math.min(stepOf(plan, spike.endMs) - frame.firstStep, length);
    for (let i = a; i < b; i++) {
      if (spike.kind === 'cpu_spike') cpuFactor[i] = spike.magnitude;
      else {
        errorShare[i] = spike.magnitude;
        latencyFactor[i]! *= plan.world.spikes.latency_factor;
      }
    }
  }
  const bucketShare: Float64Array[] = [];
  const meanLatency: Float64Array[] = [];
  for (const [e, endpoint] of endpoints.entries()) {
    const shares = array(reuse?.bucketShare[e], BUCKET_BOUNDS.length * blocks);
    const means = array(reuse?.meanLatency[e], blocks);
    for (let block = 0; block < blocks; block++) {
      const median = (endpoint.latency_ms / 1000) * latencyFactor[block * LATENCY_BLOCK]!;
      means[block] = median * Math.exp((LATENCY_SIGMA * LATENCY_SIGMA) / 2);
      BUCKET_BOUNDS.forEach((bound, b) => (shares[b * blocks + block] = normalCdf(Math.log(bound / median) / LATENCY_SIGMA)));
    }
    bucketShare.push(shares);
    meanLatency.push(means);
  }
  return { podRps, errorShare, cpuFactor, latencyFactor, bucketShare, meanLatency, blocks };
}

/** Replicas of the autoscaler at time t (its timeline is part of the plan). */
function replicaAt(plan: K8sPlan, deploymentIndex: number, t: number, fallback: number): number {
  const timeline = plan.replicas[deploymentIndex];
  if (!timeline || timeline.length === 0) return fallback;
  const index = Math.min(timeline.length - 1, Math.floor((t - plan.startMs) / plan.world.replicas.evaluate_every));
  return timeline[index]!;
}
