/** Size of a scenario without compiling it (for `teleforge scenarios`). */
import { partitionPlan } from '../plan/partition-plan.js';
import { loadScenario } from '../plan/scenario.js';
import type { ScenarioOverrides } from '../scenario/types.js';
import { timeRangeMs } from '../scenario/types.js';
import type { SizeEstimate } from '../sim/types.js';

export function estimateScenario(ref: string, overrides?: ScenarioOverrides): { estimate: SizeEstimate & { days: number }; description: string; name: string; kind: string } {
  const { scenario, scenarioHash } = loadScenario(ref, overrides);
  const { simulator, plan } = partitionPlan(scenario, scenarioHash);
  const { startMs, endMs } = timeRangeMs(scenario);
  return { estimate: { ...simulator.estimate(plan), days: (endMs - startMs) / 86_400_000 }, description: scenario.description || simulator.summary, name: scenario.name, kind: scenario.kind };
}
