/**
 * Record batches through the replay's one retry loop (send/transport.ts): the loop moves
 * EncodedRequests, so each batch travels as a request whose body is the batch's bytes, and the
 * transport finds the batch and its stamp again by the request (a retry keeps both).
 */
import type { ReplayMetrics } from '../send/metrics.js';
import { DEFAULT_RETRY } from '../send/retry.js';
import { createSender } from '../send/transport.js';
import type { EncodedRequest, Sender } from '../send/types.js';
import type { Stamp } from './annotate.js';
import type { RecordBatch } from './batch.js';
import type { RecordSink } from './sink.js';

export interface BatchSender {
  /** Resolves once the target has the batch; returns the retries it took. */
  send(batch: RecordBatch, stamp: Stamp | undefined): Promise<number>;
  close(): void;
  /** The sink writes annotations into the JSON records (RecordSink.annotatesInJson). */
  annotatesInJson: boolean;
}

export interface BatchSenderOptions {
  maxRetries: number;
  metrics: ReplayMetrics;
  stopped: () => boolean;
  random: () => number;
}

export function createBatchSender(sink: RecordSink, options: BatchSenderOptions): BatchSender {
  const pending = new WeakMap<EncodedRequest, { batch: RecordBatch; stamp: Stamp | undefined }>();
  const sender: Sender = createSender(
    {
      where: sink.where,
      attempt: (request) => {
        const { batch, stamp } = pending.get(request)!;
        return sink.attempt(batch, stamp);
      },
      close: () => undefined,
    },
    { policy: { ...DEFAULT_RETRY, maxRetries: options.maxRetries }, metrics: options.metrics, stopped: options.stopped, random: options.random },
  );
  return {
    send(batch, stamp) {
      const request: EncodedRequest = { path: '', headers: {}, body: batch.data, records: batch.count };
      pending.set(request, { batch, stamp });
      return sender.send(request, '');
    },
    close: () => sender.close(),
    annotatesInJson: sink.annotatesInJson === true,
  };
}
