/**
 * Compiles a scenario into a dataset directory: plan, run the missing partitions in worker
 * processes, write the ground truth, and once every partition is present, summary.json.
 */
import { setFlagsFromString } from 'node:v8';
import { FIXED_YOUNG_GENERATION_FLAG, HEAP_GROWING_FLAG } from './pool.js';
import type { CompileEvents, CompileOptions, CompileResult } from './types.js';

export type { CompileEvents, CompileOptions, CompileResult } from './types.js';

export async function compile(options: CompileOptions, events: CompileEvents = {}): Promise<CompileResult> {
  const began = performance.now();
  // This process holds the plan as long as the workers run; the same cap on its old generation.
  setFlagsFromString(HEAP_GROWING_FLAG);
  setFlagsFromString(FIXED_YOUNG_GENERATION_FLAG);
  const { compileWith } = await import('./compile-run.js');
  return compileWith(began, options, events);
}
