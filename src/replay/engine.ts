/**
 * `replay()`: plan → retention check → read + encode (+ gzip) → rate limit → send → checkpoint
 * → verify. Targets plug in through registry.ts; this file knows none of them.
 */
import { TeleforgeError } from '../errors.js';
import type { Shard } from '../plan/shard.js';
import { Checkpoint, defaultCheckpointPath } from './checkpoint.js';
import { loadReplayDataset, selectTables } from './dataset.js';
import { createHttpClient, type HttpClient } from './http.js';
import { createLimits, type RateOptions } from './limits.js';
import { createReplayMetrics, serveMetrics } from './metrics.js';
import { Pipeline } from './pipeline.js';
import { planReplay } from './plan.js';
import { createEncoders, produce } from './produce.js';
import { DatasetReader } from './reader.js';
import { loadTarget } from './registry.js';
import { DEFAULT_RETRY } from './retry.js';
import { dumpSender, httpSender, replayFailure } from './sender.js';
import type { Counts, TargetOptionValues } from './types.js';
import { retentionWarning, verifyCounts, type VerifyOutcome } from './verify.js';

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
  /** Values of the target's own options (ReplayTarget.options). */
  targetOptions?: TargetOptionValues;
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
  recordsPerSecond: number;
  bytesPerSecond: number;
  timeRange: { start: string; end: string };
  shiftMs: number;
  verify?: VerifyOutcome;
  /** Items the backend acknowledged but rejected (OTLP partial_success), when the target reports them. */
  rejected?: Counts;
}

export async function replay(options: ReplayOptions, events: ReplayEvents = {}, signal?: AbortSignal): Promise<ReplayResult> {
  const target = await loadTarget(options.target);
  if (!options.url && !options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--url: required (or --dump DIR to write request bodies to files)');
  if (options.verify && options.dump) throw new TeleforgeError('BAD_ARGUMENT', '--verify needs a server; it cannot be combined with --dump');
  if (options.verify && !target.verify) throw new TeleforgeError('BAD_ARGUMENT', `--verify: ${target.name} backends cannot be asked what they stored`);
  const targetOptions = options.targetOptions ?? {};
  const dataset = loadReplayDataset(options.dataset);
  const tables = selectTables(dataset, target.rolesFor?.(targetOptions) ?? target.roles, options.tables, target.name);
  const workers = options.workers ?? target.defaultWorkers;
  const batchSize = options.batchSize ?? target.defaultBatchSize;
  const timeOrdered = options.mode === 'realtime';
  const reader = await DatasetReader.open(target.readerThreads);
  // With --dump nothing is sent: the bodies go to files.
  const http: HttpClient | undefined = options.url && !options.dump
    ? createHttpClient({ url: options.url, headers: options.headers, connections: workers, timeoutMs: options.timeoutMs ?? 60_000 })
    : undefined;
  const metrics = createReplayMetrics(target.name);
  const metricsServer = options.metricsAddr ? await serveMetrics(metrics, options.metricsAddr) : undefined;
  let checkpoint: Checkpoint | undefined;
  try {
    const plan = await planReplay(reader, dataset.dir, tables, dataset.tables, target, { ...options, timeOrdered });
    const server = http?.describe() ?? `dump:${options.dump}`;
    const identity = {
      target: target.name,
      server,
      options: { tables: tables.map((t) => t.spec.name), batchSize, fromMs: options.fromMs, toMs: options.toMs, shard: options.shard, timeOrdered, shift: options.shiftToNow },
    };
    const checkpointPath = options.checkpoint ?? defaultCheckpointPath(dataset.dir, identity);
    checkpoint = Checkpoint.open(checkpointPath, identity, options.resume, () => (options.shiftToNow ? Math.round(Date.now() - plan.endMs) : 0));
    const shiftMs = checkpoint.shiftMs;
    if (http) {
      const warning = await retentionWarning(target, http, plan.startMs + shiftMs, options.shiftToNow);
      if (warning) events.onWarning?.(warning);
    }
    const resumedBatches = checkpoint.ackedCount();
    events.onStart?.({ records: plan.records, resumedBatches });

    const encoders = await createEncoders(target, tables, dataset.tables, reader, shiftMs, targetOptions);

    const totals = { records: 0, bytes: 0, requests: 0, retries: 0 };
    let stopping = false;
    const stopped = () => stopping;
    // With --dump nothing is sent, whatever the target.
    const ownSender = http && !options.dump && target.createSender
      ? target.createSender({ url: options.url!, headers: options.headers, workers, timeoutMs: options.timeoutMs ?? 60_000, maxRetries: options.maxRetries, gzip: options.gzip, metrics, stopped, targetOptions })
      : undefined;
    const compress = options.gzip && !ownSender;
    const sender = ownSender ?? (http ? httpSender(http, { ...DEFAULT_RETRY, maxRetries: options.maxRetries }, metrics, stopped) : dumpSender(options.dump!));
    const pipeline = new Pipeline({
      workers,
      sender,
      checkpoint,
      metrics,
      waitFor: createLimits(options, workers),
      onAck(request, retries) {
        totals.records += request.records;
        totals.bytes += request.body.byteLength;
        totals.requests++;
        totals.retries += retries;
        events.onProgress?.(totals.records, totals.bytes);
      },
    });
    const onAbort = () => {
      stopping = true;
      pipeline.stop();
    };
    signal?.addEventListener('abort', onAbort);
    const began = performance.now();
    try {
      await produce({ units: plan.units, encoders, reader, checkpoint, pipeline, gzip: compress, read: { batchSize, fromMs: options.fromMs, toMs: options.toMs, timeOrdered } });
    } catch (error) {
      pipeline.stop();
      throw error;
    } finally {
      await pipeline.finish().finally(() => {
        signal?.removeEventListener('abort', onAbort);
        ownSender?.close();
      });
    }
    const sendMs = performance.now() - began;
    if (stopping) throw replayFailure(`interrupted after ${totals.records} records; run again with --resume to continue`);
    const result: ReplayResult = {
      target: target.name,
      server,
      ...totals,
      resumedBatches,
      sendMs,
      recordsPerSecond: totals.records / (sendMs / 1000),
      bytesPerSecond: totals.bytes / (sendMs / 1000),
      timeRange: { start: new Date(plan.startMs + shiftMs).toISOString(), end: new Date(plan.endMs + shiftMs).toISOString() },
      shiftMs,
      ...(ownSender ? { rejected: ownSender.rejected() } : {}),
    };
    if (options.verify && http) {
      const unsliced = !options.fromMs && !options.toMs && !options.shard;
      const fromSummary: Counts | undefined = unsliced ? target.summaryCounts(tables, dataset.tables) : undefined;
      result.verify = await verifyCounts(target, { http, startMs: plan.startMs + shiftMs, endMs: plan.endMs + shiftMs, url: options.url!, headers: options.headers, targetOptions }, plan.expected, fromSummary);
    }
    return result;
  } finally {
    checkpoint?.close();
    reader.close();
    http?.close();
    metricsServer?.close();
  }
}
