/**
 * `teleforge replay` into the producer targets, from a logs dataset: kafka (the double, real
 * kafkajs: one message per row keyed by trace_id, a key's rows in one partition in dataset order,
 * every worker's sequence gap-free, --verify by offsets), file with --sample (the weights add up
 * to the dataset's count), stdout (records on stdout, result on stderr), http (NDJSON), and
 * --config run.yaml (flags win; a bad field is one line, exit 2).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KafkaDouble } from '../../doubles/kafka/broker.js';
import { runCliAsync, tempDir } from '../../helpers.js';
import { writeLogsDataset } from '../logs-fixture.js';

const dataset = tempDir();
let total = 0;
const broker = new KafkaDouble();
before(async () => {
  total = await writeLogsDataset(dataset, { days: 2, parts: 2, rowsPerPart: 1500 });
  await broker.start();
});
after(() => broker.stop());

interface Row {
  producer_id: string;
  sequence: number;
  weight?: number;
  trace_id: string;
  timestamp: string;
  message: string;
}

function assertGapFree(sequences: Map<string, number[]>): void {
  for (const [id, list] of sequences) {
    const sorted = [...list].sort((a, b) => a - b);
    assert.deepEqual(sorted, sorted.map((_, i) => i), `${id}: gap or duplicate`);
  }
}

test('kafka: every row once, keyed by trace_id (a key in one partition, in order), sequences gap-free per worker, gzip batches, --verify', async () => {
  const result = await runCliAsync(['replay', 'kafka', dataset, '--url', `kafka://${broker.bootstrap}/logs`, '--workers', '2', '--batch-size', '700', '--gzip', '--verify', '--json', '--producer-id', 'rp']);
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { records: number; verify: { ok: boolean } };
  assert.equal(summary.records, total);
  assert.equal(summary.verify.ok, true);
  const partitions = broker.records('logs');
  assert.equal(partitions.length, 2);
  assert.equal(partitions.flat().length, total);
  const where = new Map<string, number>();
  const sequences = new Map<string, number[]>();
  partitions.forEach((log, p) => {
    for (const record of log) {
      const key = record.key!.toString();
      const value = JSON.parse(record.value!.toString()) as Row;
      assert.equal(value.trace_id, key);
      assert.equal(where.get(key) ?? p, p, `key ${key} in two partitions`);
      where.set(key, p);
      const id = record.headers.producer_id!;
      sequences.set(id, [...(sequences.get(id) ?? []), Number(record.headers.sequence)]);
    }
  });
  assertGapFree(sequences);
  assert.deepEqual([...broker.codecs], [1], 'gzip record batches');
  assert.deepEqual(broker.violations, []);
});

test('file with --sample 10: one row in ten, weights add up to the dataset\'s count; rotated and audited', async () => {
  const out = tempDir();
  const result = await runCliAsync(['replay', 'file', dataset, '--url', `file://${join(out, 'rows.bin')}`, '--sample', '10', '--rotate-size-mb', '0.05', '--audit-every', '100', '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  // The dataset is months old: a file keeps it all, so no window warning (http below warns).
  assert.equal(result.stderr, '');
  const names = readdirSync(out);
  const rows = names.filter((n) => n.startsWith('rows.bin')).flatMap((n) => readFileSync(join(out, n), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row));
  assert.ok(names.filter((n) => n.startsWith('rows.bin.')).length >= 1, names.join(' '));
  assert.equal(rows.reduce((sum, row) => sum + row.weight!, 0), total);
  assert.ok(rows.length >= total / 10 && rows.length < total / 10 + 20);
  assert.ok(names.includes('rows.log'));
});

test('--config: options from YAML with the flags\' checks, flags win; an unknown or mistyped field is one line, exit 2, nothing written', async () => {
  const out = tempDir();
  const config = join(out, 'run.yaml');
  writeFileSync(config, `url: file://${join(out, 'rows.bin')}\nsample: 100\naudit-every: 0\nrotate-size-mb: 0\nannotate: false\nworkers: 2\n`);
  const ok = await runCliAsync(['replay', 'file', dataset, '--config', config, '--sample', '1000', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  const rows = readFileSync(join(out, 'rows.bin'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
  // --sample 1000 from the flags, not 100 from the file; annotate: false from the file.
  assert.equal(rows.reduce((sum, row) => sum + row.weight!, 0), total);
  assert.ok(rows.length < total / 100, `${rows.length} rows`);
  assert.equal(rows[0]!.producer_id, undefined);
  assert.equal(existsSync(join(out, 'rows.log')), false);
  for (const [yaml, message] of [
    ['sample: 10\nbatch_size: 5\n', /^teleforge: --config .*bad\.yaml: unknown field 'batch_size'\n$/],
    ['workers: many\n', /^teleforge: --config .*bad\.yaml: workers: /],
    ['mode: sometimes\n', /^teleforge: .*mode.*sometimes/],
    ['rate: fast\n', /^teleforge: --rate: /],
    ['url: [\n', /^teleforge: --config .*bad\.yaml: not YAML/],
  ] as const) {
    writeFileSync(join(out, 'bad.yaml'), yaml);
    const bad = await runCliAsync(['replay', 'file', dataset, '--url', `file://${join(out, 'never.bin')}`, '--config', join(out, 'bad.yaml')]);
    assert.equal(bad.code, 2, yaml);
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.equal(existsSync(join(out, 'never.bin')), false);
  }
  const missing = await runCliAsync(['replay', 'file', dataset, '--config', join(out, 'absent.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^teleforge: --config: .*absent\.yaml does not exist\n$/);
});

test('stdout: the rows on stdout as JSON lines, the result on stderr', async () => {
  const result = await runCliAsync(['replay', 'stdout', dataset, '--annotate', 'false', '--tables', 'logs']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, total);
  const first = JSON.parse(lines[0]!) as Row;
  assert.equal(first.producer_id, undefined);
  assert.match(first.timestamp, /^2026-03-0\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(result.stderr, /^stdout stdout:/m);
  assert.doesNotMatch(result.stderr, /warning/);
});

test('http: NDJSON batches posted to any URL', async () => {
  let lines = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (c: Buffer) => (body += c));
    request.on('end', () => {
      assert.equal(request.headers['content-type'], 'application/x-ndjson');
      lines += body.split('\n').filter(Boolean).length;
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const result = await runCliAsync(['replay', 'http', dataset, '--url', `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lines, total);
    // A receiver that may drop old rows: the months-old dataset draws the one-line warning.
    assert.match(result.stderr, new RegExp(`^teleforge: warning: http at .* does not say what time window it keeps: ${total} rows are older than 7d; .*sending anyway\n$`));
  } finally {
    server.close();
  }
});
