/** The seed's six configurations and CLI flags as scenario fields, and the anomaly share they promise, on the plan. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenario } from '../../../src/plan/scenario.js';
import { parseAssignment } from '../../../src/scenario/resolve.js';
import type { ResolvedScenario, ScenarioOverrides } from '../../../src/scenario/types.js';
import { createDatacenterPlan, type DatacenterPlan } from '../../../src/sim/datacenter/plan.js';
import { SERVER_ANOMALIES, type DatacenterWorld } from '../../../src/sim/datacenter/world-schema.js';

function planOf(overrides: ScenarioOverrides): DatacenterPlan {
  const { scenario, scenarioHash } = loadScenario('datacenter', overrides);
  return createDatacenterPlan({ scenario: scenario as ResolvedScenario<DatacenterWorld>, scenarioHash });
}

/** Share of each entity's time under its own anomalies, by entity (`server:name`, `service:name`). */
function shares(plan: DatacenterPlan): Map<string, number> {
  const total = plan.endMs - plan.startMs;
  const out = new Map<string, number>();
  for (const anomaly of plan.anomalies) {
    const name = `${anomaly.entityType}:${anomaly.entityType === 'server' ? plan.servers[anomaly.entity]!.name : plan.services[anomaly.entity]!.name}`;
    out.set(name, (out.get(name) ?? 0) + (anomaly.endMs - anomaly.startMs) / total);
  }
  return out;
}

const SEED_CONFIGS = {
  normal: [10, 5, 0.02],
  chaos: [15, 8, 0.15],
  temperature: [10, 5, 0.1],
  network: [12, 6, 0.08],
  production: [20, 12, 0.01],
  dev: [3, 2, 0.05],
} as const;

describe('datacenter presets and flags', () => {
  for (const [preset, [servers, services, share]] of Object.entries(SEED_CONFIGS)) {
    it(`${preset}: ${servers} servers, ${services} services, ${share * 100} % of entity-time under an anomaly`, () => {
      const plan = planOf({ preset });
      assert.equal(plan.servers.length, servers);
      assert.equal(plan.services.length, services);
      assert.equal(plan.world.anomaly_share, share);
      const measured = shares(plan);
      const eligible = [
        ...(plan.world.anomalies.some((kind) => ['latency_spike', 'error_burst'].includes(kind)) ? plan.services : []),
        ...plan.servers,
      ];
      assert.equal(measured.size, eligible.length, `entities with anomalies: ${[...measured.keys()].join(', ')}`);
      // Exact up to the shortest anomaly the entity can have, which no longer fits the rest of its budget.
      const shortest = (type: string) =>
        Math.min(...plan.world.anomalies.filter((kind) => (type === 'server') === (SERVER_ANOMALIES as readonly string[]).includes(kind)).map((kind) => plan.world.anomaly_models[kind].duration[0]));
      for (const [entity, value] of measured) {
        const slack = shortest(entity.split(':')[0]!) / (plan.endMs - plan.startMs);
        assert.ok(value <= share + 1e-9 && value > share - slack, `${entity}: ${value}`);
      }
    });
  }

  it("maps the seed's CLI flags to world fields", () => {
    const sets = ['world.servers=50', 'world.services=10', 'world.anomaly_share=0.1', 'world.interval=1s', 'world.anomalies=[cpu_spike,memory_leak]'].map(parseAssignment);
    const plan = planOf({ sets, duration: '7d' });
    assert.equal(plan.servers.length, 50);
    assert.equal(plan.services.length, 10);
    assert.equal(plan.intervalMs, 1000);
    assert.deepEqual([...new Set(plan.anomalies.map((a) => a.kind))].sort(), ['cpu_spike', 'memory_leak']);
    assert.ok(plan.anomalies.every((a) => a.entityType === 'server'), 'no service kind enabled: services have none');
    for (const value of shares(plan).values()) assert.ok(Math.abs(value - 0.1) < 0.003, String(value));
    assert.equal(plan.services[9]!.name, 'recommendations');
    assert.ok(plan.services.every((s) => s.hosts.length >= 2 && s.hosts.length <= 3));
  });

  it('names services past the catalog with a suffix, and spreads instances over zones', () => {
    const plan = planOf({ sets: [['world.services', 14]], duration: '1d' });
    assert.deepEqual(plan.services.slice(11).map((s) => s.name), ['reviews', 'api-gateway-2', 'auth-2']);
    for (const service of plan.services) assert.equal(new Set(service.hosts.map((h) => plan.servers[h]!.zone)).size, service.hosts.length);
  });
});
