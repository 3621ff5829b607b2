/** Scenario kinds by name. A new kind is one folder under `src/sim/` and one line here. */
import { TeleforgeError } from '../errors.js';
import { k8sSimulator } from './k8s/index.js';
import { socialSimulator } from './social/index.js';
import type { AnySimulator } from './types.js';

const SIMULATORS: Record<string, AnySimulator> = {
  [k8sSimulator.kind]: k8sSimulator,
  [socialSimulator.kind]: socialSimulator,
};

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
