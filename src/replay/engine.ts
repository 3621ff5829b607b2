/**
 * `replay()`: open the dataset → plan → checkpoint → accepted-window check → read + encode (+ gzip) →
 * rate limit → send → verify. Stages in read/, encode/, send/, check/; targets plug in through
 * registry.ts and this file knows none of them.
 */
import { TeleforgeError } from '../errors.js';
import type { Shard } from '../plan/shard.js';
import { verifyCounts, type VerifyOutcome } from './check/verify.js';
import { windowRefusal } from './check/window.js';
import { createEncoders } from './encode/produce.js';
import { loadReplayDataset, selectTables } from './read/dataset.js';
import { planReplay } from './read/plan.js';
import { DatasetReader } from './read/reader.js';
import { loadTarget } from './registry.js';
import { Checkpoint, defaultCheckpointPath } from './send/checkpoint.js';
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
  /** Items the backend acknowledged but rejected (OTLP partial_success), by kind; empty when none. */
  rejected: Counts;
}

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
    checkpoint = Checkpoint.open(options.checkpoint ?? defaultCheckpointPath(dataset.dir, identity), identity, options.resume, () => (options.shiftToNow ? Math.round(Date.now() - plan.endMs) : 0));
    const { shiftMs } = checkpoint;
    if (http) {
      const refusal = await windowRefusal({ target, http, sql: reader, units: plan.units, fromMs: options.fromMs, toMs: options.toMs, shiftMs, shifted: options.shiftToNow, nowMs: Date.now() });
      if (refusal) throw new TeleforgeError('OUTSIDE_WINDOW', refusal);
    }
    const resumedBatches = checkpoint.ackedCount();
    events.onStart?.({ records: plan.records, resumedBatches });
    const encoders = await createEncoders(target, tables, dataset.tables, reader, shiftMs, targetOptions);
    const random = options.random ?? Math.random;
    const sent = await sendAll({ ...options, target, http, workers, timeoutMs, rate: options, targetOptions, metrics, checkpoint, reader, units: plan.units, encoders, read, random, onProgress: events.onProgress, signal });
    const { sendMs, rejected, ...totals } = sent;
    const range = { startMs: plan.startMs + shiftMs, endMs: plan.endMs + shiftMs };
    const timeRange = { start: new Date(range.startMs).toISOString(), end: new Date(range.endMs).toISOString() };
    const perSecond = (count: number) => count / (sendMs / 1000);
    const result: ReplayResult = { target: target.name, server, ...totals, resumedBatches, sendMs, recordsPerSecond: perSecond(totals.records), bytesPerSecond: perSecond(totals.bytes), timeRange, shiftMs, rejected };
    if (options.verify && http && target.check) {
      const unsliced = !options.fromMs && !options.toMs && !options.shard;
      const fromSummary = unsliced ? target.check.summaryCounts(tables, dataset.tables) : undefined;
      result.verify = await verifyCounts(target.check, { http, ...range, url: options.url!, headers: options.headers, targetOptions }, plan.expected, fromSummary);
    }
    return result;
  } finally {
    checkpoint?.close();
    reader.close();
    http?.close();
    metricsServer?.close();
  }
}

function checkOptions(target: ReplayTarget, options: ReplayOptions): void {
  if (!options.url && !options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--url: required (or --dump DIR to write request bodies to files)');
  if (options.verify && options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--verify needs a server; it cannot be combined with --dump');
  if (options.fromMs !== undefined && options.toMs !== undefined && options.fromMs >= options.toMs) {
    throw new TeleforgeError('BAD_ARGUMENT', `--from ${new Date(options.fromMs).toISOString()} is not before --to ${new Date(options.toMs).toISOString()}: nothing to replay`);
  }
  if (options.verify && !target.check) throw new TeleforgeError('BAD_ARGUMENT', `--verify: ${target.name} backends cannot be asked what they stored`);
}
