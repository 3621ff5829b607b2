/**
 * The replay side of the producer targets (kafka, http, file, stdout): a dataset's rows become
 * one JSON object each (every column; the time column as RFC 3339), framed with the row's entity
 * key (series_id, trace_id, server, …: Kafka partitions by it, so an entity's rows keep their
 * order), then sampled, annotated per producer and delivered through the target's RecordSink.
 * Producers are the replay's --workers; each holds a gap-free sequence.
 */
import { TeleforgeError } from '../../errors.js';
import { jsonObjectSql, tableColumns } from '../json-row.js';
import { column } from '../sql.js';
import type { Counts, ReplayTable, ReplayTarget, SenderContext, TargetOption, TargetSender } from '../types.js';
import type { KafkaAcks } from '../kafka/url.js';
import { ProducerSlots, type Framing } from './annotate.js';
import { sampleBatch, splitFramed } from './batch.js';
import { openSink, type TargetKind } from './open.js';
import { recordOptions, wholeOption } from './options.js';
import type { RecordSink } from './sink.js';

/** Columns that name a row's entity, in order of preference. */
const ENTITY_COLUMNS = ['series_id', 'trace_id', 'server', 'host', 'instance', 'pod', 'service'];

export function entityColumn(table: ReplayTable, names: string[]): string | undefined {
  return ENTITY_COLUMNS.find((name) => names.includes(name)) ?? table.spec.keyColumns.find((name) => names.includes(name));
}

export function createRecordTarget(kind: TargetKind, description: string, options: TargetOption[]): ReplayTarget {
  let sink: Promise<RecordSink> | undefined;
  let closed: Promise<void> | undefined;
  return {
    name: kind,
    description,
    roles: ['samples', 'logs', 'spans'],
    defaultWorkers: 2,
    defaultBatchSize: 5_000,
    options,
    async createEncoder(table, _tables, context) {
      const names = await tableColumns(table, context.sql, kind);
      const json = jsonObjectSql(names, table.spec.timeColumn, context.timeTextSql);
      // Only Kafka partitions by key; the others' bodies are plain JSON lines (what --dump writes).
      const key = kind === 'kafka' ? entityColumn(table, names) : undefined;
      return {
        kind: 'lines',
        line: key ? `concat(coalesce(${column(key)}::VARCHAR, ''), chr(31), ${json})` : json,
        request: (body, rows) => ({ path: '', headers: {}, body, records: rows }),
      };
    },
    expectedCounts: () => ['count(*) AS records'],
    summaryCounts: (selected) => ({ records: selected.reduce((sum, table) => sum + table.summaryRows, 0) }),
    retentionMs: async () => null,
    createSender(context: SenderContext): TargetSender {
      const records = recordOptions(context.targetOptions);
      const slots = new ProducerSlots(records.producerPrefix, context.workers);
      sink = openSink(context.url, {
        producers: context.workers,
        maxRetries: context.maxRetries,
        timeoutMs: context.timeoutMs,
        metrics: context.metrics,
        stopped: context.stopped,
        partitionByProducer: false,
        kafka: { acks: (context.targetOptions.acks ?? 'all') as KafkaAcks, partitions: wholeOption(context.targetOptions, 'partitions', 1, context.workers) },
        http: { headers: context.headers, format: (context.targetOptions.format ?? 'ndjson') as Framing, gzip: context.gzip },
        file: { rotateSizeMb: Number(context.targetOptions['rotate-size-mb'] ?? 50), auditEvery: wholeOption(context.targetOptions, 'audit-every', 0, 1000) },
      });
      // An opening failure surfaces at the first send; unhandled until then.
      sink.catch(() => undefined);
      return {
        async send(request) {
          const opened = await sink!;
          const batch = sampleBatch(splitFramed(request.body, kind === 'kafka'), records.sample);
          const slot = await slots.acquire();
          let delivered = 0;
          try {
            const retries = await opened.write(batch, records.annotate ? slots.stamp(slot, Date.now()) : undefined);
            delivered = batch.count;
            return retries;
          } finally {
            slots.release(slot, delivered);
          }
        },
        rejected: () => ({}),
        close() {
          closed = sink?.then((opened) => opened.close()).catch(() => undefined);
        },
      };
    },
    ...(kind === 'kafka'
      ? {
          async verify(): Promise<Counts> {
            const opened = await sink;
            await closed;
            if (!opened?.verify) throw new TeleforgeError('BAD_ARGUMENT', '--verify: nothing was sent');
            return { records: await opened.verify() };
          },
        }
      : {}),
  };
}
