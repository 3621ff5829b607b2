/**
 * Infrastructure incidents: each hidden dependency goes down a few times a year in one deployment
 * target, for 5 minutes to 4 hours, failing a share of its services' requests.
 */
import { DAY_MS } from '../../util/duration.js';
import { createRng, uniform, uniformInt, type Rng } from '../common/rng.js';
import { SERVICES } from './actions.js';
import { HIDDEN_DEPENDENCIES } from './dependencies.js';
import type { SocialWorld } from './world-schema.js';

export interface InfraIncidents {
  count: number;
  component: Int32Array;
  target: Int32Array;
  startMs: Float64Array;
  endMs: Float64Array;
  failureRate: Float64Array;
  /** Per service: incident indexes sorted by start. */
  byService: Int32Array[];
  longestMs: number;
}

/** A target drawn by environment weight, then uniformly within the environment. */
export function pickTarget(rng: Rng, envWeights: Array<[string, number]>, envTargets: Map<string, number[]>): number {
  const total = envWeights.reduce((sum, [, w]) => sum + w, 0);
  let draw = rng() * total;
  let env = envWeights[envWeights.length - 1]![0];
  for (const [name, w] of envWeights) {
    if ((draw -= w) < 0) {
      env = name;
      break;
    }
  }
  const list = envTargets.get(env)!;
  return list[Math.floor(rng() * list.length)]!;
}

export function scheduleIncidents(
  world: SocialWorld,
  envWeights: Array<[string, number]>,
  envTargets: Map<string, number[]>,
  scope: { seed: number; hash: string; startMs: number; endMs: number },
): InfraIncidents {
  const { startMs, endMs } = scope;
  const years = (endMs - startMs) / (365 * DAY_MS);
  const cfg = world.incidents;
  const rows: Array<{ component: number; target: number; start: number; end: number; rate: number }> = [];
  HIDDEN_DEPENDENCIES.forEach((component, c) => {
    const rng = createRng(scope.seed, scope.hash, 'incidents', component.name);
    const count = uniformInt(rng, Math.round(cfg.per_component_per_year[0] * years), Math.round(cfg.per_component_per_year[1] * years));
    for (let i = 0; i < count; i++) {
      const length = Math.min(uniform(rng, cfg.length[0], cfg.length[1]), endMs - startMs);
      const start = Math.floor(uniform(rng, startMs, endMs - length));
      rows.push({ component: c, target: pickTarget(rng, envWeights, envTargets), start, end: Math.floor(start + length), rate: uniform(rng, cfg.failure_rate[0], cfg.failure_rate[1]) });
    }
  });
  rows.sort((a, b) => a.start - b.start || a.component - b.component);
  const byService = SERVICES.map((service) =>
    Int32Array.from(rows.flatMap((row, i) => (HIDDEN_DEPENDENCIES[row.component]!.services.includes(service.key) ? [i] : []))),
  );
  return {
    count: rows.length,
    component: Int32Array.from(rows, (r) => r.component),
    target: Int32Array.from(rows, (r) => r.target),
    startMs: Float64Array.from(rows, (r) => r.start),
    endMs: Float64Array.from(rows, (r) => r.end),
    failureRate: Float64Array.from(rows, (r) => r.rate),
    byService,
    longestMs: rows.reduce((max, r) => Math.max(max, r.end - r.start), 0),
  };
}

/** The first incident active for (service, target) at t (ms), or -1. */
export function activeIncident(incidents: InfraIncidents, service: number, target: number, t: number): number {
  const ids = incidents.byService[service]!;
  const { startMs, endMs } = incidents;
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startMs[ids[mid]!]! <= t) lo = mid + 1;
    else hi = mid;
  }
  let found = -1;
  for (let k = lo - 1; k >= 0; k--) {
    const id = ids[k]!;
    if (startMs[id]! < t - incidents.longestMs) break;
    if (t < endMs[id]! && incidents.target[id] === target) found = id;
  }
  return found;
}
