/** The otlp target's own options: protocol, signals and the per-signal OTLP/HTTP paths. */
import { badArgument } from '../../errors.js';
import type { TableRole } from '../../contract/table.js';
import type { TargetOption, TargetOptionValues } from '../types.js';
import type { Signal } from './codec.js';

export const PROTOCOLS = ['http/protobuf', 'grpc'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const SIGNALS: Record<Signal, TableRole> = { metrics: 'samples', logs: 'logs', traces: 'spans' };
const DEFAULT_PATH: Record<Signal, string> = { metrics: '/v1/metrics', logs: '/v1/logs', traces: '/v1/traces' };

export const OTLP_OPTIONS: TargetOption[] = [
  { name: 'protocol', describe: 'OTLP transport', choices: [...PROTOCOLS], default: 'http/protobuf' },
  { name: 'signals', describe: 'Signals to send, comma-separated: metrics, logs, traces', default: 'metrics,logs,traces' },
  { name: 'metrics-path', describe: 'OTLP/HTTP path of metrics (VictoriaMetrics: /opentelemetry/api/v1/push)', default: DEFAULT_PATH.metrics },
  { name: 'logs-path', describe: 'OTLP/HTTP path of logs', default: DEFAULT_PATH.logs },
  { name: 'traces-path', describe: 'OTLP/HTTP path of traces', default: DEFAULT_PATH.traces },
];

export function signalsOf(options: TargetOptionValues): Signal[] {
  const names = (options.signals ?? 'metrics,logs,traces').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(name in SIGNALS)) throw badArgument(`--signals: unknown signal '${name}' (signals: ${Object.keys(SIGNALS).join(', ')})`);
  }
  if (names.length === 0) throw badArgument('--signals: name at least one of metrics, logs, traces');
  return names as Signal[];
}

export function rolesOf(options: TargetOptionValues): TableRole[] {
  return signalsOf(options).map((signal) => SIGNALS[signal]);
}

/** The signal a request path belongs to (the path is the encoder's, possibly overridden). */
export function signalOfPath(path: string, options: TargetOptionValues): Signal {
  return (Object.keys(SIGNALS) as Signal[]).find((signal) => signalPath(signal, options) === path) ?? 'metrics';
}

export function signalPath(signal: Signal, options: TargetOptionValues): string {
  const path = options[`${signal}-path`] ?? DEFAULT_PATH[signal];
  return path.startsWith('/') ? path : `/${path}`;
}

export function protocolOf(options: TargetOptionValues): Protocol {
  return (options.protocol ?? 'http/protobuf') as Protocol;
}
