/**
 * Compiles a scenario into a dataset directory: plan, run the missing partitions in worker
 * processes, write the ground truth, and once every partition is present, summary.json.
 * This module stays light: the workers are forked before the planning code is even loaded, so
 * their start-up overlaps this process's.
 */
import { setFlagsFromString } from 'node:v8';
import type { ScenarioOverrides } from '../scenario/types.js';
import type { Shard } from '../plan/shard.js';
import type { OutputOptions } from '../sink/index.js';
import { FIXED_YOUNG_GENERATION_FLAG, HEAP_GROWING_FLAG, WorkerPool } from './pool.js';
import type { Summary } from '../dataset/summary.js';

export interface CompileOptions {
  scenario: string;
  /** Dataset directory; defaults to `out/<scenario name>`. */
  out?: string;
  workers: number;
  output: OutputOptions;
  overrides?: ScenarioOverrides;
  shard?: Shard;
  force?: boolean;
}

export interface CompileEvents {
  onStart?(info: { outDir: string; partitions: number; pending: number; estimatedRows: number }): void;
  onRows?(rows: number): void;
  onPartitionDone?(key: string): void;
}

export interface CompileResult {
  outDir: string;
  scenario: string;
  scenarioHash: string;
  partitions: { total: number; selected: number; compiled: number; resumed: number };
  /** True when every partition of the plan is present and summary.json was written. */
  complete: boolean;
  /** Rows and bytes per table written by this run's partitions and the ones it found done. */
  tables: Record<string, { rows: number; bytes: number }>;
  rows: number;
  bytes: number;
  wallMs: number;
  /** Peak resident memory of this process and of the largest worker. */
  peakRssBytes: { main: number; worker: number };
  summary?: Summary;
}

export async function compile(options: CompileOptions, events: CompileEvents = {}): Promise<CompileResult> {
  const began = performance.now();
  // Workers load their modules while this process loads and plans; they need nothing from it before a job.
  const pool = WorkerPool.create(options.workers);
  // This process holds the plan as long as the workers run; the same cap on its old generation.
  setFlagsFromString(HEAP_GROWING_FLAG);
  setFlagsFromString(FIXED_YOUNG_GENERATION_FLAG);
  try {
    const { compileWith } = await import('./compile-run.js');
    return await compileWith(pool, began, options, events);
  } finally {
    pool.close();
  }
}
