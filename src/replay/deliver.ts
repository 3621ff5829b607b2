/**
 * The sending half of a replay, start to end: the transport (the target's own, an HTTP POST to
 * --url, or files with --dump) behind the one retry loop, the pipeline of `workers` senders with
 * its rate limits, fed by the read + encode loop; stops cleanly on abort.
 */
import type { ReadOptions } from './read/sql.js';
import type { DatasetReader } from './read/reader.js';
import type { PlannedUnit } from './read/plan.js';
import { produce } from './encode/produce.js';
import type { Counts, ReplayTarget, TableEncoder, TargetOptionValues } from './types.js';
import type { Checkpoint } from './send/checkpoint.js';
import { dumpTransport } from './send/dump.js';
import type { HttpClient } from './send/http.js';
import { httpPostTransport } from './send/http-post.js';
import { createLimits, type RateOptions } from './send/limits.js';
import type { ReplayMetrics } from './send/metrics.js';
import { Pipeline } from './send/pipeline.js';
import { DEFAULT_RETRY } from './send/retry.js';
import { createSender } from './send/transport.js';
import { EXIT_FAILURE, TeleforgeError } from '../errors.js';
import type { Transport } from './send/types.js';

export interface SendOptions {
  target: ReplayTarget;
  /** The replay's client of --url (absent with --dump); the engine closes it. */
  http: HttpClient | undefined;
  url?: string;
  headers: Record<string, string>;
  dump?: string;
  gzip: boolean;
  workers: number;
  maxRetries: number;
  timeoutMs: number;
  rate: RateOptions;
  targetOptions: TargetOptionValues;
  metrics: ReplayMetrics;
  checkpoint: Checkpoint;
  reader: DatasetReader;
  units: PlannedUnit[];
  encoders: Map<string, TableEncoder>;
  read: ReadOptions;
  /** Jitter of retry delays, in [0, 1). */
  random: () => number;
  onProgress?(records: number, bytes: number): void;
  signal?: AbortSignal;
}

export interface SendTotals {
  records: number;
  bytes: number;
  requests: number;
  retries: number;
  sendMs: number;
  /** CPU time of the replaying process while sending (user + system, all its threads, DuckDB's included), ms. */
  cpuMs: number;
  /** Items the backend acknowledged but rejected (OTLP partial_success), by kind. */
  rejected: Counts;
}

export async function sendAll(options: SendOptions): Promise<SendTotals> {
  const { target, http, workers, metrics } = options;
  // With --dump nothing is sent, whatever the target. The target's own transport compresses itself.
  const own = http && target.createTransport
    ? target.createTransport({ url: options.url!, headers: options.headers, workers, timeoutMs: options.timeoutMs, gzip: options.gzip, targetOptions: options.targetOptions })
    : undefined;
  const transport: Transport = own ?? (http ? { ...httpPostTransport(http), close: () => undefined } : dumpTransport(options.dump!));
  // Aborted only by the caller's signal (Ctrl-C, SIGTERM): no more retries, no more waits.
  const stopping = new AbortController();
  const sender = createSender(transport, { policy: { ...DEFAULT_RETRY, maxRetries: options.maxRetries }, metrics, stopped: () => stopping.signal.aborted, signal: stopping.signal, random: options.random });
  const totals = { records: 0, bytes: 0, requests: 0, retries: 0 };
  const pipeline = new Pipeline({
    workers,
    sender,
    checkpoint: options.checkpoint,
    metrics,
    waitFor: createLimits(options.rate, workers),
    onAck(request, retries) {
      totals.records += request.records;
      totals.bytes += request.body.byteLength;
      totals.requests++;
      totals.retries += retries;
      options.onProgress?.(totals.records, totals.bytes);
    },
  });
  const onAbort = () => {
    stopping.abort();
    pipeline.stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort);
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  let failure: unknown;
  try {
    const { units, encoders, reader, checkpoint, read } = options;
    await produce({ units, encoders, reader, checkpoint, pipeline, gzip: options.gzip && !own, read });
  } catch (error) {
    failure = error;
    pipeline.stop();
  }
  try {
    await pipeline.finish();
  } catch (error) {
    failure ??= error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    sender.close();
  }
  // Stopped by the user: whatever failed on the way out (an aborted retry) is not the story.
  if (stopping.signal.aborted) {
    throw new TeleforgeError('INTERRUPTED', `interrupted after ${totals.records} records (the acknowledged ones are in the checkpoint); run the same command with --resume to continue`, EXIT_FAILURE);
  }
  if (failure !== undefined) throw failure;
  const cpu = process.cpuUsage(cpuBefore);
  return { ...totals, sendMs: performance.now() - began, cpuMs: (cpu.user + cpu.system) / 1000, rejected: sender.rejected() };
}
