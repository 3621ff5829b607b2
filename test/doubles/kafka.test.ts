/**
 * The Kafka double against the real kafkajs client: what it stores is what was produced, keyed
 * records stay in order per partition, the idempotent producer's sequences are enforced, a batch
 * whose bytes were altered on the wire fails its CRC-32C check, and offsets are read back.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { crc32c } from './kafka/crc32c.js';
import { API, KafkaDouble } from './kafka/broker.js';

const broker = new KafkaDouble();
before(() => broker.start());
after(() => broker.stop());

const client = (brokers = [broker.bootstrap]) => new Kafka({ clientId: 'double-test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 10 } });

test('crc32c: the check value of the Castagnoli polynomial', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test('kafkajs: create a topic, produce keyed records with headers (idempotent, acks=all), read back offsets', async () => {
  const kafka = client();
  const admin = kafka.admin();
  await admin.connect();
  assert.equal(await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] }), true);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 5}`, value: JSON.stringify({ i }), headers: { sequence: String(i) } }));
  for (let i = 0; i < messages.length; i += 20) await producer.send({ topic: 'orders', acks: -1, messages: messages.slice(i, i + 20) });
  await producer.disconnect();
  const stored = broker.records('orders');
  assert.equal(stored.length, 3);
  assert.equal(stored.flat().length, 60);
  for (const log of stored) {
    log.forEach((record, offset) => assert.equal(record.offset, offset));
    // Records of one key are in one partition, in the order they were sent.
    const byKey = new Map<string, number[]>();
    for (const record of log) byKey.set(record.key!.toString(), [...(byKey.get(record.key!.toString()) ?? []), Number(record.headers.sequence)]);
    for (const sequences of byKey.values()) assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b));
  }
  const keys = stored.map((log) => new Set(log.map((record) => record.key!.toString())));
  for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) for (const key of keys[i]!) assert.ok(!keys[j]!.has(key), `key ${key} in two partitions`);
  const offsets = await admin.fetchTopicOffsets('orders');
  assert.deepEqual(offsets.map((o) => Number(o.offset)).sort(), stored.map((log) => log.length).sort());
  await admin.disconnect();
  assert.ok(broker.requests.some((r) => r.api === API.Produce && r.acks === -1));
  assert.ok(broker.requests.some((r) => r.api === API.InitProducerId));
  assert.deepEqual(broker.violations, []);
});

test('a batch altered on the wire fails its CRC-32C check; the client retries and the record is stored once', async () => {
  let flipped = false;
  // A proxy that flips the last byte of the first Produce request (inside the record batch).
  const proxy = net.createServer((inbound) => {
    const outbound = net.connect(broker.port, '127.0.0.1');
    let pending: Buffer = Buffer.alloc(0);
    inbound.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = Buffer.from(pending.subarray(0, 4 + pending.readInt32BE(0)));
        pending = pending.subarray(frame.length);
        if (!flipped && frame.readInt16BE(4) === API.Produce) {
          frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
          flipped = true;
        }
        outbound.write(frame);
      }
    });
    outbound.pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  broker.advertisedPort = (proxy.address() as AddressInfo).port;
  const kafka = client([`127.0.0.1:${broker.advertisedPort}`]);
  broker.createTopic('crc', 1);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    await producer.connect();
    await producer.send({ topic: 'crc', acks: -1, messages: [{ key: 'a', value: 'payload' }] });
  } finally {
    await producer.disconnect();
    proxy.close();
    broker.advertisedPort = undefined;
  }
  assert.ok(flipped);
  assert.match(broker.violations.join('\n'), /CRC-32C mismatch/);
  assert.deepEqual(broker.records('crc')[0]!.map((r) => r.value!.toString()), ['payload']);
  broker.violations.length = 0;
});

test('a retriable error (NOT_LEADER_OR_FOLLOWER) is retried by the client; nothing is stored twice', async () => {
  broker.createTopic('flaky', 2);
  broker.failNext(2, 6);
  const producer = client().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: 'flaky', acks: -1, messages: [{ key: 'x', value: '1' }, { key: 'x', value: '2' }] });
  await producer.disconnect();
  assert.deepEqual(broker.records('flaky').flat().map((r) => r.value!.toString()), ['1', '2']);
  assert.deepEqual(broker.violations, []);
});

test('an API the double does not speak closes the connection and is recorded', async () => {
  const socket = net.connect(broker.port, '127.0.0.1');
  const frame = Buffer.alloc(4 + 10);
  frame.writeInt32BE(10);
  frame.writeInt16BE(1, 4); // Fetch
  frame.writeInt16BE(11, 6);
  frame.writeInt32BE(7, 8);
  frame.writeInt16BE(-1, 12);
  socket.write(frame);
  await new Promise((resolve) => socket.on('close', resolve));
  assert.match(broker.violations.join('\n'), /api 1 v11 is not supported/);
  broker.violations.length = 0;
});
