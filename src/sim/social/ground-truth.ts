/** labels/incidents.parquet of a social-network plan: infrastructure incidents and bad deployments. */
import type { Incident } from '../common/incidents.js';
import { SERVICES } from './actions.js';
import { DEPENDENCY_INDEX, HIDDEN_DEPENDENCIES } from './dependencies.js';
import { isInitial } from './plan-tables.js';
import type { SocialPlan } from './plan.js';
import { RELEASE_ID_TAG, releaseTags } from './releases.js';

const TARGET_ID_TAG = 15;
const DEPLOYMENT_ID_TAG = 18;

/** Services that call one of `services` directly: where cascades show. */
function callersOf(services: string[]): string[] {
  const indexes = new Set(services.map((key) => SERVICES.findIndex((s) => s.key === key)));
  return SERVICES.filter((s) => DEPENDENCY_INDEX[s.index]!.some((d) => indexes.has(d))).map((s) => s.key);
}

export function socialIncidents(plan: SocialPlan): Incident[] {
  const incidents: Incident[] = [];
  const inc = plan.incidents;
  const cfg = plan.world.incidents;
  for (let i = 0; i < inc.count; i++) {
    const h = HIDDEN_DEPENDENCIES[inc.component[i]!]!;
    const target = plan.targets[inc.target[i]!]!;
    const targetId = releaseTags(target, 0, 0)[TARGET_ID_TAG]!;
    const rate = inc.failureRate[i]!;
    const callers = callersOf(h.services);
    incidents.push({
      kind: 'infrastructure_incident',
      startMs: inc.startMs[i]!,
      endMs: inc.endMs[i]!,
      scope: `infrastructure=${h.name}@${targetId}`,
      severity: 'critical',
      expectedSignals:
        `logs/spans of ${h.services.join(', ')} in ${targetId} fail with error_source=infrastructure:${h.name}, error_type=${h.errorType}` +
        (callers.length > 0 ? `; their callers (${callers.join(', ')}) fail with error_source=dependency:<service> and upstream_request_id` : ''),
      details: {
        component: h.name,
        description: h.description,
        target_id: targetId,
        environment: target.environment,
        region: target.region,
        services: h.services.join(','),
        failure_rate: round(rate),
        dependency_call_failure_rate: round(Math.min(cfg.max_failure_rate, rate * cfg.cascade_amplification)),
        error_type: h.errorType,
        error_codes: h.errorCodes.join(','),
      },
    });
  }
  const rel = plan.releases;
  for (let r = 0; r < rel.count; r++) {
    if (!rel.bad[r] || isInitial(plan, r)) continue;
    incidents.push({
      kind: 'bad_deployment',
      startMs: rel.windowStart[r]!,
      endMs: Math.min(rel.windowEnd[r]!, plan.endMs),
      scope: `deployment=${rel.tags[r]![DEPLOYMENT_ID_TAG]}`,
      severity: 'warning',
      expectedSignals: `errors "Service restarting during deployment" and slower requests of release ${rel.tags[r]![RELEASE_ID_TAG]}`,
      details: { release_id: rel.tags[r]![RELEASE_ID_TAG]!, error_boost: round(rel.errorBoost[r]!), latency_boost: round(rel.latencyBoost[r]!) },
    });
  }
  return incidents;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
