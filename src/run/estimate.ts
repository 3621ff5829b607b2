/** Size of a scenario without compiling it (for `teleforge scenarios`). */
import { loadScenario } from '../scenario/resolve.js';
import type { ScenarioOverrides } from '../scenario/types.js';
import { getSimulator } from '../sim/registry.js';
import type { SizeEstimate } from '../sim/types.js';
import { planFor } from './partition.js';

export function estimateScenario(ref: string, overrides?: ScenarioOverrides): { estimate: SizeEstimate; description: string; name: string; kind: string } {
  const { scenario, scenarioHash } = loadScenario(ref, overrides);
  const simulator = getSimulator(scenario.kind);
  const plan = planFor(simulator, scenario, scenarioHash);
  return { estimate: simulator.estimate(plan), description: scenario.description || simulator.summary, name: scenario.name, kind: scenario.kind };
}
