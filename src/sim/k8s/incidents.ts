/** Ground truth of a k8s plan: every spike, gap window, outage, restart and rollout. */
import type { Incident } from '../common/incidents.js';
import type { K8sPlan } from './plan.js';
import { deploymentLabel } from './topology.js';

const RESTART_MS = 1_000;

export function k8sIncidents(plan: K8sPlan): Incident[] {
  const incidents: Incident[] = [];
  for (const spike of plan.spikes) {
    const deployment = spike.deployment >= 0 ? plan.deployments[spike.deployment]! : undefined;
    const scope = deployment ? `deployment=${deploymentLabel(deployment)}` : `node=${plan.nodes[spike.node]!.name}`;
    const where: Record<string, string> = deployment ? { service: deployment.service, env: deployment.env } : { node: plan.nodes[spike.node]!.name };
    incidents.push(
      spike.kind === 'error_spike'
        ? {
            kind: 'error_spike',
            startMs: spike.startMs,
            endMs: spike.endMs,
            scope,
            severity: 'critical',
            expectedSignals: 'http_requests_total{status="500"} rate rises to the error share; latency buckets shift right',
            details: { ...where, error_share: round(spike.magnitude) },
          }
        : {
            kind: 'cpu_spike',
            startMs: spike.startMs,
            endMs: spike.endMs,
            scope,
            severity: 'warning',
            expectedSignals: deployment ? 'container_cpu_usage_seconds_total rate multiplied' : 'node_cpu_seconds_total idle rate drops, user rate rises',
            details: { ...where, cpu_factor: round(spike.magnitude) },
          },
    );
  }
  for (const [startMs, endMs] of plan.outages) {
    incidents.push({ kind: 'scrape_outage', startMs, endMs, scope: 'cluster', severity: 'warning', expectedSignals: 'no samples from any target', details: {} });
  }
  for (const target of plan.targets) {
    for (const [startMs, endMs] of target.gaps) {
      incidents.push({
        kind: 'scrape_gap',
        startMs,
        endMs,
        scope: `${target.kind}=${target.name}`,
        severity: 'info',
        expectedSignals: 'no samples from this target',
        details: { target: target.name },
      });
    }
  }
  for (const pod of plan.pods) {
    const deployment = plan.deployments[pod.deployment]!;
    for (const at of pod.restarts) {
      incidents.push({
        kind: 'pod_restart',
        startMs: at,
        endMs: at + RESTART_MS,
        scope: `pod=${pod.name}`,
        severity: 'warning',
        expectedSignals: 'counters of the pod reset to zero; start_ts changes',
        details: { pod: pod.name, service: deployment.service, env: deployment.env, namespace: deployment.namespace },
      });
    }
  }
  for (const rollout of plan.rollouts) {
    const deployment = plan.deployments[rollout.deployment]!;
    incidents.push({
      kind: 'rollout',
      startMs: rollout.startMs,
      endMs: rollout.endMs,
      scope: `deployment=${deploymentLabel(deployment)}`,
      severity: 'info',
      expectedSignals: `pods of ${rollout.fromVersion} replaced one by one by pods of ${rollout.toVersion} (new series)`,
      details: { service: deployment.service, env: deployment.env, from_version: rollout.fromVersion, to_version: rollout.toVersion },
    });
  }
  return incidents;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
