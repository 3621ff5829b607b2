/** What compile() takes and returns: shared by compile.ts (the light entry) and compile-run.ts (the work). */
import type { ScenarioOverrides } from '../scenario/types.js';
import type { Shard } from '../plan/shard.js';
import type { OutputOptions } from '../sink/index.js';
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
  /** Before the first partition: `workers` is `options.workers` capped at the partitions to compile. */
  onStart?(info: { outDir: string; partitions: number; pending: number; estimatedRows: number; workers: number }): void;
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
