/**
 * Compiles a scenario into a dataset directory: plan, run the missing partitions in worker
 * processes, write the ground truth, and once every partition is present, summary.json.
 * This module stays light: the workers are forked before the planning code is even loaded, so
 * their start-up overlaps this process's.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { FIXED_YOUNG_GENERATION_FLAG, HEAP_GROWING_FLAG, WorkerPool } from './pool.js';
import type { CompileEvents, CompileOptions, CompileResult } from './types.js';

export type { CompileEvents, CompileOptions, CompileResult } from './types.js';

export async function compile(options: CompileOptions, events: CompileEvents = {}): Promise<CompileResult> {
  const began = performance.now();
  // Workers load their modules while this process loads and plans; they need nothing from it before a job.
  // One per core at first: the plan may have fewer partitions than --workers asks for.
  const pool = WorkerPool.create(Math.min(options.workers, availableParallelism()));
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
