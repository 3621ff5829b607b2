/** The metric series each scrape target exposes, with the labels seed 000 lists. */
import { hash64 } from '../../util/hash.js';
import type { K8sPlan, Target } from './plan.js';
import { BUCKET_LABELS, CPU_MODES, STATUSES } from './series-layout.js';

export type SeriesType = 'counter' | 'gauge' | 'histogram_bucket' | 'histogram_sum' | 'histogram_count';

export interface SeriesDef {
  id: bigint;
  metric: string;
  /** Position of `metric` in METRIC_NAMES (the samples' metric dictionary). */
  metricIndex: number;
  /** Sorted by label name. */
  labels: ReadonlyArray<readonly [string, string]>;
  type: SeriesType;
  unit: string;
  /** Resolution of the values as the exporter reports them, in ticks per unit; 0 for any double. */
  ticksPerUnit: number;
}

/** Every metric name a k8s target exposes: the dictionary of the samples' `metric` column. */
export const METRIC_NAMES = Object.freeze([
  'node_cpu_seconds_total',
  'node_memory_MemTotal_bytes',
  'node_memory_MemAvailable_bytes',
  'node_filesystem_size_bytes',
  'node_filesystem_avail_bytes',
  'container_cpu_usage_seconds_total',
  'container_memory_usage_bytes',
  'container_network_receive_bytes_total',
  'http_requests_total',
  'http_request_duration_seconds_bucket',
  'http_request_duration_seconds_sum',
  'http_request_duration_seconds_count',
  'jvm_memory_bytes_used',
  'kafka_topic_partition_current_offset',
] as const);

type MetricName = (typeof METRIC_NAMES)[number];

/**
 * Metrics exported in whole ticks of a finer unit: node_exporter reads /proc/stat in USER_HZ
 * (1/100 s), cAdvisor's CPU time is nanoseconds. Byte metrics count whole bytes.
 */
const TICKS_PER_UNIT: Partial<Record<MetricName, number>> = {
  node_cpu_seconds_total: 100,
  container_cpu_usage_seconds_total: 1e9,
};

export function isCumulative(type: SeriesType): boolean {
  return type !== 'gauge';
}

/**
 * A target's series maker. Its series share their label pairs (a pod's ~50 series repeat the same
 * ~8): series are made when a target is born and go straight into the partition's catalog
 * (catalog.ts), and fewer arrays per birth means fewer objects caught alive by a collection.
 */
function seriesMaker(): (metric: MetricName, labels: Record<string, string>, type: SeriesType, unit: string) => SeriesDef {
  const pairs = new Map<string, readonly [string, string]>();
  const pairOf = ([key, value]: [string, string]): readonly [string, string] => {
    const id = `${key}\u0000${value}`;
    let pair = pairs.get(id);
    if (!pair) pairs.set(id, (pair = [key, value]));
    return pair;
  };
  return (metric, labels, type, unit) => {
    const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(pairOf);
    const key = `${metric}{${sorted.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    const ticksPerUnit = TICKS_PER_UNIT[metric] ?? (unit === 'bytes' ? 1 : 0);
    return { id: hash64(key), metric, metricIndex: METRIC_NAMES.indexOf(metric), labels: sorted, type, unit, ticksPerUnit };
  };
}

export function seriesOfTarget(plan: K8sPlan, target: Target): SeriesDef[] {
  if (target.kind === 'node') return nodeSeries(plan, target.ref);
  if (target.kind === 'pod') return podSeries(plan, target.ref);
  return kafkaSeries(plan);
}

function nodeSeries(plan: K8sPlan, index: number): SeriesDef[] {
  const node = plan.nodes[index]!;
  const series = seriesMaker();
  const base = { job: 'node-exporter', instance: node.name, zone: node.zone };
  // As node-exporter reads /proc/stat: a counter per CPU (`cpu="0"`…) and mode, each adding up to
  // one second per second of wall time.
  const cpus = Array.from({ length: node.cores }, (_, cpu) => CPU_MODES.map((mode) => series('node_cpu_seconds_total', { ...base, cpu: String(cpu), mode }, 'counter', 'seconds')));
  return [
    ...cpus.flat(),
    series('node_memory_MemTotal_bytes', base, 'gauge', 'bytes'),
    series('node_memory_MemAvailable_bytes', base, 'gauge', 'bytes'),
    series('node_filesystem_size_bytes', { ...base, mountpoint: '/' }, 'gauge', 'bytes'),
    series('node_filesystem_avail_bytes', { ...base, mountpoint: '/' }, 'gauge', 'bytes'),
  ];
}

function podSeries(plan: K8sPlan, podId: number): SeriesDef[] {
  const pod = plan.pods[podId]!;
  const series = seriesMaker();
  const deployment = plan.deployments[pod.deployment]!;
  const node = plan.nodes[pod.node]!;
  const env: Record<string, string> = deployment.env ? { env: deployment.env } : {};
  const container: Record<string, string> = {
    job: 'kubelet',
    instance: node.name,
    namespace: deployment.namespace,
    pod: pod.name,
    container: 'main',
    image: `registry.local/${deployment.service}:${pod.version}`,
    ...env,
  };
  const out = [
    series('container_cpu_usage_seconds_total', container, 'counter', 'seconds'),
    series('container_memory_usage_bytes', container, 'gauge', 'bytes'),
    series('container_network_receive_bytes_total', container, 'counter', 'bytes'),
  ];
  if (!deployment.app) return out;
  const app: Record<string, string> = { job: deployment.service, namespace: deployment.namespace, pod: pod.name, service: deployment.service, version: pod.version, ...env };
  for (const endpoint of plan.world.services[deployment.service]!.endpoints) {
    const route = { ...app, method: endpoint.method, path: endpoint.path };
    for (const status of STATUSES) out.push(series('http_requests_total', { ...route, status }, 'counter', 'requests'));
    for (const le of BUCKET_LABELS) out.push(series('http_request_duration_seconds_bucket', { ...route, le }, 'histogram_bucket', 'seconds'));
    out.push(series('http_request_duration_seconds_sum', route, 'histogram_sum', 'seconds'));
    out.push(series('http_request_duration_seconds_count', route, 'histogram_count', 'seconds'));
  }
  if (deployment.jvm) {
    for (const area of ['heap', 'nonheap']) out.push(series('jvm_memory_bytes_used', { ...app, area }, 'gauge', 'bytes'));
  }
  return out;
}

function kafkaSeries(plan: K8sPlan): SeriesDef[] {
  const { topic, partitions } = plan.world.kafka;
  const series = seriesMaker();
  const base = { job: 'kafka-exporter', instance: 'kafka-exporter:9308', namespace: 'monitoring', topic };
  return Array.from({ length: partitions }, (_, partition) =>
    series('kafka_topic_partition_current_offset', { ...base, partition: String(partition) }, 'gauge', 'messages'),
  );
}
