/** Scenario kinds by name. A new kind is one folder under `src/sim/` and one line here. */
import { TeleforgeError } from '../errors.js';
import { agenticSimulator } from './agentic/index.js';
import { datacenterSimulator } from './datacenter/index.js';
import { completeSimulator } from './defaults.js';
import { k8sSimulator } from './k8s/index.js';
import { socialSimulator } from './social/index.js';
import type { AnySimulator, Simulator } from './types.js';

const KINDS: Simulator<unknown, unknown>[] = [
  agenticSimulator,
  datacenterSimulator,
  k8sSimulator,
  socialSimulator,
];

const SIMULATORS: Record<string, AnySimulator> = Object.fromEntries(KINDS.map((simulator) => [simulator.kind, completeSimulator(simulator)]));

export function simulatorKinds(): string[] {
  return Object.keys(SIMULATORS).sort();
}

export function getSimulator(kind: string): AnySimulator {
  const simulator = SIMULATORS[kind];
  if (!simulator) {
    throw new TeleforgeError('UNKNOWN_KIND', `scenario: unknown kind '${kind}' (known kinds: ${simulatorKinds().join(', ')})`);
  }
  return simulator;
}
