/**
 * Where the producer targets put records: one interface for kafka, http, file and stdout, used by
 * `teleforge produce` directly and by `teleforge replay` through records/sender.ts.
 */
import type { RecordBatch } from './batch.js';
import type { Stamp } from './annotate.js';

export interface RecordSink {
  /** Delivers one batch (annotated with `stamp` when given); resolves when the target has it, with the retries it took. */
  write(batch: RecordBatch, stamp: Stamp | undefined): Promise<number>;
  close(): Promise<void>;
  /** Records the target holds that this run wrote, read back from it (kafka: offsets); absent when it cannot say. */
  verify?(): Promise<number>;
}
