/** Replay targets by name. A new target is one folder under `src/replay/` and one line here. */
import { TeleforgeError } from '../errors.js';
import type { ReplayTarget } from './types.js';
import { otlpTarget } from './otlp/index.js';
import { remoteWriteTarget } from './remote-write/index.js';
import { victoriaLogsTarget } from './victorialogs/index.js';
import { victoriaMetricsTarget } from './victoriametrics/index.js';

const TARGETS: Record<string, ReplayTarget> = {
  [victoriaMetricsTarget.name]: victoriaMetricsTarget,
  [victoriaLogsTarget.name]: victoriaLogsTarget,
  [otlpTarget.name]: otlpTarget,
  [remoteWriteTarget.name]: remoteWriteTarget,
};

export function targetNames(): string[] {
  return Object.keys(TARGETS).sort();
}

export function getTarget(name: string): ReplayTarget {
  const target = TARGETS[name];
  if (!target) throw new TeleforgeError('UNKNOWN_TARGET', `replay: unknown target '${name}' (targets: ${targetNames().join(', ')})`);
  return target;
}
