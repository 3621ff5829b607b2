/**
 * How many series each scrape target exposes, in generation order, and the label values that
 * decide it. Pure arithmetic on the world: the plan counts series with it before any exists, the
 * models size their state by it, series.ts names them.
 */
import type { Deployment } from './topology.js';
import type { K8sWorld } from './world-schema.js';

export const CPU_MODES = ['idle', 'user', 'system', 'iowait'] as const;
export const STATUSES = ['200', '400', '500'] as const;
export const BUCKET_BOUNDS = [0.1, 0.5, 1, 5] as const;
export const BUCKET_LABELS = ['0.1', '0.5', '1', '5', '+Inf'];

/** Series of a pod, in generation order: container, then per endpoint (3 statuses, 5 buckets, sum, count), then jvm. */
export const CONTAINER_SERIES = 3;
export const SERIES_PER_ENDPOINT = STATUSES.length + BUCKET_LABELS.length + 2;

/** Series of a node: one node_cpu_seconds_total per CPU and mode (CPU-major), then memory and disk. */
export function nodeSeriesCount(cores: number): number {
  return cores * CPU_MODES.length + 4;
}

/** Number of series a pod of this deployment exposes (for estimates, without building them). */
export function podSeriesCount(world: K8sWorld, deployment: Deployment): number {
  if (!deployment.app) return CONTAINER_SERIES;
  const endpoints = world.services[deployment.service]!.endpoints.length;
  return CONTAINER_SERIES + endpoints * SERIES_PER_ENDPOINT + (deployment.jvm ? 2 : 0);
}
