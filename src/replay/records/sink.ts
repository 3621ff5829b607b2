/**
 * Where the producer targets put records: one interface for kafka, http, file and stdout, used by
 * `teleforge produce` (records/batch-sender.ts) and by `teleforge replay` (records/target.ts).
 * A sink makes one attempt per call; the replay's one retry loop (send/transport.ts) retries.
 */
import type { Attempt } from '../send/types.js';
import type { Stamp } from './annotate.js';
import type { RecordBatch } from './batch.js';

export interface RecordSink {
  /** The destination, safe to print. */
  where: string;
  /**
   * Annotations go into the JSON records (file, http, stdout), not beside them (Kafka headers): a
   * producer may then write them in as it renders its records (`RecordBatch.stamp`).
   */
  annotatesInJson?: boolean;
  /** One attempt at delivering a batch (annotated with `stamp` when given). */
  attempt(batch: RecordBatch, stamp: Stamp | undefined): Promise<Attempt>;
  close(): Promise<void>;
  /** Records the target holds that this run wrote, read back from it (kafka: offsets); absent when it cannot say. */
  verify?(): Promise<number>;
}
