/**
 * STORY: a 50-node Kubernetes cluster in three zones runs payment, inventory, frontend and auth in
 * dev, staging and prod for 30 days, scraped every 15 s. Traffic follows the sun and grows; the
 * autoscaler follows traffic; releases roll through v1.0.0 → v1.0.1 → v1.1.0; pods churn and restart.
 * GROUND TRUTH: every CPU/error spike, scrape gap, scraper outage, restart and rollout is in
 * labels/incidents.parquet.
 */
import { INCIDENTS_TABLE, incidentsTable } from '../common/incidents.js';
import type { Simulator } from '../types.js';
import { k8sIncidents } from './incidents.js';
import { k8sInvariants } from './invariants.js';
import { createK8sPlan, k8sPartitions, targetWeight, type K8sPlan } from './plan.js';
import { simulateK8sPartition } from './simulate.js';
import { SAMPLES_TABLE, SERIES_TABLE } from './tables.js';
import { k8sWorldSchema, type K8sWorld } from './world-schema.js';

export const k8sSimulator: Simulator<K8sWorld, K8sPlan> = {
  kind: 'k8s',
  summary: 'Kubernetes cluster metrics (node, cAdvisor, application) with churn, resets, spikes and gaps',
  worldSchema: k8sWorldSchema,
  tables: [SERIES_TABLE, SAMPLES_TABLE, INCIDENTS_TABLE],
  createPlan: createK8sPlan,
  partitions: k8sPartitions,
  simulate: simulateK8sPartition,
  incidents: (plan) => incidentsTable(k8sIncidents(plan)),
  invariants: k8sInvariants,
  estimate(plan) {
    const samples = plan.targets.reduce((sum, target) => sum + targetWeight(plan, target), 0);
    const series = plan.targets.reduce((sum, target) => sum + target.seriesCount, 0);
    return { series, samples: Math.round(samples), rows: Math.round(samples) };
  },
};
