/**
 * The `world:` section of a datacenter scenario: the seed's knobs (servers, services, anomaly share,
 * interval, enabled anomalies, zones) and every model as data: baselines, couplings, seasonality,
 * and each anomaly's effect and duration range.
 */
import { z } from 'zod';
import { duration, durationRange, fraction, nonNegative, positiveInt, range } from '../../contract/fields.js';

/** The eight anomaly kinds, server kinds first. */
export const SERVER_ANOMALIES = ['cpu_spike', 'memory_leak', 'temperature_high', 'power_surge', 'network_saturation', 'disk_io_bottleneck'] as const;
export const SERVICE_ANOMALIES = ['latency_spike', 'error_burst'] as const;
export const ANOMALY_KINDS = [...SERVER_ANOMALIES, ...SERVICE_ANOMALIES] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

const positive = z.number().positive();
const percentRange = range(z.number().min(0).max(100));
const positiveRange = range(positive);

/** What every anomaly model has: how often it is picked among the enabled kinds, and how long it lasts. */
const common = { weight: nonNegative.default(1), duration: durationRange };

const anomalyModels = z
  .object({
    cpu_spike: z.object({ ...common, duration: common.duration.default([180_000, 900_000]), cpu_percent: percentRange.default([88, 99]) }).strict().prefault({}),
    memory_leak: z
      .object({
        ...common,
        duration: common.duration.default([1_200_000, 7_200_000]),
        /** Memory reached when the process restarts or is OOM-killed. */
        peak_percent: percentRange.default([93, 99]),
        /** Share of leaks that end in an OOM kill (the rest in a restart): both drop the memory. */
        oom_kill_share: fraction.default(0.5),
        /** After the restart, requests to the services on the server fail for this long… */
        restart_errors: duration.default(45_000),
        /** …at this error rate (on the server's share of the service's requests). */
        restart_error_percent: percentRange.default([40, 80]),
      })
      .strict()
      .prefault({}),
    temperature_high: z
      .object({ ...common, duration: common.duration.default([300_000, 1_800_000]), extra_celsius: positiveRange.default([25, 35]) })
      .strict()
      .prefault({}),
    power_surge: z.object({ ...common, duration: common.duration.default([120_000, 600_000]), extra_watts: positiveRange.default([150, 300]) }).strict().prefault({}),
    network_saturation: z
      .object({
        ...common,
        duration: common.duration.default([180_000, 1_200_000]),
        /** Response times of the services on the server are multiplied by this (their share of requests). */
        service_slowdown: range(z.number().min(1)).default([4, 8]),
      })
      .strict()
      .prefault({}),
    disk_io_bottleneck: z
      .object({ ...common, duration: common.duration.default([180_000, 1_200_000]), service_slowdown: range(z.number().min(1)).default([3, 6]) })
      .strict()
      .prefault({}),
    latency_spike: z
      .object({
        ...common,
        duration: common.duration.default([120_000, 900_000]),
        p50_factor: range(z.number().min(1)).default([1.5, 2.5]),
        p95_factor: range(z.number().min(1)).default([3, 5]),
        p99_factor: range(z.number().min(1)).default([8, 15]),
      })
      .strict()
      .prefault({}),
    error_burst: z.object({ ...common, duration: common.duration.default([120_000, 600_000]), error_percent: percentRange.default([15, 50]) }).strict().prefault({}),
  })
  .strict()
  .prefault({});

const server = z
  .object({
    cpu_idle_percent: percentRange.default([5, 15]),
    /** CPU added at the daily peak of load. */
    cpu_load_percent: percentRange.default([25, 45]),
    cpu_noise_percent: nonNegative.default(1.5),
    memory_percent: percentRange.default([30, 55]),
    memory_noise_percent: nonNegative.default(0.3),
    disk_read_mb_per_second: positiveRange.default([20, 90]),
    disk_write_mb_per_second: positiveRange.default([10, 60]),
    /** The device's limit, reached in a disk_io_bottleneck. */
    disk_limit_mb_per_second: positive.default(550),
    network_rx_mb_per_second: positiveRange.default([40, 200]),
    network_tx_mb_per_second: positiveRange.default([30, 150]),
    /** The link's capacity (10 Gbit/s), reached in a network_saturation. */
    network_capacity_mb_per_second: positive.default(1250),
    /** Relative noise of disk and network rates. */
    io_noise: fraction.default(0.05),
    ambient_celsius: z.number().default(24),
    /** Steady-state temperature rise per CPU percent. */
    celsius_per_cpu_percent: nonNegative.default(0.4),
    /** Time constant of the temperature following CPU and cooling. */
    thermal_lag: duration.default(30_000),
    temperature_noise_celsius: nonNegative.default(0.2),
    idle_power_watts: positiveRange.default([110, 170]),
    /** Power at 100 % CPU, fans excluded. */
    max_power_watts: positiveRange.default([380, 520]),
    /** Fans start at this temperature and run flat out (adding fan_max_watts) at fan_full_celsius. */
    fan_start_celsius: z.number().default(45),
    fan_full_celsius: z.number().default(70),
    fan_max_watts: nonNegative.default(80),
    power_noise_watts: nonNegative.default(2),
  })
  .strict()
  .refine((s) => s.fan_start_celsius < s.fan_full_celsius, { message: 'fan_start_celsius must be below fan_full_celsius' })
  .refine((s) => s.idle_power_watts[1] <= s.max_power_watts[0], { message: 'idle_power_watts must not exceed max_power_watts' })
  .prefault({});

const service = z
  .object({
    /** Servers each service runs on (its requests are spread evenly over them). */
    instances: range(positiveInt).default([2, 3]),
    /** Requests per second of each endpoint at the daily peak. */
    peak_rps: positiveRange.default([40, 400]),
    /** Relative noise of the request rate. */
    rps_noise: fraction.default(0.04),
    p50_ms: positiveRange.default([8, 60]),
    /** p95 = p50 × this; p99 = p95 × p99_over_p95. */
    p95_over_p50: range(z.number().min(1)).default([2, 3]),
    p99_over_p95: range(z.number().min(1)).default([1.5, 2.2]),
    latency_noise: fraction.default(0.04),
    /** Latency grows with load: × (1 + load_latency × load²). */
    load_latency: nonNegative.default(0.3),
    error_percent: percentRange.default([0.1, 1]),
    /** Peak utilisation of an endpoint's workers; the queue grows as ρ²/(1 − ρ). */
    peak_utilisation: z.number().positive().max(0.95).default(0.6),
  })
  .strict()
  .prefault({});

const catalogEntry = z.object({ name: z.string().regex(/^[a-z][a-z0-9-]*$/), paths: z.array(z.string().startsWith('/')).min(1) }).strict();

export const datacenterWorldSchema = z
  .object({
    /** Time between two ticks (the seed's --interval). */
    interval: duration.default(1_000).describe("Time between two ticks (the seed's --interval): 1s, 10s or milliseconds"),
    servers: positiveInt.default(10).describe("Servers (the seed's --servers), spread over the zones"),
    services: positiveInt.default(5).describe("Services (the seed's --services), named from the catalog, each on a few servers"),
    /** Share of entity-time under an anomaly (the seed's --anomaly-prob; see docs/datacenter.md). */
    anomaly_share: z.number().min(0).max(0.5).default(0.02).describe("Share of each entity's time under an anomaly (the seed's --anomaly-prob)"),
    /** Enabled anomaly kinds (the seed's --anomalies). */
    anomalies: z.array(z.enum(ANOMALY_KINDS)).default([...ANOMALY_KINDS]).describe("Enabled anomaly kinds (the seed's --anomalies)"),
    /** Least quiet time between two anomalies of one entity. */
    anomaly_min_gap: duration.default(600_000).describe('Least quiet time between two anomalies of one entity'),
    zones: z.array(z.string().regex(/^[A-Za-z0-9_.:-]+$/)).min(1).default(['marseille-1', 'marseille-2', 'marseille-3']).describe('Zones the servers are dealt to in turn'),
    /** Most samples one partition writes for one day; an entity's day is never split. */
    max_rows_per_partition_day: positiveInt.default(900_000).describe("Most samples one partition writes for one day; a server's or endpoint's day is never split"),
    seasonality: z
      .object({
        /** Share of the peak load lost at the nightly trough. */
        daily_amplitude: fraction.default(0.6),
        peak_hour_utc: z.number().min(0).max(24).default(14),
      })
      .strict()
      .prefault({})
      .describe('Daily load: the share of the peak lost at night, and the peak hour (UTC)'),
    server: server.describe('Server baselines (ranges drawn per server) and couplings: thermal lag, fans, power, device and link limits'),
    service: service.describe('Endpoint baselines (ranges drawn per endpoint): instances, request rate, latency quantiles, errors, utilisation'),
    /** Service names and endpoint paths, used in order (cycled with a numeric suffix past the end). */
    catalog: z.array(catalogEntry).min(1).describe('Service names and endpoint paths, used in order (cycled with a numeric suffix)'),
    anomaly_models: anomalyModels.describe("Each anomaly kind's weight, duration range and effect"),
  })
  .strict();

export type DatacenterWorld = z.output<typeof datacenterWorldSchema>;
export type AnomalyModels = DatacenterWorld['anomaly_models'];
