/**
 * The replayer's own protobuf writers against the ORACLE (oracle.ts: message objects encoded by
 * protobufjs with the official codec, from the same rows): every dumped request decoded with the
 * official .proto files (opentelemetry-proto; prompb) equals the oracle's, field for field, on
 * the edge-case dataset, the telemetry fixture and a k8s hour (histograms with +Inf, resets).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as snappy from 'snappyjs';
import { FIXTURES, compileDataset, runCliAsync, tempDir } from '../../helpers.js';
import { decodeRequest } from '../../doubles/otlp-schema.js';
import { WriteRequest } from '../../doubles/prompb-schema.js';
import { writeEdgeDataset } from './edge-fixture.js';
import { oracleBodies, type OracleTarget } from './oracle.js';
import { writeTelemetryDataset } from './telemetry-fixture.js';

const edge = tempDir('teleforge-edge-');
const telemetry = tempDir('teleforge-otlp-oracle-');
const k8s = join(tempDir('teleforge-otlp-oracle-k8s-'), 'k8s');

before(async () => {
  await writeEdgeDataset(edge);
  await writeTelemetryDataset(telemetry, { parts: 2, traces: 30 });
  compileDataset(join(FIXTURES, 'k8s-test.yaml'), k8s, ['--duration', '1h', '--set', 'world.restarts.per_pod_per_day=48']);
});

/** The replay's request bodies with --dump, in order (one worker). */
async function dumped(dataset: string, target: OracleTarget, batchSize: number, extra: string[] = []): Promise<Uint8Array[]> {
  const dump = tempDir();
  const args = target === 'remote-write' ? ['replay', 'remote-write', dataset] : ['replay', 'otlp', dataset, '--signals', target];
  const result = await runCliAsync([...args, '--dump', dump, '--batch-size', String(batchSize), '--workers', '1', '--checkpoint', join(dump, 'c.json'), ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return readFileSync(join(dump, 'requests.jsonl'), 'utf8').trim().split('\n').map((line) => readFileSync(join(dump, (JSON.parse(line) as { file: string }).file)));
}

function decode(target: OracleTarget, body: Uint8Array): unknown {
  if (target !== 'remote-write') return decodeRequest(target, body, true);
  return WriteRequest.toObject(WriteRequest.decode(body), { longs: String, defaults: true });
}

async function compare(dataset: string, target: OracleTarget, batchSize: number, timeOrdered = false): Promise<number> {
  const extra = timeOrdered ? ['--mode', 'realtime', '--speed', '1000000000x'] : [];
  const ours = await dumped(dataset, target, batchSize, extra);
  const oracle = await oracleBodies(dataset, target, batchSize, timeOrdered);
  assert.equal(ours.length, oracle.length, 'requests');
  ours.forEach((body, i) => {
    const plain = target === 'remote-write' ? snappy.uncompress(body) : body;
    assert.deepEqual(decode(target, plain), decode(target, oracle[i]!), `request ${i}`);
  });
  return ours.length;
}

describe('protobuf writers against the official codec (oracle)', () => {
  it('spans: non-ASCII and long text, invalid ids, kinds, status, int64 beyond 2^53, NaN/±Inf/−0, MAP entries, NULLs', async () => {
    assert.equal(await compare(edge, 'traces', 3), 3);
    assert.ok((await compare(telemetry, 'traces', 50)) > 1);
  });

  it('logs: severities, bodies (NULL, empty, long), ids, int64 attributes, resources with NULLs', async () => {
    assert.equal(await compare(edge, 'logs', 5), 2);
    assert.ok((await compare(telemetry, 'logs', 64)) > 1);
  });

  it('metrics: gauges of NaN/±Inf/−0, counter resets and exemplars, k8s histograms with +Inf buckets', async () => {
    assert.equal(await compare(edge, 'metrics', 4), 3);
    assert.ok((await compare(telemetry, 'metrics', 7)) > 1);
    assert.ok((await compare(k8s, 'metrics', 1000)) > 1);
  });

  it('remote write: one TimeSeries per series, samples in time order, also when rows come in time order', async () => {
    assert.equal(await compare(edge, 'remote-write', 5), 3);
    assert.ok((await compare(k8s, 'remote-write', 3000)) > 1);
    assert.ok((await compare(k8s, 'remote-write', 3000, true)) > 1);
  });
});
