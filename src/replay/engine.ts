/**
 * `replay()`: open the dataset → plan → checkpoint → accepted-window check → read + encode (+ gzip) →
 * rate limit → send → verify (with --repair: count per period → send the short ones → verify). Stages in read/, encode/, send/, check/; targets plug in through
 * registry.ts and this file knows none of them.
 */
import { TeleforgeError } from '../errors.js';
import type { Shard } from '../plan/shard.js';
import { existsSync } from 'node:fs';
import { shortPeriods, type ShortPeriod } from './check/units.js';
import { verifyCounts, type VerifyOutcome } from './check/verify.js';
import { windowCheck } from './check/window.js';
import { createEncoders } from './encode/produce.js';
import { loadReplayDataset, selectTables } from './read/dataset.js';
import { planReplay } from './read/plan.js';
import { DatasetReader } from './read/reader.js';
import { loadTarget } from './registry.js';
import { Checkpoint, defaultCheckpointPath, type CheckpointIdentity } from './send/checkpoint.js';
import { createHttpClient } from './send/http.js';
import type { RateOptions } from './send/limits.js';
import { createReplayMetrics, serveMetrics } from './send/metrics.js';
import { sendAll } from './deliver.js';
import { TARGET_DEFAULTS, type Counts, type ReplayTarget, type TargetOptionValues } from './types.js';

export interface ReplayOptions extends RateOptions {
  target: string;
  dataset: string;
  /** Server base URL without credentials (see auth.ts), unless `dump` is set. */
  url?: string;
  headers: Record<string, string>;
  shiftToNow: boolean;
  workers?: number;
  batchSize?: number;
  gzip: boolean;
  tables?: string[];
  fromMs?: number;
  toMs?: number;
  shard?: Shard;
  resume: boolean;
  verify: boolean;
  /** Send again only the periods the backend holds too few rows of (needs idempotent re-sends), then verify. */
  repair?: boolean;
  dump?: string;
  metricsAddr?: string;
  maxRetries: number;
  checkpoint?: string;
  timeoutMs?: number;
  /** Values of the target's own options (registry.ts), by name. */
  targetOptions?: TargetOptionValues;
  /** Jitter source of retry delays, in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface ReplayEvents {
  onStart?(info: { records: number; resumedBatches: number }): void;
  onProgress?(records: number, bytes: number): void;
  onWarning?(message: string): void;
}

export interface ReplayResult {
  target: string;
  server: string;
  records: number;
  bytes: number;
  requests: number;
  retries: number;
  resumedBatches: number;
  sendMs: number;
  /** CPU time of the replaying process while sending (user + system, all its threads, DuckDB's included), ms. */
  cpuMs: number;
  recordsPerSecond: number;
  bytesPerSecond: number;
  timeRange: { start: string; end: string };
  shiftMs: number;
  verify?: VerifyOutcome;
  /** With --repair: the periods found short and sent again (rows in the dataset, rows the backend held before). */
  repaired?: PeriodCount[];
  /** Items the backend acknowledged but rejected (OTLP partial_success), by kind; empty when none. */
  rejected: Counts;
}

export type PeriodCount = Omit<ShortPeriod, 'units'>;
const periodCount = ({ period, expected, backend }: ShortPeriod): PeriodCount => ({ period, expected, backend });

export async function replay(options: ReplayOptions, events: ReplayEvents = {}, signal?: AbortSignal): Promise<ReplayResult> {
  const target = await loadTarget(options.target);
  checkOptions(target, options);
  const targetOptions = options.targetOptions ?? {};
  const dataset = loadReplayDataset(options.dataset);
  const tables = selectTables(dataset, target.rolesFor?.(targetOptions) ?? target.roles, options.tables, target.name);
  const defaults = { ...TARGET_DEFAULTS, ...target.defaults };
  const workers = options.workers ?? defaults.workers;
  const read = { batchSize: options.batchSize ?? defaults.batchSize, fromMs: options.fromMs, toMs: options.toMs, timeOrdered: options.mode === 'realtime' };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const reader = await DatasetReader.open(defaults.readerThreads);
  // With --dump nothing is sent: the bodies go to files.
  const http = options.url && !options.dump ? createHttpClient({ url: options.url, headers: options.headers, connections: workers, timeoutMs }) : undefined;
  const metrics = createReplayMetrics(target.name);
  const metricsServer = options.metricsAddr ? await serveMetrics(metrics, options.metricsAddr) : undefined;
  let checkpoint: Checkpoint | undefined;
  try {
    const plan = await planReplay(reader, dataset.dir, tables, dataset.tables, target, { ...options, timeOrdered: read.timeOrdered });
    const server = http?.describe() ?? `dump:${options.dump}`;
    const identity = { target: target.name, server, options: { tables: tables.map((t) => t.spec.name), batchSize: read.batchSize, fromMs: options.fromMs, toMs: options.toMs, shard: options.shard, timeOrdered: read.timeOrdered, shift: options.shiftToNow } };
    const checkpointPath = options.checkpoint ?? defaultCheckpointPath(dataset.dir, identity);
    checkpoint = options.repair
      ? repairCheckpoint(checkpointPath, identity, options.shiftToNow)
      : Checkpoint.open(checkpointPath, identity, options.resume, () => (options.shiftToNow ? Math.round(Date.now() - plan.endMs) : 0));
    const { shiftMs } = checkpoint;
    const counting = { sql: reader, fromMs: options.fromMs, toMs: options.toMs, shiftMs };
    let units = plan.units;
    let repaired: ShortPeriod[] | undefined;
    if (options.repair && http && target.check?.resendRefusal) {
      const refusal = await target.check.resendRefusal(http);
      if (refusal) throw new TeleforgeError('BAD_ARGUMENT', `--repair: ${target.name} at ${http.describe()}: ${refusal}`);
      repaired = await shortPeriods({ ...counting, check: target.check, http, units });
      units = repaired.flatMap((period) => period.units);
    }
    if (http && units.length > 0) {
      const { refusal, warning } = await windowCheck({ target, http, sql: reader, units, fromMs: options.fromMs, toMs: options.toMs, shiftMs, shifted: options.shiftToNow, nowMs: Date.now() });
      if (refusal) throw new TeleforgeError('OUTSIDE_WINDOW', refusal);
      if (warning) events.onWarning?.(warning);
    }
    const resumedBatches = checkpoint.ackedCount();
    events.onStart?.({ records: repaired ? repaired.reduce((sum, period) => sum + period.expected, 0) : plan.records, resumedBatches });
    const encoders = await createEncoders(target, tables, dataset.tables, reader, shiftMs, targetOptions);
    const random = options.random ?? Math.random;
    const sent = await sendAll({ ...options, target, http, workers, timeoutMs, rate: options, targetOptions, metrics, checkpoint, reader, units, encoders, read, random, onProgress: events.onProgress, signal });
    const { sendMs, rejected, ...totals } = sent;
    const range = { startMs: plan.startMs + shiftMs, endMs: plan.endMs + shiftMs };
    const timeRange = { start: new Date(range.startMs).toISOString(), end: new Date(range.endMs).toISOString() };
    const perSecond = (count: number) => count / (sendMs / 1000);
    const result: ReplayResult = { target: target.name, server, ...totals, resumedBatches, sendMs, recordsPerSecond: perSecond(totals.records), bytesPerSecond: perSecond(totals.bytes), timeRange, shiftMs, rejected };
    if (repaired) result.repaired = repaired.map(periodCount);
    if ((options.verify || options.repair) && http && target.check) {
      const unsliced = !options.fromMs && !options.toMs && !options.shard;
      const fromSummary = unsliced ? target.check.summaryCounts(tables, dataset.tables, targetOptions) : undefined;
      result.verify = await verifyCounts(target.check, { http, ...range, url: options.url!, headers: options.headers, targetOptions }, plan.expected, fromSummary);
      if (!result.verify.ok) result.verify.short = (await shortPeriods({ ...counting, check: target.check, http, units: plan.units })).map(periodCount);
    }
    return result;
  } finally {
    checkpoint?.close();
    reader.close();
    http?.close();
    metricsServer?.close();
  }
}

/**
 * A repair records nothing (it is cheap to rerun) but must shift timestamps as the replay it
 * repairs did: with --shift-to-now that shift is read from the replay's checkpoint.
 */
function repairCheckpoint(path: string, identity: CheckpointIdentity, shifted: boolean): Checkpoint {
  if (!shifted) return Checkpoint.open(null, identity, false, () => 0);
  if (!existsSync(path)) throw new TeleforgeError('BAD_ARGUMENT', `--repair --shift-to-now: no checkpoint at ${path} to take the replay's time shift from (give its --checkpoint)`);
  const original = Checkpoint.open(path, identity, true, () => 0);
  original.close();
  return Checkpoint.open(null, identity, false, () => original.shiftMs);
}

function checkOptions(target: ReplayTarget, options: ReplayOptions): void {
  if (!options.url && !options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--url: required (or --dump DIR to write request bodies to files)');
  if (options.verify && options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--verify needs a server; it cannot be combined with --dump');
  if (options.fromMs !== undefined && options.toMs !== undefined && options.fromMs >= options.toMs) {
    throw new TeleforgeError('BAD_ARGUMENT', `--from ${new Date(options.fromMs).toISOString()} is not before --to ${new Date(options.toMs).toISOString()}: nothing to replay`);
  }
  if (options.repair) {
    if (options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--repair needs a server; it cannot be combined with --dump');
    if (options.resume) throw new TeleforgeError('BAD_ARGUMENT', '--repair sends again what the backend lacks: it cannot be combined with --resume');
    if (!target.check?.resendRefusal || !target.check.countRange) throw new TeleforgeError('BAD_ARGUMENT', `--repair: ${target.name} backends cannot be counted per period and re-sent to idempotently`);
  }
  if (options.verify && !target.check) throw new TeleforgeError('BAD_ARGUMENT', `--verify: ${target.name} backends cannot be asked what they stored`);
}
