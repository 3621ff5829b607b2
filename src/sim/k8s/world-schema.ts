/** The `world:` section of a k8s scenario: every knob, with defaults that reproduce seed 000. */
import { z } from 'zod';
import { duration, durationRange, fraction, nonNegative, positiveInt, range } from '../../contract/fields.js';

const endpoint = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
    path: z.string().startsWith('/'),
    /** Share of the service's requests. Shares are normalised per service. */
    share: z.number().positive().default(1),
    latency_ms: z.number().positive().default(80),
  })
  .strict();

const service = z
  .object({
    namespace: z.string(),
    peak_rps: z.number().positive(),
    endpoints: z.array(endpoint).min(1),
    /** Baseline share of 500 answers; 400s are `client_error_rate`. */
    error_rate: fraction.default(0.004),
    client_error_rate: fraction.default(0.02),
    jvm: z.boolean().default(true),
    cpu_cores_per_100_rps: z.number().positive().default(0.25),
    memory_mib: z.number().positive().default(512),
  })
  .strict();

const systemWorkload = z
  .object({
    namespace: z.string(),
    replicas: positiveInt,
    cpu_cores: z.number().positive().default(0.1),
    memory_mib: z.number().positive().default(128),
  })
  .strict();

const environment = z.object({ traffic: z.number().positive() }).strict();

export const k8sWorldSchema = z
  .object({
    scrape_interval: duration.default(15_000).describe('Time between two scrapes of a target: 15s, 1m or milliseconds'),
    /**
     * Most samples one partition writes for one day (about 36 bytes of a worker's buffers each):
     * the plan has more than `partitions` partitions when the busiest day needs them, so that a
     * worker's memory does not grow with the duration (traffic grows, and day 60 is larger).
     * The default keeps a worker's day buffers at ~32 MB: the default cluster's first day takes 25
     * partitions (888k samples at most), and any duration runs partition-days of that size. Never below twice one target's busiest day: a
     * target's day is not split.
     */
    max_rows_per_partition_day: positiveInt.default(900_000).describe('Most samples one partition writes for one day; more partitions are planned when a day needs them'),
    cluster: z
      .object({
        nodes: positiveInt.default(50),
        zones: z.array(z.string()).min(1).default(['us-west-1a', 'us-west-1b', 'us-west-1c']),
        /** CPUs of a node, drawn per node from the list: node_cpu_seconds_total has a series per CPU and mode. */
        node_cpu_cores: z.array(positiveInt).min(1).default([8]),
        node_memory_gib: z.array(positiveInt).min(1).default([32, 64, 128]),
        node_disk_gib: positiveInt.default(500),
        namespaces: z
          .array(z.string())
          .default(['kube-system', 'monitoring', 'default', 'payment-service', 'inventory-service', 'frontend', 'auth-service']),
      })
      .strict()
      .prefault({})
      .describe('Nodes, zones, node sizes (cores, memory, disk; drawn from the lists) and namespaces'),
    environments: z
      .record(z.string(), environment)
      .default({ prod: { traffic: 1 }, staging: { traffic: 0.15 }, dev: { traffic: 0.05 } })
      .describe("Environments every service runs in, each with its traffic as a share of the service's peak"),
    services: z.record(z.string(), service).describe('Application services by name: namespace, peak requests/s, endpoints, error rates, JVM, CPU and memory'),
    system_workloads: z.record(z.string(), systemWorkload).default({}).describe('System workloads (coredns, prometheus, …) by name: namespace, replicas, CPU, memory'),
    replicas: z
      .object({
        min: positiveInt.default(5),
        max: positiveInt.default(50),
        target_rps_per_pod: z.number().positive().default(40),
        evaluate_every: duration.default(300_000),
        scale_down_stabilization: duration.default(900_000),
      })
      .strict()
      .refine((r) => r.min <= r.max, { message: 'replicas.min must not exceed replicas.max' })
      .prefault({})
      .describe('The autoscaler: replica bounds, target requests/s per pod, evaluation period and scale-down stabilization'),
    traffic: z
      .object({
        /** Share of the peak lost at the nightly trough (0 = flat, 0.7 = night is 30 % of peak). */
        diurnal_amplitude: fraction.default(0.7),
        peak_hour_utc: z.number().min(0).max(24).default(15),
        weekend_factor: z.number().positive().default(0.8),
        growth_per_day: nonNegative.default(0.01),
        noise: fraction.default(0.1),
      })
      .strict()
      .prefault({})
      .describe('Traffic shape: daily amplitude and peak hour (UTC), weekend factor, growth per day, noise'),
    rollouts: z
      .object({
        versions: z.array(z.string()).min(1).default(['v1.0.0', 'v1.0.1', 'v1.1.0']),
        /** Time between replacing two pods during a rolling update. */
        step: duration.default(60_000),
        /** Delay between environments: dev first, then staging, then prod. */
        environment_lag: duration.default(86_400_000),
      })
      .strict()
      .prefault({})
      .describe('Rolling updates: the versions rolled out in order, time between two pods, delay between environments'),
    churn: z.object({ pod_mean_lifetime: duration.default(129_600_000) }).strict().prefault({}).describe('Pod churn: mean lifetime of a pod before it is replaced (new name, new series)'),
    restarts: z.object({ per_pod_per_day: nonNegative.default(0.15) }).strict().prefault({}).describe('Container restarts per pod per day (counters reset to 0)'),
    spikes: z
      .object({
        per_day: nonNegative.default(2),
        length: durationRange.default([300_000, 900_000]),
        cpu_factor: range(z.number().min(1)).default([3, 5]),
        error_rate: range(fraction).default([0.15, 0.4]),
        latency_factor: z.number().min(1).default(3),
      })
      .strict()
      .prefault({})
      .describe('CPU and 500-error spikes: how many a day, how long, CPU factor, error rate, latency factor'),
    gaps: z
      .object({
        per_target_per_day: nonNegative.default(0.2),
        /** Missed scrapes in a row. */
        scrapes: range(positiveInt).default([1, 8]),
        cluster_outages_per_week: nonNegative.default(1),
        cluster_outage_length: durationRange.default([120_000, 360_000]),
      })
      .strict()
      .prefault({})
      .describe('Missed scrapes per target and per day, and outages of the whole scraper'),
    kafka: z
      .object({
        topic: z.string().default('orders'),
        partitions: positiveInt.default(12),
        /** Messages produced per POST request of this service. */
        producer: z.string().default('payment'),
      })
      .strict()
      .prefault({})
      .describe('The Kafka topic whose partition offsets grow with the producing service\'s POST requests'),
    filesystem: z
      .object({ used_fraction_at_start: range(fraction).default([0.2, 0.5]), growth_gib_per_day: range(nonNegative).default([0.5, 4]) })
      .strict()
      .prefault({})
      .describe('Node disks: share used at the start and growth per day (GiB), each drawn per node from [low, high]'),
  })
  .strict();

export type K8sWorld = z.output<typeof k8sWorldSchema>;
export type K8sService = K8sWorld['services'][string];
