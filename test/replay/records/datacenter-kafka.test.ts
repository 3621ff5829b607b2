/**
 * `teleforge replay kafka` of a datacenter dataset through the Kafka double with the real kafkajs
 * client: one message per entity and tick (entities × ticks), keyed by the entity, every metric of
 * the entity a field with the dataset's value in the seed's units, each key in one partition in
 * time order (one worker: concurrent workers hand batches over in completion order, docs/replay.md);
 * `--shape rows` keeps one message per sample; `--verify` counts entity-tick records on both sides
 * and still reports a loss (acks=0 to a broker that drops a batch).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ERROR, KafkaDouble } from '../../doubles/kafka/broker.js';
import { replay } from '../../../src/replay/engine.js';
import { compileDataset, openDataset, runCliAsync, tempDir } from '../../helpers.js';

const dataset = tempDir('teleforge-dc-kafka-');
const broker = new KafkaDouble();
let samples = 0;
/** Entities × ticks, from the dataset. */
let entityTicks = 0;
before(async () => {
  const result = compileDataset('datacenter', dataset, ['--preset', 'dev', '--duration', '3m']);
  samples = (result.tables as Record<string, { rows: number }>).samples!.rows;
  const db = await openDataset(dataset);
  const [row] = await db.query(`SELECT (SELECT count(DISTINCT coalesce(server, service || path)) FROM series) * (SELECT count(DISTINCT ts) FROM samples) AS n`);
  entityTicks = Number(row!.n);
  db.close();
  await broker.start();
});
after(() => broker.stop());

interface Tick {
  ts: string;
  entity_type: 'server' | 'service';
  entity: string;
  cpu_usage: number | null;
  network_rx: number | null;
  response_time_p99: number | null;
  request_rate: number | null;
}

test('kafka, datacenter: one message per entity and tick, keyed by entity, every metric a field, per-partition time order', async () => {
  const result = await runCliAsync(['replay', 'kafka', dataset, '--url', `kafka://${broker.bootstrap}/dc`, '--workers', '1', '--partitions', '3', '--batch-size', '100', '--annotate', 'false', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const db = await openDataset(dataset);
  const entities = (await db.query(`SELECT DISTINCT coalesce(server, service || path) AS entity FROM series`)).map((row) => String(row.entity)).sort();
  const [{ ticks }] = (await db.query(`SELECT count(DISTINCT ts) AS ticks FROM samples`)) as [{ ticks: bigint }];
  const partitions = broker.records('dc');
  assert.equal(partitions.length, 3);
  const messages = partitions.flat();
  assert.equal(messages.length, entities.length * Number(ticks));
  assert.equal(JSON.parse(result.stdout).records, messages.length);
  assert.ok(messages.length < samples, `${messages.length} messages for ${samples} samples`);
  const where = new Map<string, number>();
  const byKey = new Map<string, Tick[]>();
  partitions.forEach((log, p) => {
    const last = new Map<string, string>();
    for (const record of log) {
      const key = record.key!.toString();
      const tick = JSON.parse(record.value!.toString()) as Tick;
      assert.equal(tick.entity, key);
      assert.equal(where.get(key) ?? p, p, `key ${key} in two partitions`);
      where.set(key, p);
      assert.ok((last.get(key) ?? '') < tick.ts, `${key}: ${tick.ts} after ${last.get(key)}`);
      last.set(key, tick.ts);
      byKey.set(key, [...(byKey.get(key) ?? []), tick]);
      if (tick.entity_type === 'server') assert.ok(tick.cpu_usage !== null && tick.response_time_p99 === null, key);
      else assert.ok(tick.request_rate !== null && tick.cpu_usage === null, key);
    }
  });
  assert.deepEqual([...byKey.keys()].sort(), entities);
  // Values are the dataset's, in the seed's units: network MB/s from bytes/s, response times ms from s.
  const server = entities.find((entity) => byKey.get(entity)![0]!.entity_type === 'server')!;
  const rx = await db.query(`SELECT value FROM samples JOIN series USING (series_id) WHERE server = '${server}' AND series.metric = 'datacenter_server_network_receive_bytes_per_second' ORDER BY ts`);
  assert.deepEqual(byKey.get(server)!.map((tick) => tick.network_rx), rx.map((row) => Number(row.value) * 1e-6));
  const service = entities.find((entity) => byKey.get(entity)![0]!.entity_type === 'service')!;
  const p99 = await db.query(`SELECT value FROM samples JOIN series USING (series_id) WHERE service || path = '${service}' AND quantile = '0.99' ORDER BY ts`);
  assert.deepEqual(byKey.get(service)!.map((tick) => tick.response_time_p99), p99.map((row) => Number(row.value) * 1e3));
  db.close();
});

test('kafka, datacenter, --shape rows: one message per sample, keyed by series_id', async () => {
  const result = await runCliAsync(['replay', 'kafka', dataset, '--url', `kafka://${broker.bootstrap}/dc-rows`, '--shape', 'rows', '--annotate', 'false', '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  const messages = broker.records('dc-rows').flat();
  assert.equal(messages.length, samples);
  // series_id is a 64-bit integer: compared as text (JSON.parse would round it).
  for (const message of messages.slice(0, 50)) assert.match(message.value!.toString(), new RegExp(`"series_id":${message.key!.toString()}[,}]`));
});

test('kafka, datacenter, --verify: the records sent (entities × ticks) against the offsets, not the dataset\'s samples', async () => {
  const result = await runCliAsync(['replay', 'kafka', dataset, '--url', `kafka://${broker.bootstrap}/dc-verify`, '--shape', 'entity-tick', '--verify', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const { records, verify } = JSON.parse(result.stdout) as { records: number; verify: { ok: boolean; expected: { records: number }; summary: { records?: number }; backend: { records: number } } };
  assert.ok(entityTicks < samples);
  assert.deepEqual([records, verify.expected.records, verify.backend.records, broker.records('dc-verify').flat().length], [entityTicks, entityTicks, entityTicks, entityTicks]);
  assert.equal(verify.ok, true);
  // summary.json counts samples: it has nothing to say about entity-tick records.
  assert.equal(verify.summary.records, undefined);
});

test('kafka, datacenter, --verify: a batch the broker drops (acks=0) is a mismatch; the progress total is the records', async () => {
  broker.failNext(1, ERROR.NOT_LEADER_OR_FOLLOWER);
  let total = 0;
  const result = await replay(
    { target: 'kafka', dataset, url: `kafka://${broker.bootstrap}/dc-lossy`, headers: {}, mode: 'steady', burstWindowMs: 1000, speed: 1, shiftToNow: false, gzip: false, resume: false, verify: true, maxRetries: 3, workers: 1, batchSize: 100, targetOptions: { acks: '0', annotate: 'false' } },
    { onStart: (info) => (total = info.records) },
  );
  const stored = broker.records('dc-lossy').flat().length;
  assert.equal(total, entityTicks);
  assert.equal(result.records, entityTicks);
  assert.ok(stored > 0 && stored < entityTicks, `${stored} of ${entityTicks} stored`);
  assert.deepEqual(result.verify, { ok: false, expected: { records: entityTicks }, summary: {}, backend: { records: stored }, short: [] });
});

test('--shape entity-tick on a table that declares none: one line, exit 2', async () => {
  const logs = tempDir();
  const { writeLogsDataset } = await import('../logs-fixture.js');
  await writeLogsDataset(logs, { days: 1, parts: 1, rowsPerPart: 10 });
  const result = await runCliAsync(['replay', 'stdout', logs, '--shape', 'entity-tick', '--shift-to-now']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^teleforge: --shape entity-tick: table logs declares no entity-tick records/);
  assert.equal(result.stdout, '');
});
