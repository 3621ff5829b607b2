/**
 * The replay side of the producer targets (kafka, http, file, stdout): a dataset's rows become
 * one JSON object each (every column; the time column as RFC 3339), for Kafka framed with the
 * row's entity key (series_id, trace_id, server, …: Kafka partitions by it, so an entity's rows
 * keep their order), then sampled, annotated per producer and delivered through the target's
 * RecordSink as the transport of the replay's one retry loop. Producers are the replay's
 * --workers; each holds a gap-free sequence.
 */
import type { EntityTickRecords } from '../../contract/table.js';
import { badArgument, TeleforgeError } from '../../errors.js';
import { jsonObjectSql, tableColumns } from '../encode/json-row.js';
import { column, sourceSql } from '../read/sql.js';
import type { ReplayTable, RowSelection } from '../read/types.js';
import { DEFAULT_RETRY } from '../send/retry.js';
import type { Attempt, EncodedRequest, Transport } from '../send/types.js';
import type { Counts, ReplayTarget, TargetCheck, TargetOptionValues, TransportContext } from '../types.js';
import type { KafkaAcks } from '../kafka/url.js';
import { ProducerSlots, type Framing, type Stamp } from './annotate.js';
import { sampleBatch, splitFramed, type RecordBatch } from './batch.js';
import { openSink, type TargetKind } from './open.js';
import { recordOptions, wholeOption } from './options.js';
import type { RecordSink } from './sink.js';

/** Columns that name a row's entity, in order of preference. */
const ENTITY_COLUMNS = ['series_id', 'trace_id', 'server', 'host', 'instance', 'pod', 'service'];

export function entityColumn(table: ReplayTable, names: string[]): string | undefined {
  return ENTITY_COLUMNS.find((name) => names.includes(name)) ?? table.spec.keyColumns.find((name) => names.includes(name));
}

/** The table's entity-tick records when --shape asks for them (auto: where the table declares them). */
function entityTicks(table: ReplayTable, tables: ReplayTable[], shape: string): { spec: EntityTickRecords; sql: (selected: string) => string } | undefined {
  const spec = table.spec.entityTicks;
  if (shape === 'rows' || (!spec && shape === 'auto')) return undefined;
  if (!spec) throw badArgument(`--shape entity-tick: table ${table.spec.name} declares no entity-tick records (datacenter samples do)`);
  const uses = spec.uses.map((name) => {
    const used = tables.find((candidate) => candidate.spec.name === name);
    if (!used || used.files.length === 0) throw badArgument(`--shape entity-tick: the dataset has no ${name} table, which ${table.spec.name}'s records need`);
    return `${name} AS (SELECT * FROM ${sourceSql(used.files)})`;
  });
  return { spec, sql: (selected) => `WITH selected AS (${selected}), ${uses.join(', ')} ${spec.sql}` };
}

/**
 * Records sent for a table's selected rows: its entity-tick records when shaped so, else one per
 * row; what --verify expects and the progress total. Counted over the whole selection, which is
 * the count per read unit as sent: an entity's metrics of a day lie in one unit.
 */
function recordsSql(table: ReplayTable, selection: RowSelection, options: TargetOptionValues): string {
  const ticks = entityTicks(table, selection.all, options.shape ?? 'auto');
  return ticks ? `(SELECT count(*) FROM (${ticks.sql(`SELECT r.* FROM ${selection.source} ${selection.where}`)}))` : 'count(*)';
}

/** A delivery in progress: a retry of the same request keeps its producer, stamp and batch. */
interface InFlight {
  slot: number;
  stamp: Stamp | undefined;
  batch: RecordBatch;
}

function recordTransport(kind: TargetKind, sink: Promise<RecordSink>, context: TransportContext): Omit<Transport, 'close'> {
  const records = recordOptions(context.targetOptions);
  const slots = new ProducerSlots(records.producerPrefix, context.workers);
  const inFlight = new WeakMap<EncodedRequest, InFlight>();
  return {
    where: context.url,
    async attempt(request): Promise<Attempt> {
      const opened = await sink;
      let delivery = inFlight.get(request);
      if (!delivery) {
        const batch = sampleBatch(splitFramed(request.body, kind === 'kafka'), records.sample);
        const slot = await slots.acquire();
        delivery = { slot, batch, stamp: records.annotate ? slots.stamp(slot, Date.now()) : undefined };
        inFlight.set(request, delivery);
      }
      let outcome: Attempt = { ok: false, retryable: false, message: `${opened.where}: not delivered` };
      try {
        outcome = await opened.attempt(delivery.batch, delivery.stamp);
        return outcome;
      } finally {
        // Retryable: the producer keeps the batch (and its sequence numbers) for the next attempt.
        if (outcome.ok || !outcome.retryable) slots.release(delivery.slot, outcome.ok ? delivery.batch.count : 0);
      }
    },
  };
}

export function createRecordTarget(kind: TargetKind, description: string): ReplayTarget {
  let sink: Promise<RecordSink> | undefined;
  let closed: Promise<void> | undefined;
  const check: TargetCheck = {
    expectedCounts: (table, selection, options) => [`${recordsSql(table, selection, options)} AS records`],
    // summary.json counts rows: it says nothing of entity-tick records.
    summaryCounts(selected, all, options): Counts {
      if (selected.some((table) => entityTicks(table, all, options.shape ?? 'auto'))) return {};
      return { records: selected.reduce((sum, table) => sum + table.summaryRows, 0) };
    },
    async verify(): Promise<Counts> {
      const opened = await sink;
      await closed;
      if (!opened?.verify) throw new TeleforgeError('BAD_ARGUMENT', '--verify: nothing was sent');
      return { records: await opened.verify() };
    },
  };
  return {
    name: kind,
    description,
    roles: ['samples', 'logs', 'spans'],
    defaults: { batchSize: 5_000 },
    ...(kind === 'kafka' ? { check } : {}),
    recordsSql,
    async createEncoder(table, tables, context) {
      const ticks = entityTicks(table, tables, context.targetOptions.shape ?? 'auto');
      if (ticks) {
        const json = jsonObjectSql(ticks.spec.columns, table.spec.timeColumn, context.timeTextSql);
        return {
          kind: 'lines',
          line: kind === 'kafka' ? `concat(coalesce(${column(ticks.spec.key)}::VARCHAR, ''), chr(31), ${json})` : json,
          source: { sql: ticks.sql, orderKey: ticks.spec.key },
          request: (body, rows) => ({ path: '', headers: {}, body, records: rows }),
        };
      }
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
    createTransport(context) {
      const { targetOptions } = context;
      sink = openSink(context.url, {
        producers: context.workers,
        maxRetries: DEFAULT_RETRY.maxRetries,
        timeoutMs: context.timeoutMs,
        partitionByProducer: false,
        kafka: { acks: (targetOptions.acks ?? 'all') as KafkaAcks, partitions: wholeOption(targetOptions, 'partitions', 1, context.workers) },
        http: { headers: context.headers, format: (targetOptions.format ?? 'ndjson') as Framing, gzip: context.gzip },
        file: { rotateSizeMb: Number(targetOptions['rotate-size-mb'] ?? 50), auditEvery: wholeOption(targetOptions, 'audit-every', 0, 1000) },
      });
      // An opening failure surfaces at the first attempt; unhandled until then.
      sink.catch(() => undefined);
      const transport = recordTransport(kind, sink, context);
      return {
        ...transport,
        close() {
          closed = sink?.then((opened) => opened.close()).catch(() => undefined);
        },
      };
    },
  };
}
