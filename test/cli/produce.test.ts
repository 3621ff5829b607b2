/**
 * `teleforge produce` end to end through the CLI: into the Kafka double with the real kafkajs
 * client (a consumer of the topic finds every producer's sequence gap-free and without duplicate,
 * --verify reads offsets back), into a loopback HTTP sink (gzip, JSON array, auth, a 503 retried),
 * into files killed mid-run (nothing lost), and --config validation.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { KafkaDouble } from '../doubles/kafka/broker.js';
import { CLI, runCli, runCliAsync, tempDir } from '../helpers.js';

interface Annotated {
  producer_id: string;
  sequence: number;
  timestamp: number;
}

/** Every producer's sequences are 0…n-1 exactly once. */
function assertGapFree(records: Annotated[], producers: number): void {
  const byProducer = new Map<string, number[]>();
  for (const r of records) byProducer.set(r.producer_id, [...(byProducer.get(r.producer_id) ?? []), r.sequence]);
  assert.equal(byProducer.size, producers);
  for (const [id, sequences] of byProducer) {
    const sorted = [...sequences].sort((a, b) => a - b);
    assert.deepEqual(sorted, sorted.map((_, i) => i), `${id}: gap or duplicate`);
  }
}

const broker = new KafkaDouble();
before(() => broker.start());
after(() => broker.stop());

test('kafka: 3 producers into a new 3-partition topic, acks=all; consuming the topic proves no gap and no duplicate; --verify reads offsets back', async () => {
  const result = await runCliAsync(['produce', '--target', `kafka://${broker.bootstrap}/ingest`, '--parallel', '3', '--records', '3000', '--payload-size', '256', '--batch-size', '100', '--verify', '--json', '--producer-id', 'gen']);
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { records: number; verify: { sent: number; target: number } };
  assert.deepEqual(summary.verify, { sent: 3000, target: 3000 });
  const partitions = broker.records('ingest');
  assert.equal(partitions.length, 3);
  const consumed = partitions.flat().map((r) => ({ producer_id: r.headers.producer_id!, sequence: Number(r.headers.sequence), timestamp: Number(r.headers.timestamp) }));
  assertGapFree(consumed, 3);
  // Each producer writes one partition, in sequence order.
  for (const log of partitions) {
    assert.equal(new Set(log.map((r) => r.headers.producer_id)).size, 1);
    assert.deepEqual(log.map((r) => Number(r.headers.sequence)), log.map((_, i) => i));
    for (const r of log) assert.equal(r.value!.length, 256);
  }
  assert.ok(broker.requests.filter((r) => r.acks !== undefined).every((r) => r.acks === -1));
  assert.deepEqual(broker.violations, []);
});

test('http: JSON array bodies, gzip, bearer auth; a 503 is retried and nothing is duplicated', async () => {
  const bodies: unknown[][] = [];
  let failures = 1;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      assert.equal(request.headers.authorization, 'Bearer s3cret');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['content-encoding'], 'gzip');
      if (failures-- > 0) return void response.writeHead(503, { 'Retry-After': '0' }).end('busy');
      bodies.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString()) as unknown[]);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
    const result = await runCliAsync(['produce', '--target', url, '--format', 'json-array', '--gzip', '--auth-bearer', 's3cret', '--records', '500', '--batch-size', '50', '--parallel', '2', '--payload-template', 'weighted-sample', '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(bodies.length, 10);
    assertGapFree(bodies.flat() as Annotated[], 2);
    assert.ok(!result.stderr.includes('s3cret') && !result.stdout.includes('s3cret'));
  } finally {
    server.close();
  }
});

test('file: killed mid-run with SIGKILL, then run again: every record written is whole, sequences of the killed run have no gap', async () => {
  const dir = tempDir();
  const target = `file://${join(dir, 'payloads.bin')}`;
  const child = spawn(process.execPath, [CLI, 'produce', '--target', target, '--payload-size', '1000', '--rate', '2MB/s', '--duration', '60s', '--rotate-size-mb', '0.2', '--audit-every', '100', '--parallel', '2', '--producer-id', 'killed', '--quiet']);
  // Killed once it has rotated at least twice (no sleeping on a clock: poll the directory).
  while (readdirSync(dir).filter((n) => /^payloads\.bin\.\d/.test(n)).length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  assert.ok(existsSync(join(dir, 'payloads.bin.inprogress')));
  const again = runCli(['produce', '--target', target, '--records', '10', '--producer-id', 'second', '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  const names = readdirSync(dir);
  assert.ok(!names.some((n) => n.endsWith('.inprogress')), names.join(' '));
  const records = names.filter((n) => n.startsWith('payloads.bin')).flatMap((n) => readFileSync(join(dir, n), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Annotated));
  assertGapFree(records.filter((r) => r.producer_id.startsWith('killed')), 2);
  assertGapFree(records.filter((r) => r.producer_id.startsWith('second')), 1);
  assert.ok(names.some((n) => /^payloads\.log\.\d/.test(n)) && readFileSync(join(dir, 'payloads.log'), 'utf8').length >= 0);
});

test('--config: options from YAML, flags win; an unknown or mistyped field is one line, exit 2, nothing written', () => {
  const dir = tempDir();
  const config = join(dir, 'run.yaml');
  writeFileSync(config, `target: file://${join(dir, 'out.bin')}\nrecords: 7\npayload-size: 100\naudit-every: 0\n`);
  const ok = runCli(['produce', '--config', config, '--records', '5', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).records, 5);
  assert.equal(readFileSync(join(dir, 'out.bin'), 'utf8').trim().split('\n').length, 5);
  for (const [yaml, message] of [
    ['target: stdout\nrecords: 5\npayload_size: 10\n', /--config .*run2\.yaml: unknown field 'payload_size'/],
    ['target: stdout\nrecords: five\n', /--config .*run2\.yaml: records: /],
    ['target: stdout\nrecords: 5\nacks: some\n', /--config .*run2\.yaml: acks: /],
  ] as const) {
    writeFileSync(join(dir, 'run2.yaml'), yaml);
    const bad = runCli(['produce', '--config', join(dir, 'run2.yaml')]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  }
  const wrongTarget = runCli(['produce', '--target', 'ftp://x/y', '--records', '1']);
  assert.equal(wrongTarget.code, 2);
  assert.match(wrongTarget.stderr, /^teleforge: --target: 'ftp:\/\/x\/y' is not kafka/);
  // Read as a URL it is /payloads.bin: refused, not written at the root.
  const relative = runCli(['produce', '--target', 'file:payloads.bin', '--records', '1']);
  assert.equal(relative.code, 2);
  assert.match(relative.stderr, /^teleforge: --target: 'file:payloads\.bin' is not an absolute file:\/\/ URL/);
  assert.equal(relative.stderr.trim().split('\n').length, 1);
});

test('stdout: a reader that stops early (| head) ends the run quietly with exit 0', async () => {
  const child = spawn(process.execPath, [CLI, 'produce', '--target', 'stdout', '--records', '1000000', '--payload-size', '1000']);
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.equal(stderr, '');
});

test('--log-format json: one JSON stats line per producer on stderr, with the sample rate', () => {
  const result = runCli(['produce', '--target', `file://${join(tempDir(), 'p.bin')}`, '--records', '300', '--parallel', '3', '--sample', '3', '--log-format', 'json', '--producer-id', 'lg', '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; producer_id: string; records: number; weighted_records: number; sample_rate: number });
  const final = lines.filter((line) => line.msg === 'producer final');
  assert.deepEqual(final.map((line) => line.producer_id).sort(), ['lg-0', 'lg-1', 'lg-2']);
  assert.equal(final.reduce((sum, line) => sum + line.weighted_records, 0), 300);
  assert.equal(final.reduce((sum, line) => sum + line.records, 0), 100);
  for (const line of final) assert.equal(line.sample_rate, 1 / 3);
});

test('same --seed, same payload bytes (annotations off); another seed, other bytes', () => {
  const dir = tempDir();
  const run = (name: string, seed: string) => {
    const result = runCli(['produce', '--target', `file://${join(dir, name)}`, '--records', '500', '--payload-template', 'fits-like-blob', '--payload-size', '700', '--seed', seed, '--annotate=false', '--audit-every', '0', '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    return readFileSync(join(dir, name));
  };
  const a = run('a.bin', '42');
  assert.ok(a.equals(run('b.bin', '42')));
  assert.ok(!a.equals(run('c.bin', '43')));
  assert.equal(a.toString().trim().split('\n').length, 500);
});
