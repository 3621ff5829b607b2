/**
 * Opens the sink a producer target URL names: `kafka://host:9092/topic`, `http(s)://…`,
 * `file:///path/payloads.bin` or `stdout`. Each target's code loads only when used.
 */
import { badArgument } from '../../errors.js';
import type { Framing } from './annotate.js';
import type { RecordSink } from './sink.js';
import type { KafkaAcks } from '../kafka/url.js';

export interface SinkOptions {
  /** Concurrent producers: Kafka partitions of a new topic, HTTP connections. */
  producers: number;
  /** Kafka: kafkajs' own retries (the others retry in the replay's loop). */
  maxRetries: number;
  timeoutMs: number;
  /** Synthetic payloads go to partition producer mod partitions (dataset rows are keyed). */
  partitionByProducer: boolean;
  kafka: { acks: KafkaAcks; partitions?: number };
  /** `gzip` also compresses Kafka's record batches. */
  http: { headers: Record<string, string>; format: Framing; gzip: boolean };
  file: { rotateSizeMb: number; auditEvery: number };
  onWarning?(message: string): void;
}

export type TargetKind = 'kafka' | 'http' | 'file' | 'stdout';

export function targetKind(url: string): TargetKind {
  if (url === 'stdout' || url === 'stdout:' || url === '-') return 'stdout';
  if (/^kafka:\/\//.test(url)) return 'kafka';
  if (/^https?:\/\//.test(url)) return 'http';
  if (/^file:/.test(url)) return 'file';
  throw badArgument(`--target: '${url.replace(/\/\/[^/@]*@/, '//')}' is not kafka://host:port/topic, http(s)://…, file:///path or stdout`);
}

export async function openSink(url: string, options: SinkOptions): Promise<RecordSink> {
  switch (targetKind(url)) {
    case 'kafka':
      return (await import('../kafka/sink.js')).createKafkaSink({
        url,
        acks: options.kafka.acks,
        partitions: options.kafka.partitions ?? options.producers,
        maxRetries: options.maxRetries,
        timeoutMs: options.timeoutMs,
        partitionByProducer: options.partitionByProducer,
        gzip: options.http.gzip,
        onWarning: options.onWarning,
      });
    case 'http':
      return (await import('../http-post/sink.js')).createHttpSink({ url, connections: options.producers, timeoutMs: options.timeoutMs, ...options.http });
    case 'file':
      return (await import('../file/sink.js')).createFileSink(url, options.file);
    case 'stdout':
      return (await import('../stdout/sink.js')).createStdoutSink();
  }
}
