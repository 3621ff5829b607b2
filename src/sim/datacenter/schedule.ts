/**
 * The anomaly schedule. Each entity (server or service) that can have an enabled kind gets
 * anomalies covering `anomaly_share` of its time, exactly up to the shortest enabled duration:
 * durations are drawn until the budget is spent, then laid out with random quiet gaps of at least
 * `anomaly_min_gap`. An entity's own anomalies never overlap.
 */
import { createRng, exponential, uniform, uniformInt, type Rng } from '../common/rng.js';
import { SERVER_ANOMALIES, SERVICE_ANOMALIES, type AnomalyKind, type DatacenterWorld } from './world-schema.js';

export interface Anomaly {
  kind: AnomalyKind;
  entityType: 'server' | 'service';
  /** Server or service index. */
  entity: number;
  startMs: number;
  endMs: number;
  /**
   * End of the cause. What follows until endMs is its aftermath, still labelled: temperature
   * settling back with its lag, or the errors after a leaking process restarts.
   */
  causeEndMs: number;
  /** The kind's magnitudes (see the anomaly models in the world schema). */
  params: Readonly<Record<string, number>>;
}

interface Timeline {
  seed: number;
  hash: string;
  startMs: number;
  endMs: number;
}

/** Kinds whose effects reach the services on the server. */
export const REACHES_SERVICES: ReadonlySet<AnomalyKind> = new Set(['memory_leak', 'network_saturation', 'disk_io_bottleneck']);

/** Settling of a first-order lag to within e^-4 (1.8 %) of its step. */
const SETTLE_TIME_CONSTANTS = 4;

export function scheduleAnomalies(world: DatacenterWorld, timeline: Timeline, servers: readonly string[], services: readonly string[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const serverKinds = SERVER_ANOMALIES.filter((kind) => world.anomalies.includes(kind));
  const serviceKinds = SERVICE_ANOMALIES.filter((kind) => world.anomalies.includes(kind));
  servers.forEach((name, index) => anomalies.push(...scheduleEntity(world, timeline, serverKinds, 'server', index, name)));
  services.forEach((name, index) => anomalies.push(...scheduleEntity(world, timeline, serviceKinds, 'service', index, name)));
  return anomalies.sort((a, b) => a.startMs - b.startMs || (a.entityType < b.entityType ? -1 : a.entityType > b.entityType ? 1 : 0) || a.entity - b.entity);
}

function scheduleEntity(world: DatacenterWorld, timeline: Timeline, kinds: AnomalyKind[], entityType: Anomaly['entityType'], entity: number, name: string): Anomaly[] {
  const interval = world.interval;
  const ticks = Math.ceil((timeline.endMs - timeline.startMs) / interval);
  const rng = createRng(timeline.seed, timeline.hash, 'anomalies', `${entityType}:${name}`);
  const usable = kinds.filter((kind) => world.anomaly_models[kind].weight > 0);
  const shortest = (kind: AnomalyKind) => Math.max(1, Math.ceil(world.anomaly_models[kind].duration[0] / interval));
  const longest = (kind: AnomalyKind) => Math.max(shortest(kind), Math.floor(world.anomaly_models[kind].duration[1] / interval));
  const picks: Array<{ kind: AnomalyKind; ticks: number }> = [];
  let remaining = Math.round(world.anomaly_share * ticks);
  for (;;) {
    const fits = usable.filter((kind) => shortest(kind) <= remaining);
    if (fits.length === 0) break;
    const kind = weighted(rng, fits, (k) => world.anomaly_models[k].weight);
    const length = uniformInt(rng, shortest(kind), Math.min(longest(kind), remaining));
    picks.push({ kind, ticks: length });
    remaining -= length;
  }
  const busy = picks.reduce((sum, pick) => sum + pick.ticks, 0);
  const free = ticks - busy;
  const minGap = Math.min(Math.ceil(world.anomaly_min_gap / interval), Math.floor(free / (picks.length + 1)));
  const spread = free - (picks.length + 1) * minGap;
  const draws = Array.from({ length: picks.length + 1 }, () => exponential(rng, 1));
  const total = draws.reduce((sum, draw) => sum + draw, 0);
  const out: Anomaly[] = [];
  let tick = 0;
  picks.forEach((pick, i) => {
    tick += minGap + Math.floor((spread * draws[i]!) / total);
    const startMs = timeline.startMs + tick * interval;
    const endMs = startMs + pick.ticks * interval;
    out.push({ kind: pick.kind, entityType, entity, startMs, endMs, causeEndMs: causeEnd(world, pick.kind, startMs, endMs), params: drawParams(world, rng, pick.kind) });
    tick += pick.ticks;
  });
  return out;
}

function causeEnd(world: DatacenterWorld, kind: AnomalyKind, startMs: number, endMs: number): number {
  const half = Math.floor((endMs - startMs) / 2);
  const aftermath =
    kind === 'cpu_spike' || kind === 'temperature_high'
      ? SETTLE_TIME_CONSTANTS * world.server.thermal_lag
      : kind === 'memory_leak'
        ? world.anomaly_models.memory_leak.restart_errors
        : 0;
  // Aligned to the tick grid, so that the cause ends on a tick.
  const interval = world.interval;
  return endMs - Math.ceil(Math.min(aftermath, half) / interval) * interval;
}

function drawParams(world: DatacenterWorld, rng: Rng, kind: AnomalyKind): Record<string, number> {
  const m = world.anomaly_models;
  const draw = ([low, high]: readonly [number, number]) => round(uniform(rng, low, high));
  switch (kind) {
    case 'cpu_spike':
      return { cpu_percent: draw(m.cpu_spike.cpu_percent) };
    case 'memory_leak':
      return {
        peak_percent: draw(m.memory_leak.peak_percent),
        oom_kill: rng() < m.memory_leak.oom_kill_share ? 1 : 0,
        restart_error_percent: draw(m.memory_leak.restart_error_percent),
      };
    case 'temperature_high':
      return { extra_celsius: draw(m.temperature_high.extra_celsius) };
    case 'power_surge':
      return { extra_watts: draw(m.power_surge.extra_watts) };
    case 'network_saturation':
      return { service_slowdown: draw(m.network_saturation.service_slowdown) };
    case 'disk_io_bottleneck':
      return { service_slowdown: draw(m.disk_io_bottleneck.service_slowdown) };
    case 'latency_spike': {
      // Sorted, so that the tail always rises most: p99 ≫ p95 > p50.
      const [p50, p95, p99] = [draw(m.latency_spike.p50_factor), draw(m.latency_spike.p95_factor), draw(m.latency_spike.p99_factor)].sort((a, b) => a - b);
      return { p50_factor: p50!, p95_factor: p95!, p99_factor: p99! };
    }
    case 'error_burst':
      return { error_percent: draw(m.error_burst.error_percent) };
  }
}

function weighted<T>(rng: Rng, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let at = rng() * total;
  for (const item of items) {
    at -= weight(item);
    if (at < 0) return item;
  }
  return items[items.length - 1]!;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Walks an entity's anomalies (sorted, not overlapping) along its ticks: `at(t)` is the code (from
 * `codes`, 0 for none) of the anomaly whose cause is active at t. Kept between days.
 */
export class AnomalyCursor {
  private next = 0;
  /** The anomaly not yet over at the last `at` (its params are read while its cause is active). */
  current: Anomaly | undefined;
  private code = 0;

  constructor(
    private readonly anomalies: readonly Anomaly[],
    private readonly codes: Readonly<Partial<Record<AnomalyKind, number>>>,
  ) {
    this.current = anomalies[0];
    this.code = this.codeOf(this.current);
  }

  at(t: number): number {
    while (this.current !== undefined && t >= this.current.endMs) {
      this.current = this.anomalies[++this.next];
      this.code = this.codeOf(this.current);
    }
    return this.current !== undefined && t >= this.current.startMs && t < this.current.causeEndMs ? this.code : 0;
  }

  private codeOf(anomaly: Anomaly | undefined): number {
    return anomaly ? (this.codes[anomaly.kind] ?? 0) : 0;
  }
}
