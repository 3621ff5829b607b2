/** The `world:` section of a social-network scenario: sizes, deployment targets, releases, incidents. */
import { z } from 'zod';
import { durationRange, fraction, positiveInt, range } from '../../contract/fields.js';

/** A place code runs: the infrastructure half of a release_id. */
const target = z
  .object({
    environment: z.string().regex(/^[a-z0-9-]+$/),
    provider: z.string().regex(/^[a-z0-9-]+$/),
    account: z.string().regex(/^[a-z0-9-]+$/),
    region: z.string().regex(/^[a-z0-9-]+$/),
    partition: z.string().regex(/^[a-z0-9-]+$/).default('platform'),
    target_type: z.string().regex(/^[a-z0-9-]+$/),
    target: z.string().regex(/^[a-z0-9-]+$/).default('main'),
    /** Network quality of the region: multiplies latency and the self-error rate. */
    latency_factor: z.number().positive().default(1),
    error_factor: z.number().positive().default(1),
  })
  .strict();

const aws = (environment: string, account: string, region: string, latency = 1) =>
  ({ environment, provider: 'aws', account, region, partition: 'platform', target_type: 'eks', target: 'main', latency_factor: latency, error_factor: 1 });
const gcp = (environment: string, account: string, region: string, latency = 1) =>
  ({ environment, provider: 'gcp', account, region, partition: 'platform', target_type: 'gke', target: 'main', latency_factor: latency, error_factor: 1 });
const azure = (environment: string, account: string, region: string, latency = 1) =>
  ({ environment, provider: 'azure', account, region, partition: 'platform', target_type: 'aks', target: 'main', latency_factor: latency, error_factor: 1 });

/** The reference generator's primary targets: 12 in prod over three clouds, 3 each in stg and dev. */
export const DEFAULT_TARGETS = [
  aws('prod', '111111111111', 'us-east-1'),
  aws('prod', '111111111111', 'us-west-2', 1.1),
  aws('prod', '222222222222', 'eu-west-1', 1.2),
  aws('prod', '222222222222', 'ap-southeast-1', 1.4),
  gcp('prod', 'social-prod-1', 'us-east4'),
  gcp('prod', 'social-prod-1', 'us-central1', 1.05),
  gcp('prod', 'social-prod-2', 'europe-west1', 1.2),
  gcp('prod', 'social-prod-2', 'southamerica-east1', 1.6),
  azure('prod', 'sub-prod-1', 'eastus'),
  azure('prod', 'sub-prod-1', 'westus2', 1.1),
  azure('prod', 'sub-prod-2', 'westeurope', 1.2),
  azure('prod', 'sub-prod-2', 'japaneast', 1.5),
  aws('stg', '333333333333', 'us-east-1'),
  gcp('stg', 'social-stg', 'us-east4'),
  azure('stg', 'sub-stg', 'eastus'),
  aws('dev', '444444444444', 'us-east-1'),
  gcp('dev', 'social-dev', 'us-east4'),
  azure('dev', 'sub-dev', 'eastus'),
];

export const socialWorldSchema = z
  .object({
    /** Root requests (user actions) over the timeline; child spans come on top. */
    events: positiveInt.default(1_000_000).describe('Root requests (user actions) over the timeline; child spans come on top'),
    users: positiveInt.default(10_000).describe('Users, spread over the 100 personas'),
    /** Share of root requests per environment; a request's dependencies stay in its environment. */
    environments: z
      .record(z.string(), z.number().positive())
      .default({ prod: 0.85, stg: 0.1, dev: 0.05 })
      .describe("Share of root requests per environment; a request's dependencies stay in its environment"),
    targets: z.array(target).min(1).default(DEFAULT_TARGETS).describe('Deployment targets (clusters): environment, cloud, account, region, latency and error factors'),
    /** Largest number of root requests one partition simulates (bounds a worker's memory). */
    max_roots_per_partition: positiveInt.default(40_000).describe("Largest number of root requests one partition simulates (bounds a worker's memory)"),
    /** Share of calls between services that fail on their own (server errors that cascade to the caller). */
    dependency_error_rate: fraction.default(0.004).describe('Share of calls between services that fail on their own (server errors that cascade to the caller)'),
    /** Share of ordinary requests whose request_duration_ms sample carries an exemplar. */
    exemplar_share: fraction.default(0.01).describe('Share of ordinary requests whose request_duration_ms sample carries an exemplar'),
    slow_request_ms: z.number().positive().default(500).describe('Requests slower than this (ms) always carry an exemplar'),
    releases: z
      .object({
        /** Builds per year of the busiest services (identity, posts, timeline, dm, media). */
        high_frequency_builds: positiveInt.default(40),
        builds: range(positiveInt).default([10, 20]),
        /** Chance a build is promoted to an environment, and the delay after the build. */
        promote_share: fraction.default(0.7),
        bad_share: fraction.default(0.04),
        window: durationRange.default([300_000, 900_000]),
        bad_window: durationRange.default([900_000, 2_700_000]),
        error_boost: range(fraction).default([0.02, 0.05]),
        bad_error_boost: range(fraction).default([0.08, 0.15]),
        latency_boost: range(z.number().min(1)).default([1.2, 1.5]),
        bad_latency_boost: range(z.number().min(1)).default([1.5, 2.5]),
      })
      .strict()
      .prefault({})
      .describe('Releases: builds per year, promotion share, bad builds, deploy windows and their error and latency boosts'),
    incidents: z
      .object({
        per_component_per_year: range(z.number().min(0)).default([2, 8]),
        length: durationRange.default([300_000, 14_400_000]),
        /** Share of an affected service's requests that fail while its component is down. */
        failure_rate: range(fraction).default([0.05, 0.15]),
        /** Calls into an affected service from another service fail this many times as often. */
        cascade_amplification: z.number().min(1).default(10),
        /** Ceiling of any failure probability after amplification. */
        max_failure_rate: fraction.default(0.9),
      })
      .strict()
      .prefault({})
      .describe('Infrastructure incidents of hidden dependencies: how many a year, how long, failure rates and cascades'),
  })
  .strict()
  .superRefine((world, ctx) => {
    const envs = new Set(world.targets.map((t) => t.environment));
    for (const env of Object.keys(world.environments)) {
      if (!envs.has(env)) ctx.addIssue({ code: 'custom', path: ['environments', env], message: `no target in environment '${env}'` });
    }
  });

export type SocialWorld = z.output<typeof socialWorldSchema>;
export type DeployTarget = SocialWorld['targets'][number];
