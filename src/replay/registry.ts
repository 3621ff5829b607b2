/**
 * Replay targets by name. A new target is one folder under `src/replay/` and one entry here. Only
 * a target's options load with the CLI (yargs needs them); its code (protobuf codecs, gRPC, …)
 * loads when a replay uses it: loading them all made up half of every command's start-up.
 */
import { TeleforgeError } from '../errors.js';
import { OTLP_OPTIONS } from './otlp/options.js';
import { FILE_OPTIONS, HTTP_OPTIONS, KAFKA_OPTIONS, RECORD_OPTIONS } from './records/options.js';
import { REMOTE_WRITE_OPTIONS } from './remote-write/options.js';
import type { ReplayTarget, TargetOption } from './types.js';

interface TargetEntry {
  options: TargetOption[];
  load(): Promise<ReplayTarget>;
}

const TARGETS: Record<string, TargetEntry> = {
  victoriametrics: { options: [], load: async () => (await import('./victoriametrics/index.js')).victoriaMetricsTarget },
  victorialogs: { options: [], load: async () => (await import('./victorialogs/index.js')).victoriaLogsTarget },
  otlp: { options: OTLP_OPTIONS, load: async () => (await import('./otlp/index.js')).otlpTarget },
  'remote-write': { options: REMOTE_WRITE_OPTIONS, load: async () => (await import('./remote-write/index.js')).remoteWriteTarget },
  kafka: { options: KAFKA_OPTIONS, load: async () => (await import('./kafka/index.js')).createKafkaTarget() },
  http: { options: HTTP_OPTIONS, load: async () => (await import('./http-post/index.js')).createHttpTarget() },
  file: { options: FILE_OPTIONS, load: async () => (await import('./file/index.js')).createFileTarget() },
  stdout: { options: RECORD_OPTIONS, load: async () => (await import('./stdout/index.js')).createStdoutTarget() },
};

export function targetNames(): string[] {
  return Object.keys(TARGETS).sort();
}

function entry(name: string): TargetEntry {
  const found = TARGETS[name];
  if (!found) throw new TeleforgeError('UNKNOWN_TARGET', `replay: unknown target '${name}' (targets: ${targetNames().join(', ')})`);
  return found;
}

/** The target's own command-line options, without loading its code. */
export function targetOptions(name: string): TargetOption[] {
  return entry(name).options;
}

export function loadTarget(name: string): Promise<ReplayTarget> {
  return entry(name).load();
}
