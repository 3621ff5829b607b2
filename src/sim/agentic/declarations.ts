/** What an agentic-ide dataset declares in summary.json: its convention versions, the mapping between them, who switched when. */
import { SEMCONV } from './catalog.js';
import type { AgenticPlan } from './plan.js';
import { SCRUB_METHOD } from './pii.js';
import { dictionaries } from './vocab.js';

export function agenticDeclarations(plan: AgenticPlan): Record<string, unknown> {
  const d = dictionaries(plan);
  const version = (v: (typeof SEMCONV)['before' | 'after']) => ({ version: v.version, schema_url: v.schemaUrl, provider_attribute: v.providerAttribute });
  return {
    semantic_conventions: {
      pinned: SEMCONV.after.version,
      versions: [version(SEMCONV.before), version(SEMCONV.after)],
      mappings: [{ from_version: SEMCONV.before.version, to_version: SEMCONV.after.version, renamed: { [SEMCONV.before.providerAttribute]: SEMCONV.after.providerAttribute } }],
      switches: d.tenants.map((tenant, t) => {
        const at = plan.tenants.switchMs[t]!;
        return { 'tenant.id': tenant, switched_at: Number.isFinite(at) ? new Date(at).toISOString() : null };
      }),
    },
    privacy: {
      pii_scrubbing: plan.world.privacy.pii_scrubbing,
      method: plan.world.privacy.pii_scrubbing ? SCRUB_METHOD : null,
      scrubbed_fields: ['user.name', 'user.email', 'logs.message'],
      data_classification: plan.world.privacy.data_classification,
    },
    time: { event_time: 'start_time / timestamp', arrival_time: 'arrival_time / observed_timestamp' },
  };
}
