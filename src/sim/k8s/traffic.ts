/** Request traffic as closed-form curves of time, and the autoscaler that follows it. */
import { DAY_MS } from '../../util/duration.js';
import type { K8sWorld } from './world-schema.js';

const HOUR_MS = 3_600_000;

/** Relative traffic at time t: daily sine × weekend dip × linear growth (1.0 = peak of day one). */
export function trafficShape(world: K8sWorld, startMs: number, t: number): number {
  const { diurnal_amplitude: amplitude, peak_hour_utc: peakHour, weekend_factor: weekend, growth_per_day: growth } = world.traffic;
  const hour = (((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const diurnal = 1 - amplitude + (amplitude * (1 + Math.cos((2 * Math.PI * (hour - peakHour)) / 24))) / 2;
  // Day 0 of the epoch (1970-01-01) was a Thursday; arithmetic, not a Date per call (one per scrape step).
  const weekday = (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;
  const week = weekday === 0 || weekday === 6 ? weekend : 1;
  return diurnal * week * (1 + (growth * (t - startMs)) / DAY_MS);
}

/**
 * Replica counts of one deployment at every autoscaler evaluation: scale up at once, scale down
 * only to the highest recommendation of the stabilization window (as the Kubernetes HPA does).
 */
export function replicaTimeline(world: K8sWorld, startMs: number, endMs: number, peakRps: number): Int32Array {
  const { min, max, target_rps_per_pod: perPod, evaluate_every: every, scale_down_stabilization: window } = world.replicas;
  const evaluations = Math.ceil((endMs - startMs) / every) + 1;
  const raw = new Int32Array(evaluations);
  for (let i = 0; i < evaluations; i++) {
    const rps = peakRps * trafficShape(world, startMs, startMs + i * every);
    raw[i] = Math.min(max, Math.max(min, Math.ceil(rps / perPod)));
  }
  const windowEvals = Math.max(1, Math.round(window / every));
  const replicas = new Int32Array(evaluations);
  for (let i = 0; i < evaluations; i++) {
    let highest = raw[i]!;
    for (let j = Math.max(0, i - windowEvals + 1); j < i; j++) highest = Math.max(highest, raw[j]!);
    replicas[i] = highest;
  }
  return replicas;
}
