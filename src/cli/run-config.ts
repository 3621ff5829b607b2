/**
 * `--config run.yaml` of `teleforge produce` and `teleforge replay`: the same options as the flags,
 * by their long names (`payload-size: 4096`), validated strictly like scenarios (zod; an unknown or
 * mistyped field is one line naming it, exit 2). Flags given on the command line win over the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TeleforgeError } from '../errors.js';
import { describeIssue } from '../scenario/issues.js';

const text = z.union([z.string(), z.number()]).transform(String);
const whole = z.number().int();

export const PRODUCE_CONFIG = z.strictObject({
  target: z.string(),
  rate: text,
  'rate-per-worker': text,
  mode: z.enum(['steady', 'burst']),
  'burst-window': text,
  parallel: whole.min(1),
  'payload-size': whole.min(1),
  'payload-template': z.string(),
  duration: text,
  records: whole.min(1),
  seed: whole,
  sample: whole.min(1),
  annotate: z.boolean(),
  'producer-id': z.string(),
  'batch-size': whole.min(1),
  acks: z.union([z.literal('all'), z.literal(1), z.literal(0), z.literal('1'), z.literal('0'), z.literal(-1)]).transform((v) => (v === -1 || v === 'all' ? 'all' : String(v))),
  partitions: whole.min(1),
  format: z.enum(['ndjson', 'json-array']),
  gzip: z.boolean(),
  header: z.array(z.string()),
  'rotate-size-mb': z.number().min(0),
  'audit-every': whole.min(0),
  verify: z.boolean(),
  'metrics-addr': z.string(),
  'log-format': z.enum(['text', 'json']),
  'stats-every': text,
  'max-retries': whole.min(0),
}).partial();

export type ProduceConfig = z.output<typeof PRODUCE_CONFIG>;

/**
 * `teleforge replay`'s options (the positionals <target> <dataset> stay on the command line;
 * credentials stay in flags or the environment). Values are handed to yargs, which applies the
 * flags' own checks (coerce, choices) to them, so only shapes are checked here; `targetOptions`
 * are the registered targets' own option names.
 */
export function replayConfigSchema(targetOptions: string[]) {
  const shape: Record<string, z.ZodType<unknown>> = {
    url: z.string(),
    rate: text,
    'rate-per-worker': text,
    mode: z.string(),
    'burst-window': text,
    speed: text,
    'shift-to-now': z.boolean(),
    workers: whole.min(1).transform(String),
    'batch-size': whole.min(1).transform(String),
    gzip: z.boolean(),
    tables: z.union([z.string(), z.array(z.string()).transform((names) => names.join(','))]),
    from: text,
    to: text,
    shard: z.string(),
    header: z.array(z.string()),
    resume: z.boolean(),
    checkpoint: z.string(),
    verify: z.boolean(),
    dump: z.string(),
    'metrics-addr': z.string(),
    'max-retries': whole.min(0).transform(String),
  };
  for (const name of targetOptions) shape[name] = z.union([z.string(), z.number(), z.boolean()]).transform(String);
  return z.strictObject(shape).partial();
}

export function loadRunConfig(path: string): ProduceConfig {
  return loadConfig(path, PRODUCE_CONFIG);
}

export function loadConfig<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  if (!existsSync(path)) throw new TeleforgeError('BAD_ARGUMENT', `--config: ${path} does not exist`);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TeleforgeError('BAD_ARGUMENT', `--config ${path}: not YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = schema.safeParse(doc ?? {});
  if (!parsed.success) throw new TeleforgeError('BAD_ARGUMENT', `--config ${path}: ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}
