/** Command-line options of the producer targets (kafka, http, file, stdout) for `teleforge replay`. */
import { hostname } from 'node:os';
import { badArgument } from '../../errors.js';
import type { TargetOption, TargetOptionValues } from '../types.js';

export const RECORD_OPTIONS: TargetOption[] = [
  { name: 'sample', describe: 'send one record in N, with weight N (Kafka header / JSON field)', default: '1' },
  { name: 'annotate', describe: 'producer_id, sequence, timestamp on every record', choices: ['true', 'false'], default: 'true' },
  { name: 'producer-id', describe: 'prefix of producer ids (<prefix>-<n>) [default: <hostname>-<pid>]' },
  { name: 'shape', describe: 'a record per row, or per entity and tick (tables that declare it: datacenter samples); auto: entity-tick where declared', choices: ['auto', 'rows', 'entity-tick'], default: 'auto' },
];
export const KAFKA_OPTIONS: TargetOption[] = [
  ...RECORD_OPTIONS,
  { name: 'acks', describe: 'acknowledgements: all, 1 or 0', choices: ['all', '1', '0'], default: 'all' },
  { name: 'partitions', describe: 'partitions of a new topic [default: --workers]' },
];
export const HTTP_OPTIONS: TargetOption[] = [...RECORD_OPTIONS, { name: 'format', describe: 'body format', choices: ['ndjson', 'json-array'], default: 'ndjson' }];
export const FILE_OPTIONS: TargetOption[] = [
  ...RECORD_OPTIONS,
  { name: 'rotate-size-mb', describe: 'rotate the file at this size in MiB (0: never)', default: '50' },
  { name: 'audit-every', describe: 'an audit line in payloads.log every N records (0: off)', default: '1000' },
];

export interface RecordOptions {
  sample: number;
  annotate: boolean;
  producerPrefix: string;
}

/** A whole-number option value ≥ min. */
export function wholeOption(values: TargetOptionValues, name: string, min: number, fallback: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw badArgument(`--${name}: expected a whole number ≥ ${min}, got '${text}'`);
  return value;
}

export function recordOptions(values: TargetOptionValues): RecordOptions {
  return {
    sample: wholeOption(values, 'sample', 1, 1),
    annotate: values.annotate !== 'false',
    producerPrefix: values['producer-id'] ?? `${hostname()}-${process.pid}`,
  };
}
