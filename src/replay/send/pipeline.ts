/**
 * The sending half of a replay: a bounded queue of encoded requests drained by `workers`
 * concurrent senders. Each request waits for the rate limiter (and in realtime mode for its
 * moment), is sent, and is recorded in the checkpoint as soon as the backend acknowledges it.
 * The first failure or a stop request ends the replay after in-flight requests settle.
 */
import type { Checkpoint } from './checkpoint.js';
import type { Cost } from './limiter.js';
import type { ReplayMetrics } from './metrics.js';
import { sleep } from '../../util/sleep.js';
import type { Sender } from './types.js';
import type { EncodedRequest } from '../types.js';

export interface Job {
  unit: string;
  index: number;
  request: EncodedRequest;
  firstTimeMs: number;
}

export interface PipelineOptions {
  workers: number;
  sender: Sender;
  checkpoint: Checkpoint;
  metrics: ReplayMetrics;
  /** Milliseconds a request must wait (rate limits and realtime pacing). */
  waitFor(worker: number, cost: Cost, firstTimeMs: number): number;
  onAck(request: EncodedRequest, retries: number): void;
}

/** A bounded FIFO: `push` waits while full; `end` lets readers drain it; `close` drops what is left. */
class Channel<T> {
  private readonly items: T[] = [];
  private readonly waiting: (() => void)[] = [];
  private ended = false;
  closed = false;

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<boolean> {
    while (!this.closed && this.items.length >= this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.closed) return false;
    this.items.push(item);
    this.wake();
    return true;
  }

  async pop(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.closed && !this.ended) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const item = this.items.shift();
    this.wake();
    return item;
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.wake();
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

export class Pipeline {
  private readonly queue: Channel<Job>;
  private readonly running: Promise<void>[];
  /** Aborted by stop(): cuts short rate-limit and pacing waits (at --rate 1/s one lasts the batch's size in seconds). */
  private readonly stopping = new AbortController();
  private failure: unknown;

  constructor(private readonly options: PipelineOptions) {
    this.queue = new Channel<Job>(options.workers * 2);
    this.running = Array.from({ length: options.workers }, (_, worker) => this.work(worker));
  }

  /** False once the replay is stopping (failure or stop()): the producer should stop reading. */
  get open(): boolean {
    return !this.queue.closed;
  }

  submit(job: Job): Promise<boolean> {
    return this.queue.push(job);
  }

  /** Stops taking new jobs; queued ones are dropped (they are not acknowledged). */
  stop(): void {
    this.queue.close();
    this.stopping.abort();
  }

  /** Sends what is queued, waits for in-flight requests, and throws the first failure. */
  async finish(): Promise<void> {
    this.queue.end();
    await Promise.all(this.running);
    if (this.failure !== undefined) throw this.failure;
  }

  private async work(worker: number): Promise<void> {
    const { sender, checkpoint, metrics } = this.options;
    for (let job = await this.queue.pop(); job; job = await this.queue.pop()) {
      try {
        const cost = { items: job.request.records, bytes: job.request.body.byteLength };
        const wait = this.options.waitFor(worker, cost, job.firstTimeMs);
        if (wait > 0) {
          metrics.rateLimitWait.inc(wait / 1000);
          await sleep(wait, this.stopping.signal);
          if (!this.open) continue;
        }
        const retries = await sender.send(job.request, `${job.unit.replace(/[^\w.=-]+/g, '_')}-b${String(job.index).padStart(6, '0')}`);
        checkpoint.ack(job.unit, job.index);
        metrics.recordsSent.inc(job.request.records);
        metrics.bytesSent.inc(job.request.body.byteLength);
        this.options.onAck(job.request, retries);
      } catch (error) {
        this.failure ??= error;
        this.stop();
      }
    }
  }
}
