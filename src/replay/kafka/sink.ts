/**
 * The `kafka` target through kafkajs (see docs/replay.md for why kafkajs): one producer per run,
 * acks=all and idempotent by default (the broker drops a retried batch it already holds), one
 * request in flight per broker so a partition keeps the order records were handed over. Retries
 * happen inside kafkajs, with the replay's backoff (100 ms doubling, capped at 10 s, jittered):
 * only the client's own retry resends a batch with its sequence numbers, so an attempt that
 * failed after kafkajs' retries is final (a second send would be a new batch to the broker). Records are keyed by
 * their entity (series, trace, server) or, for synthetic payloads, sent to partition
 * producer mod partitions; annotations travel as record headers. The topic is created with
 * `partitions` partitions (default: the number of producers) when missing. Verification reads the
 * partitions' latest offsets (ListOffsets) before and after the run.
 */
import { CompressionTypes, Kafka, Partitioners, logLevel, type Admin, type Message, type Producer } from 'kafkajs';
import { TeleforgeError, EXIT_FAILURE } from '../../errors.js';
import { stampHeaders } from '../records/annotate.js';
import { recordStart } from '../records/batch.js';
import type { RecordSink } from '../records/sink.js';
import { acksValue, parseKafkaUrl, type KafkaAcks } from './url.js';

export interface KafkaSinkOptions {
  url: string;
  acks: KafkaAcks;
  /** Partitions of the topic when it has to be created. */
  partitions: number;
  maxRetries: number;
  timeoutMs: number;
  /** Synthetic payloads: the producer index picks the partition (no key). */
  partitionByProducer: boolean;
  /** gzip record batches (--gzip; codec 1 of message format v2). */
  gzip: boolean;
  onWarning?(message: string): void;
}

function kafkaFailure(what: string, error: unknown): TeleforgeError {
  return new TeleforgeError('REPLAY_FAILED', `kafka: ${what}: ${(error as Error).message}`, EXIT_FAILURE);
}

/** kafkajs names its errors (KafkaJSNumberOfRetriesExceeded, KafkaJSConnectionError, …): the metric's reason. */
function reason(error: unknown): string {
  return `kafka_${((error as Error).name ?? 'error').replace(/^KafkaJS/, '').toLowerCase()}`;
}

async function latestOffsets(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
}

export async function createKafkaSink(options: KafkaSinkOptions): Promise<RecordSink> {
  const { brokers, topic } = parseKafkaUrl(options.url);
  const kafka = new Kafka({
    clientId: 'teleforge',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: options.timeoutMs,
    requestTimeout: options.timeoutMs,
    retry: { retries: options.maxRetries, initialRetryTime: 100, maxRetryTime: 10_000, multiplier: 2, factor: 0.5 },
  });
  const acks = acksValue(options.acks);
  const admin = kafka.admin();
  let producer: Producer | undefined;
  let partitions: number;
  let start: Map<number, number>;
  try {
    await admin.connect();
    const existing = (await admin.listTopics()).includes(topic);
    if (!existing) await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions }], waitForLeaders: true });
    start = await latestOffsets(admin, topic);
    partitions = start.size;
    if (existing && partitions !== options.partitions) options.onWarning?.(`kafka: topic ${topic} has ${partitions} partitions, not ${options.partitions} (one per producer); keys still keep their order`);
    producer = kafka.producer({ idempotent: acks === -1, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    throw kafkaFailure(`cannot open topic ${topic} on ${brokers.join(',')}`, error);
  }
  const ready = producer;
  return {
    where: `kafka://${brokers.join(',')}/${topic}`,
    async attempt(batch, stamp) {
      const messages: Message[] = new Array(batch.count);
      const data = Buffer.from(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength);
      const partition = options.partitionByProducer && stamp ? stamp.producer % partitions : undefined;
      for (let i = 0; i < batch.count; i++) {
        messages[i] = {
          key: batch.keys?.[i] ?? null,
          value: data.subarray(recordStart(batch, i), batch.ends[i]),
          ...(partition === undefined ? {} : { partition }),
          ...(stamp ? { headers: stampHeaders(stamp, i, batch.weights?.[i]) } : batch.weights ? { headers: { weight: String(batch.weights[i]) } } : {}),
        };
      }
      try {
        await ready.send({ topic, acks, timeout: options.timeoutMs, messages, compression: options.gzip ? CompressionTypes.GZIP : CompressionTypes.None });
      } catch (error) {
        return { ok: false, retryable: false, reason: reason(error), message: `kafka: gave up on a batch of ${batch.count} records for ${topic}: ${(error as Error).message}` };
      }
      return { ok: true };
    },
    // Reads offsets on a connection of its own: a replay verifies after closing its sender.
    async verify() {
      const reader = kafka.admin();
      await reader.connect();
      try {
        const end = await latestOffsets(reader, topic);
        let count = 0;
        for (const [partition, offset] of end) count += offset - (start.get(partition) ?? 0);
        return count;
      } finally {
        await reader.disconnect();
      }
    },
    async close() {
      await ready.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
