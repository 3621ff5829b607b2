/** A scenario loaded against its kind: the scenario loader with the registry's world schemas. */
import type { Document } from '../scenario/paths.js';
import { loadScenarioWith, resolveScenarioWith, type LoadedScenario } from '../scenario/resolve.js';
import type { ResolvedScenario, ScenarioOverrides } from '../scenario/types.js';
import { getSimulator } from '../sim/registry.js';

const worldSchemaOf = (kind: string) => getSimulator(kind).worldSchema;

export function loadScenario(ref: string, overrides: ScenarioOverrides = {}): LoadedScenario {
  return loadScenarioWith(ref, overrides, worldSchemaOf);
}

export function resolveScenario(input: Document, overrides: ScenarioOverrides, label: string): ResolvedScenario {
  return resolveScenarioWith(input, overrides, label, worldSchemaOf);
}
