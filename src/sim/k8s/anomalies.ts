/** The injected anomalies: CPU and error spikes, per-target scrape gaps, cluster-wide scrape outages. */
import { createRng, pick, poissonTimes, uniform, uniformInt } from '../common/rng.js';
import type { Deployment } from './topology.js';
import type { K8sWorld } from './world-schema.js';

const DAY_MS = 86_400_000;

export interface Spike {
  kind: 'cpu_spike' | 'error_spike';
  startMs: number;
  endMs: number;
  /** Index of the affected deployment, or -1 when a node is affected. */
  deployment: number;
  node: number;
  /** CPU multiplier for cpu spikes, share of 500 answers for error spikes. */
  magnitude: number;
}

/** A window [startMs, endMs) in which scrapes fail. */
export type Window = readonly [number, number];

interface Scope {
  seed: number;
  hash: string;
  startMs: number;
  endMs: number;
}

export function scheduleSpikes(world: K8sWorld, deployments: Deployment[], nodes: number, scope: Scope): Spike[] {
  const rng = createRng(scope.seed, scope.hash, 'spikes');
  const { spikes } = world;
  const apps = deployments.filter((deployment) => deployment.app);
  return poissonTimes(rng, spikes.per_day / DAY_MS, scope.startMs, scope.endMs).map((startMs) => {
    const length = uniform(rng, spikes.length[0], spikes.length[1]);
    const endMs = Math.min(scope.endMs, startMs + Math.floor(length));
    if (rng() < 0.5 && apps.length > 0) {
      return { kind: 'error_spike', startMs, endMs, deployment: pick(rng, apps).index, node: -1, magnitude: uniform(rng, ...spikes.error_rate) };
    }
    const onNode = rng() < 0.5 || apps.length === 0;
    return {
      kind: 'cpu_spike',
      startMs,
      endMs,
      deployment: onNode ? -1 : pick(rng, apps).index,
      node: onNode ? Math.floor(rng() * nodes) : -1,
      magnitude: uniform(rng, ...spikes.cpu_factor),
    };
  });
}

/** Scrape gaps of one target alive over [fromMs, toMs), from its own random stream. */
export function scheduleGaps(world: K8sWorld, scope: Scope, target: string, fromMs: number, toMs: number): Window[] {
  const rng = createRng(scope.seed, scope.hash, 'gaps', target);
  const interval = world.scrape_interval;
  return poissonTimes(rng, world.gaps.per_target_per_day / DAY_MS, fromMs, toMs).map((startMs) => {
    const missed = uniformInt(rng, world.gaps.scrapes[0], world.gaps.scrapes[1]);
    return [startMs, Math.min(toMs, startMs + missed * interval)] as const;
  });
}

/** Cluster-wide outages of the scraper: no target has samples inside them. */
export function scheduleOutages(world: K8sWorld, scope: Scope): Window[] {
  const rng = createRng(scope.seed, scope.hash, 'outages');
  const { cluster_outages_per_week: perWeek, cluster_outage_length: length } = world.gaps;
  return poissonTimes(rng, perWeek / (7 * DAY_MS), scope.startMs, scope.endMs).map((startMs) => {
    return [startMs, Math.min(scope.endMs, startMs + Math.floor(uniform(rng, length[0], length[1])))] as const;
  });
}
