/**
 * `teleforge produce`: synthetic payloads, no dataset. `parallel` producers, each rendering its
 * payloads from the template with its own seeded stream, paced by the replay limiters (global
 * --rate and --rate-per-worker, steady token bucket or burst windows, on payload bytes or
 * records), delivered to one target sink, for --duration and/or --records. Each producer's
 * sequence is gap-free; bytes per second of the run are kept to report the rate's jitter.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { TeleforgeError, EXIT_FAILURE } from '../../errors.js';
import { sleep } from '../../util/sleep.js';
import type { BatchSender } from '../records/batch-sender.js';
import { recordBytes, sampleBatch, type RecordBatch } from '../records/batch.js';
import type { Clock } from '../send/limiter.js';
import { createLimits, type RateOptions } from '../send/limits.js';
import type { ReplayMetrics } from '../send/metrics.js';
import { PayloadGenerator } from './payloads.js';
import type { Template } from './template.js';

export interface SyntheticOptions extends RateOptions {
  payloadSize: number;
  template: Template;
  parallel: number;
  seed: number;
  /** Stop after this long (ms), and/or after `records` records in total. */
  durationMs?: number;
  records?: number;
  /** Records generated per delivery (before sampling). */
  batchRecords: number;
  /** Send one record in N, weighted N (1: all). */
  sample: number;
  annotate: boolean;
  /** Producer ids are `<prefix>-<index>`. */
  producerPrefix: string;
  clock: Clock;
}

export interface ProducerStats {
  producer_id: string;
  records: number;
  /** Source records the sent ones stand for (weights added up). */
  weighted_records: number;
  bytes: number;
  last_sequence: number;
  retries: number;
}

export interface SyntheticEvents {
  onProgress?(records: number, bytes: number): void;
  /** Every `statsEveryMs`, each producer's counts so far (for --log-format json). */
  onStats?(stats: ProducerStats[]): void;
  statsEveryMs?: number;
}

export interface SyntheticResult {
  records: number;
  weightedRecords: number;
  bytes: number;
  elapsedMs: number;
  recordsPerSecond: number;
  bytesPerSecond: number;
  /** Payload bytes delivered in each second of the run (the last one partial). */
  bytesPerSecondSeries: number[];
  producers: ProducerStats[];
}

/** Records per delivery: ~20 ms of the rate (so a second's pacing is smooth), at most 1 MiB, at least one. */
export function defaultBatchRecords(payloadSize: number, bytesPerSecond: number | undefined): number {
  const target = Math.min(1 << 20, bytesPerSecond === undefined ? 1 << 20 : bytesPerSecond / 50);
  return Math.max(1, Math.min(4096, Math.floor(target / Math.max(1, payloadSize))));
}

export async function produceSynthetic(options: SyntheticOptions, sender: BatchSender, metrics: ReplayMetrics, events: SyntheticEvents = {}, signal?: AbortSignal): Promise<SyntheticResult> {
  const { clock } = options;
  const limits = createLimits(options, options.parallel);
  const stats: ProducerStats[] = Array.from({ length: options.parallel }, (_, p) => ({ producer_id: `${options.producerPrefix}-${p}`, records: 0, weighted_records: 0, bytes: 0, last_sequence: -1, retries: 0 }));
  const perSecond: number[] = [];
  const began = clock.now();
  const deadline = options.durationMs === undefined ? Infinity : began + options.durationMs;
  let unclaimed = options.records ?? Infinity;
  let failure: unknown;
  let totalRecords = 0;
  let totalBytes = 0;
  const stopped = () => failure !== undefined || signal?.aborted === true;

  /** Hands one batch to the target and counts it once delivered. */
  const deliver = async (p: number, batch: RecordBatch, weighted: number): Promise<void> => {
    const own = stats[p]!;
    const bytes = recordBytes(batch);
    const stamp = batch.stamp ?? (options.annotate ? { producer: p, producerId: own.producer_id, firstSequence: own.last_sequence + 1, timestampMs: Date.now() } : undefined);
    try {
      own.retries += await sender.send(batch, stamp);
    } catch (error) {
      failure ??= error;
      return;
    }
    own.records += batch.count;
    own.weighted_records += weighted;
    own.bytes += bytes;
    own.last_sequence += batch.count;
    metrics.recordsSent.inc(batch.count);
    metrics.bytesSent.inc(bytes);
    totalRecords += batch.count;
    totalBytes += bytes;
    const second = Math.floor((clock.now() - began) / 1000);
    while (perSecond.length <= second) perSecond.push(0);
    perSecond[second]! += bytes;
    events.onProgress?.(totalRecords, totalBytes);
  };

  // Unlimited, for a target that annotates inside the JSON, unsampled payloads are rendered with
  // their stamp (no second copy of each payload): its sequence follows every record rendered
  // before, which is every record delivered before it is sent (a failed delivery ends the run), and
  // its timestamp is when the batch was rendered, one batch before it is handed over. Under a rate
  // a batch may wait after rendering, so its stamp is taken when it is handed over, as in replay.
  const unlimited = options.rate === undefined && options.ratePerWorker === undefined;
  const stampWhileRendering = unlimited && options.annotate && options.sample <= 1 && sender.annotatesInJson;

  // Each producer renders its next batch while the previous one is being sent (one in flight: its
  // sequence numbers follow the delivered ones; the generator keeps two batches valid).
  const run = async (p: number) => {
    const generator = new PayloadGenerator(options.template, options.payloadSize, options.seed, p);
    let inFlight: Promise<void> = Promise.resolve();
    let rendered = 0;
    while (!stopped() && clock.now() < deadline && unclaimed > 0) {
      const count = Math.min(options.batchRecords, unclaimed);
      unclaimed -= count;
      const stamp = stampWhileRendering ? { producer: p, producerId: stats[p]!.producer_id, firstSequence: rendered, timestampMs: Date.now() } : undefined;
      rendered += count;
      const batch = sampleBatch(generator.next(count, stamp), options.sample);
      const wait = limits(p, { items: batch.count, bytes: recordBytes(batch) }, 0);
      if (wait > 0) {
        metrics.rateLimitWait.inc(wait / 1000);
        await sleep(wait);
      } else await yieldToLoop();
      await inFlight;
      if (stopped()) break;
      inFlight = deliver(p, batch, count);
    }
    await inFlight;
  };
  const onStats = events.onStats;
  const statsTimer = onStats ? setInterval(() => onStats(stats.map((s) => ({ ...s }))), events.statsEveryMs ?? 10_000) : undefined;
  await Promise.all(stats.map((_, p) => run(p))).finally(() => clearInterval(statsTimer));
  const elapsedMs = clock.now() - began;
  if (failure !== undefined) throw failure instanceof TeleforgeError ? failure : new TeleforgeError('REPLAY_FAILED', `produce: ${(failure as Error).message}`, EXIT_FAILURE);
  if (signal?.aborted) throw new TeleforgeError('REPLAY_FAILED', `produce: interrupted after ${totalRecords} records`, EXIT_FAILURE);
  return {
    records: totalRecords,
    weightedRecords: stats.reduce((sum, s) => sum + s.weighted_records, 0),
    bytes: totalBytes,
    elapsedMs,
    recordsPerSecond: totalRecords / (elapsedMs / 1000),
    bytesPerSecond: totalBytes / (elapsedMs / 1000),
    bytesPerSecondSeries: perSecond,
    producers: stats,
  };
}
