/**
 * One service endpoint, one day, tick by tick: requests follow the daily load; latency grows with
 * load; connections follow Little's law (rate × mean latency); the queue grows as ρ²/(1 − ρ) with
 * the workers' utilisation. The service's own anomalies act on it directly; its hosts' anomalies
 * act on the share of requests their instance serves (painted per day from the plan).
 */
import { clamp } from '../common/math.js';
import { createRng } from '../common/rng.js';
import { V } from './metrics.js';
import { Noise, arCoefficients } from './noise.js';
import type { DatacenterPlan } from './plan.js';
import { AnomalyCursor } from './schedule.js';
import type { UnitDay } from './server-kernel.js';
import type { Endpoint, Service } from './topology.js';

const NOISE_MS = 20_000;
/** Relative noise of the error rate (few errors per second are noisy). */
const ERROR_NOISE = 0.15;
/** Mean latency over the median, for a log-normal of the spread p95/p50 ≈ 2.5. */
const MEAN_OVER_MEDIAN = 1.25;
const MAX_UTILISATION = 0.97;

/** Codes of the kinds an endpoint kernel acts on (0: none). */
const KIND = { latency_spike: 1, error_burst: 2 } as const;

export interface EndpointState {
  service: Service;
  endpoint: Endpoint;
  noise: Noise;
  /** Its own anomalies. */
  anomalies: AnomalyCursor;
  rps: number;
  latency: number;
}

export function createEndpointState(plan: DatacenterPlan, service: Service, endpoint: Endpoint): EndpointState {
  const rng = createRng(plan.context.scenario.seed, plan.context.scenarioHash, 'endpoint-noise', `${service.name}${endpoint.path}`);
  return {
    service,
    endpoint,
    noise: new Noise(rng),
    anomalies: new AnomalyCursor(plan.anomalies.filter((a) => a.entityType === 'service' && a.entity === service.index), KIND),
    rps: 0,
    latency: 0,
  };
}

/** Per tick of a day: the share of requests slowed by a host, how much, and the errors a host's restart adds. */
export interface HostEffects {
  slowShare: Float64Array;
  slowdown: Float64Array;
  extraErrors: Float64Array;
}

export function runEndpointDay(plan: DatacenterPlan, state: EndpointState, day: UnitDay, effects: HostEffects): void {
  const v = plan.world.service;
  const { endpoint, noise, anomalies: cursor } = state;
  const interval = plan.intervalMs;
  const ar = arCoefficients(interval, NOISE_MS, 1);
  const { values, offsets, load } = day;
  const [oRps, o50, o95, o99] = [offsets[V.Rps]!, offsets[V.P50]!, offsets[V.P95]!, offsets[V.P99]!];
  const [oErr, oConn, oQueue] = [offsets[V.Errors]!, offsets[V.Connections]!, offsets[V.Queue]!];
  const { slowShare, slowdown, extraErrors } = effects;
  let { rps: rpsN, latency: latN } = state;
  const t0 = plan.startMs + day.firstTick * interval;
  for (let i = 0; i < day.ticks; i++) {
    const t = t0 + i * interval;
    const cause = cursor.at(t);
    const anomaly = cursor.current;
    const l = load[i]!;
    rpsN = ar.phi * rpsN + ar.innovation * noise.normal();
    latN = ar.phi * latN + ar.innovation * noise.normal();
    const rps = Math.max(0, endpoint.peakRps * l * (1 + v.rps_noise * rpsN));

    let p50 = endpoint.p50 * (1 + v.load_latency * l * l) * Math.max(0.5, 1 + v.latency_noise * latN);
    let p95 = p50 * endpoint.p95OverP50;
    let p99 = p95 * endpoint.p99OverP95;
    let slower = 1;
    if (cause === KIND.latency_spike) {
      const params = anomaly!.params;
      p50 *= params.p50_factor!;
      p95 *= params.p95_factor!;
      p99 *= params.p99_factor!;
      slower = params.p50_factor!;
    }
    const share = slowShare[i]!;
    if (share > 0) {
      // A share of the requests (≥ 1/3 here) is `factor` slower: the tail is theirs, the median moves a little.
      const factor = slowdown[i]!;
      p50 *= 1 + 0.25 * share * (factor - 1);
      p95 *= 1 + (factor - 1) * Math.min(1, share / 0.05);
      p99 *= factor;
      slower *= 1 + share * (factor - 1);
    }
    p95 = Math.max(p95, p50);
    p99 = Math.max(p99, p95);

    let errors = endpoint.errorPercent * Math.max(0, 1 + ERROR_NOISE * noise.normal());
    if (cause === KIND.error_burst) errors = anomaly!.params.error_percent! * (1 + 0.05 * noise.normal());
    errors = clamp(errors + extraErrors[i]!, 0, 100);

    const utilisation = Math.min(MAX_UTILISATION, v.peak_utilisation * (rps / endpoint.peakRps) * slower);
    values[oRps + i] = rps;
    values[o50 + i] = p50;
    values[o95 + i] = p95;
    values[o99 + i] = p99;
    values[oErr + i] = errors;
    values[oConn + i] = poisson(rps * p50 * MEAN_OVER_MEDIAN * slower, noise.normal());
    values[oQueue + i] = poisson((utilisation * utilisation) / (1 - utilisation), noise.normal());
  }
  state.rps = rpsN;
  state.latency = latN;
}

/** Paints the host anomalies reaching the service over the day's ticks into `effects`. */
export function paintHostEffects(plan: DatacenterPlan, service: Service, firstTick: number, ticks: number, effects: HostEffects): void {
  effects.slowShare.fill(0, 0, ticks);
  effects.slowdown.fill(1, 0, ticks);
  effects.extraErrors.fill(0, 0, ticks);
  const share = 1 / service.hosts.length;
  const interval = plan.intervalMs;
  const tickOf = (ms: number) => clamp(Math.ceil((ms - plan.startMs) / interval) - firstTick, 0, ticks);
  for (const anomaly of plan.hostAnomalies[service.index]!) {
    if (anomaly.kind === 'memory_leak') {
      const extra = share * anomaly.params.restart_error_percent!;
      for (let i = tickOf(anomaly.causeEndMs); i < tickOf(anomaly.endMs); i++) effects.extraErrors[i]! += extra;
    } else {
      const factor = anomaly.params.service_slowdown!;
      for (let i = tickOf(anomaly.startMs); i < tickOf(anomaly.causeEndMs); i++) {
        effects.slowShare[i] = Math.min(1, effects.slowShare[i]! + share);
        effects.slowdown[i] = Math.max(effects.slowdown[i]!, factor);
      }
    }
  }
}

/** A count of mean `mean` (a Poisson draw, in its normal approximation): whole, never negative. */
function poisson(mean: number, normal: number): number {
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
}

