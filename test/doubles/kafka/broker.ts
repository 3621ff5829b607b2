/**
 * A loopback CONTRACT DOUBLE of a one-node Kafka cluster (no Kafka broker can be installed on
 * these machines). It speaks the binary protocol of the Kafka protocol guide over TCP — size-
 * delimited frames, request header v1 (api_key, api_version, correlation_id, client_id), response
 * header v0, one request at a time per connection, answered in order — for the APIs a producer
 * uses, in their non-flexible versions:
 *   ApiVersions v0–2 (an unknown version is answered in v0 with UNSUPPORTED_VERSION, as brokers do),
 *   Metadata v0–6 (auto-creation when allowed), CreateTopics v0–3, InitProducerId v0–1,
 *   Produce v3–7 (message format v2 only: batches checked and decoded by record-batch.ts; the
 *   idempotent producer's sequence numbers enforced per partition; acks 0, 1 and -1),
 *   ListOffsets v1–3 (earliest -2, latest -1).
 * Any other API key or version closes the connection and is recorded as a violation. What a
 * broker does beyond that — replication, fetching, consumer groups, transactions — is not here.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { CorruptBatchError, decodeRecordBatches, type DecodedRecord } from './record-batch.js';
import { WireReader, WireWriter } from './wire.js';

export const API = { Produce: 0, ListOffsets: 2, Metadata: 3, ApiVersions: 18, CreateTopics: 19, InitProducerId: 22 } as const;
const VERSIONS: Record<number, [number, number]> = {
  [API.Produce]: [3, 7],
  [API.ListOffsets]: [1, 3],
  [API.Metadata]: [0, 6],
  [API.ApiVersions]: [0, 2],
  [API.CreateTopics]: [0, 3],
  [API.InitProducerId]: [0, 1],
};
export const ERROR = {
  NONE: 0,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REQUIRED_ACKS: 21,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
} as const;

export interface StoredRecord extends DecodedRecord {
  offset: number;
}

interface PartitionLog {
  records: StoredRecord[];
  /** Idempotent producer: next expected sequence and the base offset of the last batch, by producer id. */
  sequences: Map<bigint, { next: number; lastBase: number; lastSequence: number }>;
}

export interface KafkaDoubleOptions {
  /** Partitions of an auto-created topic (the broker's num.partitions). */
  defaultPartitions?: number;
  autoCreateTopics?: boolean;
}

export class KafkaDouble {
  readonly topics = new Map<string, PartitionLog[]>();
  readonly violations: string[] = [];
  /** Compression codecs of the batches stored (0 none, 1 gzip). */
  readonly codecs = new Set<number>();
  /** Every request seen: api key, version, and for Produce its acks. */
  readonly requests: { api: number; version: number; acks?: number }[] = [];
  private failures: number[] = [];
  private nextProducerId = 1000n;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  /** The port Metadata advertises (a test may put a proxy in front of the double). */
  advertisedPort: number | undefined;

  constructor(private readonly options: KafkaDoubleOptions = {}) {}

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The next `count` partition appends answer `error` (e.g. NOT_LEADER_OR_FOLLOWER, retriable) and store nothing. */
  failNext(count: number, error: number): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  createTopic(name: string, partitions: number): void {
    this.topics.set(name, Array.from({ length: partitions }, () => ({ records: [], sequences: new Map() })));
  }

  /** Records of a topic, partition by partition. */
  records(topic: string): StoredRecord[][] {
    return (this.topics.get(topic) ?? []).map((log) => log.records);
  }

  async start(port = 0): Promise<void> {
    this.server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (size < 0 || size > 100 << 20) return this.refuse(socket, `frame size ${size}`);
        if (pending.length < 4 + size) break;
        const frame = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        const response = this.handle(frame, socket);
        if (response === 'close') return;
        if (response) {
          const header = Buffer.alloc(4);
          header.writeInt32BE(response.length);
          socket.write(Buffer.concat([header, response]));
        }
      }
    });
  }

  private refuse(socket: net.Socket, why: string): void {
    this.violations.push(why);
    socket.destroy();
  }

  /** One request frame → its response frame (without the size), none (acks=0), or 'close'. */
  private handle(frame: Buffer, socket: net.Socket): Buffer | undefined | 'close' {
    const reader = new WireReader(frame);
    const api = reader.int16();
    const version = reader.int16();
    const correlationId = reader.int32();
    reader.nullableString(); // client_id
    this.requests.push({ api, version });
    const out = new WireWriter().int32(correlationId);
    const range = VERSIONS[api];
    if (api === API.ApiVersions && range && (version < range[0] || version > range[1])) {
      return out.int16(ERROR.UNSUPPORTED_VERSION).array(Object.entries(VERSIONS), (w, [key, [min, max]]) => w.int16(Number(key)).int16(min).int16(max)).toBuffer();
    }
    if (!range || version < range[0] || version > range[1]) {
      this.refuse(socket, `api ${api} v${version} is not supported by the double`);
      return 'close';
    }
    try {
      switch (api) {
        case API.ApiVersions:
          this.apiVersions(out, version);
          break;
        case API.Metadata:
          this.metadata(reader, out, version);
          break;
        case API.CreateTopics:
          this.createTopics(reader, out, version);
          break;
        case API.InitProducerId:
          reader.nullableString();
          reader.int32();
          out.int32(0).int16(ERROR.NONE).int64(this.nextProducerId++).int16(0);
          break;
        case API.Produce:
          if (!this.produce(reader, out, version)) return undefined;
          break;
        case API.ListOffsets:
          this.listOffsets(reader, out, version);
          break;
      }
    } catch (error) {
      this.refuse(socket, `api ${api} v${version}: malformed request (${(error as Error).message})`);
      return 'close';
    }
    if (reader.remaining !== 0) {
      this.refuse(socket, `api ${api} v${version}: ${reader.remaining} bytes after the request`);
      return 'close';
    }
    return out.toBuffer();
  }

  private apiVersions(out: WireWriter, version: number): void {
    out.int16(ERROR.NONE).array(Object.entries(VERSIONS), (w, [key, [min, max]]) => w.int16(Number(key)).int16(min).int16(max));
    if (version >= 1) out.int32(0);
  }

  private metadata(reader: WireReader, out: WireWriter, version: number): void {
    const names = reader.array((r) => r.string());
    const allowCreate = version >= 4 ? reader.boolean() : true;
    if (version >= 3) out.int32(0);
    out.array([0], (w) => {
      w.int32(0).nullableString('127.0.0.1').int32(this.advertisedPort ?? this.port);
      if (version >= 1) w.nullableString(null);
    });
    if (version >= 2) out.nullableString('teleforge-kafka-double');
    if (version >= 1) out.int32(0);
    // Version 0 has no null array: an empty list means every topic.
    const wanted = names === null || (version === 0 && names.length === 0) ? [...this.topics.keys()] : names;
    out.array(wanted, (w, name) => {
      let log = this.topics.get(name);
      let error: number = ERROR.NONE;
      if (!log && allowCreate && this.options.autoCreateTopics !== false) {
        this.createTopic(name, this.options.defaultPartitions ?? 1);
        log = this.topics.get(name);
      } else if (!log) error = ERROR.UNKNOWN_TOPIC_OR_PARTITION;
      w.int16(error).nullableString(name);
      if (version >= 1) w.boolean(false);
      w.array(log ?? [], (p, _log, index) => {
        p.int16(ERROR.NONE).int32(index).int32(0).array([0], (r, id) => r.int32(id)).array([0], (r, id) => r.int32(id));
        if (version >= 5) p.array([], () => undefined);
      });
    });
  }

  private createTopics(reader: WireReader, out: WireWriter, version: number): void {
    const topics = reader.array((r) => {
      const name = r.string();
      const partitions = r.int32();
      r.int16(); // replication_factor
      r.array((a) => [a.int32(), a.array((b) => b.int32())]);
      r.array((c) => [c.string(), c.nullableString()]);
      return { name, partitions };
    }) ?? [];
    reader.int32(); // timeout_ms
    const validateOnly = version >= 1 ? reader.boolean() : false;
    if (version >= 2) out.int32(0);
    out.array(topics, (w, { name, partitions }) => {
      let error: number = ERROR.NONE;
      let message: string | null = null;
      if (this.topics.has(name)) [error, message] = [ERROR.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`];
      else if (partitions < 1 && partitions !== -1) [error, message] = [ERROR.INVALID_PARTITIONS, `Number of partitions must be larger than 0.`];
      else if (!validateOnly) this.createTopic(name, partitions === -1 ? (this.options.defaultPartitions ?? 1) : partitions);
      w.nullableString(name).int16(error);
      if (version >= 1) w.nullableString(message);
    });
  }

  /** Appends each partition's batches; false when acks=0 (no response at all). */
  private produce(reader: WireReader, out: WireWriter, version: number): boolean {
    const transactionalId = reader.nullableString();
    const acks = reader.int16();
    this.requests[this.requests.length - 1]!.acks = acks;
    reader.int32(); // timeout_ms
    const topics = reader.array((r) => ({ name: r.string(), partitions: r.array((p) => ({ index: p.int32(), records: p.nullableBytes() })) ?? [] })) ?? [];
    if (transactionalId !== null) this.violations.push('produce: transactional producers are not supported by the double');
    out.array(topics, (w, topic) => {
      w.nullableString(topic.name).array(topic.partitions, (pw, partition) => {
        const error = acks !== 0 && acks !== 1 && acks !== -1 ? { code: ERROR.INVALID_REQUIRED_ACKS, baseOffset: -1 } : this.append(topic.name, partition.index, partition.records);
        pw.int32(partition.index).int16(error.code).int64(error.baseOffset).int64(-1);
        if (version >= 5) pw.int64(0);
      });
    });
    out.int32(0);
    return acks !== 0;
  }

  private append(topic: string, index: number, bytes: Buffer | null): { code: number; baseOffset: number } {
    const log = this.topics.get(topic)?.[index];
    if (!log) return { code: ERROR.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1 };
    const failure = this.failures.shift();
    if (failure !== undefined) return { code: failure, baseOffset: -1 };
    let batches;
    try {
      batches = decodeRecordBatches(bytes ?? Buffer.alloc(0));
    } catch (error) {
      if (!(error instanceof CorruptBatchError)) throw error;
      this.violations.push(`produce ${topic}/${index}: ${error.message}`);
      return { code: ERROR.CORRUPT_MESSAGE, baseOffset: -1 };
    }
    let first = -1;
    for (const batch of batches) {
      if (batch.producerId >= 0n) {
        const state = log.sequences.get(batch.producerId);
        const expected = state?.next ?? 0;
        // A retried batch the log already holds: acknowledged again with its first offset, stored once.
        if (state && batch.baseSequence === state.lastSequence) {
          first = first < 0 ? state.lastBase : first;
          continue;
        }
        if (batch.baseSequence !== expected) {
          this.violations.push(`produce ${topic}/${index}: producer ${batch.producerId} sent sequence ${batch.baseSequence}, expected ${expected}`);
          return { code: ERROR.OUT_OF_ORDER_SEQUENCE_NUMBER, baseOffset: -1 };
        }
        log.sequences.set(batch.producerId, { next: expected + batch.records.length, lastBase: log.records.length, lastSequence: batch.baseSequence });
      }
      const base = log.records.length;
      if (first < 0) first = base;
      this.codecs.add(batch.codec);
      for (const record of batch.records) log.records.push({ ...record, offset: base + record.offsetDelta });
    }
    return { code: ERROR.NONE, baseOffset: first };
  }

  private listOffsets(reader: WireReader, out: WireWriter, version: number): void {
    reader.int32(); // replica_id
    if (version >= 2) reader.int8(); // isolation_level
    const topics = reader.array((r) => ({ name: r.string(), partitions: r.array((p) => ({ index: p.int32(), timestamp: p.int64() })) ?? [] })) ?? [];
    if (version >= 2) out.int32(0);
    out.array(topics, (w, topic) => {
      w.nullableString(topic.name).array(topic.partitions, (pw, partition) => {
        const log = this.topics.get(topic.name)?.[partition.index];
        const offset = !log ? -1 : partition.timestamp === -2n ? 0 : log.records.length;
        pw.int32(partition.index).int16(log ? ERROR.NONE : ERROR.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(offset);
      });
    });
  }
}
