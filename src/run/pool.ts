/** A fixed set of worker processes; each runs one partition at a time. */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TeleforgeError, EXIT_FAILURE } from '../errors.js';
import type { PartitionManifest } from '../dataset/directory.js';
import type { PartitionJob } from './partition.js';

export type WorkerReply =
  | { type: 'progress'; rows: number }
  | { type: 'done'; manifest: PartitionManifest; maxRssBytes: number }
  | { type: 'error'; message: string };

const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Young generation of the workers unless the scenario kind asks for another (`workerSemiSpaceMiB`):
 * V8 grows it to 2 × 16 MiB when a long partition's objects survive scavenges, which made a 30-day
 * k8s worker's peak RSS 30–40 MiB above a 1-day one's at the same CPU time.
 */
export const DEFAULT_SEMI_SPACE_MIB = 4;

/**
 * How far V8 lets the old generation grow past its live size before the next full collection.
 * V8 chose up to ~4× when collections were cheap: a worker's heap, ~18 MiB live between
 * partitions, reached 64–98 MiB over a 60-day k8s compile and drove peak RSS from ~135 to
 * ~195 MiB. At 1.25× it stays at ~45 MiB, at no CPU cost measurable (k8s 1 day, social-network).
 */
export const HEAP_GROWING_FLAG = '--heap-growing-percent=25';

/**
 * The compiling process keeps its young generation at its initial size (its workers get
 * `--max-semi-space-size`, which only takes effect at start-up). Planning 30 days made ~70 MB of
 * short-lived objects, V8 grew the young generation to 2 × 16 MiB for them, and the process's
 * RSS rose from ~78 to ~104 MiB before its first partition was sent.
 */
export const FIXED_YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

/**
 * V8 flags of the workers of a pool of `size`. With a worker on every core, V8's helper threads
 * (concurrent GC, background JIT) only take time from the workers: a 1-day k8s compile with 2
 * workers ran ~11 % faster without them, and a social-network partition spends ~15 % less CPU.
 */
export function workerFlags(size: number, semiSpaceMiB = DEFAULT_SEMI_SPACE_MIB): string[] {
  return [`--max-semi-space-size=${semiSpaceMiB}`, HEAP_GROWING_FLAG, ...(size >= availableParallelism() ? ['--single-threaded'] : [])];
}

export class WorkerPool {
  private readonly all: ChildProcess[] = [];
  private readonly idle: ChildProcess[] = [];
  /** Largest resident set of any worker so far. */
  peakWorkerRssBytes = 0;
  /** Workers that hold the packed plan already (it goes with each worker's first job only). */
  private readonly planned = new WeakSet<ChildProcess>();

  private constructor(private count: number, private readonly semiSpaceMiB: number) {
    this.start();
  }

  /** Forks `size` workers with the young generation a kind asks for (`workerSemiSpaceMiB`). */
  static create(size: number, semiSpaceMiB = DEFAULT_SEMI_SPACE_MIB): WorkerPool {
    return new WorkerPool(size, semiSpaceMiB);
  }

  private start(): void {
    const execArgv = [...process.execArgv, ...workerFlags(this.count, this.semiSpaceMiB)];
    while (this.all.length < this.count) {
      // Structured clone: a packed plan's typed arrays cross as bytes, not as JSON arrays of numbers.
      const child = fork(WORKER_PATH, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv, serialization: 'advanced' });
      this.all.push(child);
      this.idle.push(child);
    }
  }

  /** Forks or lets go idle workers until there are `size`; before any job runs. */
  resize(size: number): void {
    if (this.idle.length !== this.all.length) throw new Error('pool: workers are busy');
    this.count = size;
    for (const child of this.all.splice(size)) {
      this.idle.splice(this.idle.indexOf(child), 1);
      child.disconnect();
    }
    this.start();
  }

  get size(): number {
    return this.all.length;
  }

  /** Runs a job on an idle worker (callers keep at most `size` jobs in flight); `plan` goes to workers that lack it. */
  run(job: PartitionJob, onRows: (rows: number) => void, plan?: unknown): Promise<PartitionManifest> {
    const child = this.idle.pop();
    if (!child) throw new Error('pool: no idle worker');
    if (plan !== undefined && !this.planned.has(child)) {
      this.planned.add(child);
      job = { ...job, plan };
    }
    return new Promise<PartitionManifest>((resolve, reject) => {
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (message: WorkerReply) => {
        if (message.type === 'progress') return onRows(message.rows);
        cleanup();
        this.idle.push(child);
        if (message.type === 'done') {
          this.peakWorkerRssBytes = Math.max(this.peakWorkerRssBytes, message.maxRssBytes);
          resolve(message.manifest);
        }
        else reject(new TeleforgeError('WORKER_FAILED', `compile: partition ${job.partitionKey} failed: ${message.message}`, EXIT_FAILURE));
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        reject(new TeleforgeError('WORKER_FAILED', `compile: worker for partition ${job.partitionKey} exited (${signal ?? `code ${code}`})`, EXIT_FAILURE));
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(job);
    });
  }

  /** Lets idle workers exit; busy ones (after a failure elsewhere) are killed. */
  close(): void {
    for (const child of this.all) {
      if (this.idle.includes(child)) child.disconnect();
      else child.kill();
    }
  }
}
