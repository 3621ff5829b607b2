/** Per-plan dictionaries of the written values (frozen: their Arrow vectors are built once). */
import { SEMCONV, SERVICES } from './catalog.js';
import { FINISH_REASONS, spanNames, type SpanNames } from './names.js';
import type { AgenticPlan } from './plan.js';
import { opaqueId } from './pii.js';

export interface Dictionaries {
  names: SpanNames;
  services: readonly string[];
  tenants: readonly string[];
  userIds: readonly string[];
  userNames: readonly string[];
  userEmails: readonly string[];
  providers: readonly string[];
  models: readonly string[];
  agents: readonly string[];
  /** gen_ai.agent.id of (tenant, agent type): agentIds[tenant * agents + agent]. */
  agentIds: readonly string[];
  tools: readonly string[];
  /** Error types, then `merge_conflict`. */
  errors: readonly string[];
  workflows: readonly string[];
  phases: readonly string[];
  decisions: readonly string[];
  repos: readonly string[];
  schemaUrls: readonly string[];
  /** Values of the `attributes` MAP: finish reasons, `function`, repositories. */
  mapValues: readonly string[];
}

const cache = new WeakMap<AgenticPlan, Dictionaries>();

export function dictionaries(plan: AgenticPlan): Dictionaries {
  let found = cache.get(plan);
  if (found) return found;
  const { world, tenants, vocabulary: v } = plan;
  const f = (values: readonly string[]) => Object.freeze([...values]);
  const key = world.privacy.hash_key;
  found = {
    names: spanNames(world, v.workflows),
    services: f(SERVICES),
    tenants: f(tenants.id),
    userIds: f(tenants.users.id),
    userNames: f(tenants.users.name),
    userEmails: f(tenants.users.email),
    providers: f(world.models.map((m) => m.provider)),
    models: f(world.models.map((m) => m.model)),
    agents: f(world.agent_types),
    agentIds: f(tenants.id.flatMap((t) => world.agent_types.map((a) => opaqueId('agt_', key, `${t}:${a}`)))),
    tools: f([...world.calls.tools, 'git_push']),
    errors: f([...v.errorTypes, 'merge_conflict']),
    workflows: f(v.workflows),
    phases: f(v.phases),
    decisions: f(v.decisions),
    repos: f(tenants.repos.name),
    schemaUrls: f([SEMCONV.before.schemaUrl, SEMCONV.after.schemaUrl]),
    mapValues: f([...FINISH_REASONS, 'function', ...tenants.repos.name]),
  };
  cache.set(plan, found);
  return found;
}
