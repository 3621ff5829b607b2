/**
 * STORY: a social network (13 stacks, 57 services, 100 personas) serves a year of user requests in
 * prod, stg and dev on three clouds; every request is a trace of spans through its documented
 * dependencies, logged and measured. Builds roll through the environments in deploy windows.
 * GROUND TRUTH: infrastructure incidents of the hidden dependencies (with their cascades) and bad
 * deployments are in labels/incidents.parquet; every release is in `releases`, every deploy window
 * in `deployments`.
 */
import { INCIDENTS_TABLE, incidentsTable } from '../common/incidents.js';
import type { Simulator } from '../types.js';
import { socialIncidents } from './ground-truth.js';
import { socialInvariants } from './invariants.js';
import { DEPLOYMENTS_TABLE, RELEASES_TABLE } from './plan-tables.js';
import { SAMPLES_PER_SPAN, SPANS_PER_ROOT, createSocialPlan, socialPartitions, type SocialPlan } from './plan.js';
import { simulateSocialPartition } from './simulate.js';
import { LOGS_TABLE, SAMPLES_TABLE, SERIES_TABLE, SPANS_TABLE } from './tables.js';
import { socialWorldSchema, type SocialWorld } from './world-schema.js';

export const socialSimulator: Simulator<SocialWorld, SocialPlan> = {
  kind: 'social-network',
  summary: 'Social-network platform: correlated logs, trace spans and metrics with incidents, cascades and releases',
  worldSchema: socialWorldSchema,
  tables: [LOGS_TABLE, SPANS_TABLE, SERIES_TABLE, SAMPLES_TABLE, RELEASES_TABLE, DEPLOYMENTS_TABLE, INCIDENTS_TABLE],
  createPlan: createSocialPlan,
  partitions: socialPartitions,
  simulate: simulateSocialPartition,
  incidents: (plan) => incidentsTable(socialIncidents(plan)),
  estimate(plan) {
    const spans = plan.world.events * SPANS_PER_ROOT;
    const samples = spans * SAMPLES_PER_SPAN;
    return { samples: Math.round(samples), rows: Math.round(spans * 2 + samples) };
  },
  invariants: socialInvariants,
  // A partition builds many short-lived objects (Arrow vectors, label values): with a 2 × 4 MiB
  // young generation they were promoted and collected again, ~7 % more CPU per root request.
  workerSemiSpaceMiB: 16,
};
