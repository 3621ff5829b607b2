/**
 * Replay into the loopback OTLP receiver (a contract double that decodes every request with the
 * official opentelemetry-proto schema): exact counts per signal over HTTP and gRPC, the field
 * mapping (spans, logs, counters with resets and exemplars, resources), retries and failures.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDuckDB } from '../../../src/util/duckdb.js';
import { runCliAsync, tempDir, type Row } from '../../helpers.js';
import { OtlpReceiver, type Decoded } from '../../doubles/otlp-receiver.js';
import { START_MS, writeTelemetryDataset, type TelemetryCounts } from './telemetry-fixture.js';

const dataset = tempDir('teleforge-otlp-');
let counts: TelemetryCounts;
let receiver: OtlpReceiver;

before(async () => {
  counts = await writeTelemetryDataset(dataset);
});

async function query(sql: string): Promise<Row[]> {
  const { instance, connection } = await openDuckDB();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function replay(url: string, ...extra: string[]) {
  return runCliAsync(['replay', 'otlp', dataset, '--endpoint', url, '--json', '--checkpoint', join(tempDir(), 'ckpt.json'), '--batch-size', '100', ...extra]);
}

const attr = (list: unknown, key: string) => ((list as Decoded[] | undefined) ?? []).find((a) => a.key === key)?.value as Decoded | undefined;
const nanos = (ms: number, extra = 0n) => String(BigInt(ms) * 1_000_000n + extra);

describe('replay otlp over HTTP', () => {
  before(async () => {
    receiver = await new OtlpReceiver().start();
  });
  after(() => receiver.stop());

  it('delivers every span, log record and data point exactly once', async () => {
    const result = await replay(receiver.httpUrl);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(receiver.violations, []);
    assert.deepEqual(receiver.counts, { metrics: counts.samples, logs: counts.logs, traces: counts.spans });
    const json = JSON.parse(result.stdout) as { records: number; rejected: Record<string, number> };
    assert.equal(json.records, counts.samples + counts.logs + counts.spans);
    assert.deepEqual(json.rejected, {});
  });

  it('keeps span ids, parent links, kinds, status and nanosecond times', async () => {
    const spans = receiver.all('traces');
    const rows = await query(
      `SELECT trace_id, span_id, coalesce(parent_span_id, '') AS parent, name, kind, status_code, epoch_us(start_time) AS us, duration_ns FROM read_parquet('${dataset}/spans/*/*.parquet') ORDER BY trace_id, span_id`,
    );
    const byId = new Map(spans.map(({ item }) => [`${item.trace_id}/${item.span_id}`, item]));
    assert.equal(byId.size, rows.length);
    const kinds: Record<string, number> = { server: 2, client: 3, internal: 1 };
    const statuses: Record<string, number> = { UNSET: 0, OK: 1, ERROR: 2 };
    for (const row of rows) {
      const span = byId.get(`${row.trace_id}/${row.span_id}`)!;
      assert.ok(span, `span ${row.span_id}`);
      assert.equal(span.parent_span_id ?? '', row.parent);
      if (row.parent) assert.ok(byId.has(`${row.trace_id}/${row.parent}`), 'parent arrived in the same trace');
      assert.equal(span.name, row.name);
      assert.equal(span.kind, kinds[String(row.kind)]);
      assert.equal((span.status as Decoded | undefined)?.code ?? 0, statuses[String(row.status_code)]);
      const start = BigInt(Number(row.us)) * 1000n;
      assert.equal(span.start_time_unix_nano, String(start));
      assert.equal(span.end_time_unix_nano, String(start + BigInt(Number(row.duration_ns))));
    }
    const errored = spans.find(({ item }) => (item.status as Decoded | undefined)?.code === 2)!;
    assert.equal((errored.item.status as Decoded).message, 'upstream timeout');
    assert.equal(attr(errored.item.attributes, 'net.peer.name')?.string_value, 'users-db', 'MAP column spread into attributes');
  });

  it('groups spans and logs per resource with semantic-convention attributes', () => {
    for (const request of receiver.requests.traces) {
      const resources = (request.resource_spans as Decoded[]).map((r) => JSON.stringify(r.resource));
      assert.equal(new Set(resources).size, resources.length, 'one ResourceSpans per resource');
    }
    const { resource, item } = receiver.all('traces').find(({ item }) => item.name === 'GET /profile')!;
    assert.ok(item);
    const attributes = Object.fromEntries((resource.attributes as Decoded[]).map((a) => [a.key, (a.value as Decoded).string_value]));
    assert.deepEqual(attributes, {
      'k8s.namespace.name': 'social',
      'k8s.node.name': 'node-b',
      'k8s.pod.name': 'user-service-5c8b7-q9w2e',
      'service.name': 'user-service',
      'service.version': 'v1.4.2',
    });
  });

  it('maps log levels to severity numbers and keeps ids as bytes and typed attributes', async () => {
    const rows = await query(`SELECT level, span_id, trace_id, user_id, epoch_us(timestamp) AS us FROM read_parquet('${dataset}/logs/*/*.parquet')`);
    const bySpan = new Map(rows.map((row) => [String(row.span_id), row]));
    const severity: Record<string, number> = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 };
    const seen = new Set<string>();
    for (const { item } of receiver.all('logs')) {
      const row = bySpan.get(String(item.span_id))!;
      assert.ok(row, `log of span ${item.span_id}`);
      assert.equal(item.trace_id, row.trace_id);
      assert.equal(item.severity_text, row.level);
      assert.equal(item.severity_number, severity[String(row.level)]);
      assert.equal(item.time_unix_nano, String(BigInt(Number(row.us)) * 1000n));
      assert.equal(attr(item.attributes, 'user_id')?.string_value, row.user_id ?? undefined);
      seen.add(String(row.level));
    }
    assert.deepEqual([...seen].sort(), ['DEBUG', 'ERROR', 'INFO', 'WARN']);
    const first = receiver.all('logs')[0]!.item;
    assert.equal(attr(first.attributes, 'http_status')?.int_value, '200');
    assert.equal(typeof attr(first.attributes, 'duration_ms')?.double_value, 'number');
    assert.equal(typeof attr(first.attributes, 'cached')?.bool_value, 'boolean');
    assert.match(String((first.body as Decoded).string_value), /finished with/);
  });

  it('sends counters as cumulative monotonic sums whose start time changes at a reset, with exemplars', () => {
    const points = receiver.all('metrics');
    assert.equal(points.length, 20);
    const metric = points[0]!.metric!;
    assert.equal(metric.name, 'feed_requests_total');
    assert.deepEqual({ monotonic: (metric.sum as Decoded).is_monotonic, temporality: (metric.sum as Decoded).aggregation_temporality }, { monotonic: true, temporality: 2 });
    points.forEach(({ item }, i) => {
      const time = START_MS + i * 15_000;
      assert.equal(item.time_unix_nano, nanos(time));
      assert.equal(item.start_time_unix_nano, nanos(i < 10 ? START_MS - 60_000 : START_MS + 10 * 15_000 - 5000), `start of point ${i}`);
      const exemplars = (item.exemplars as Decoded[] | undefined) ?? [];
      assert.equal(exemplars.length, i % 3 === 0 ? 1 : 0);
      if (i % 3 === 0) assert.deepEqual([exemplars[0]!.trace_id, exemplars[0]!.span_id, exemplars[0]!.as_double], [(i + 0xabc).toString(16).padStart(32, '0'), (i + 0xdef).toString(16).padStart(16, '0'), item.as_double]);
    });
    assert.equal(attr(points[0]!.resource.attributes, 'service.name')?.string_value, 'api-gateway');
    assert.deepEqual(points[0]!.item.attributes, [{ key: 'route', value: { string_value: '/feed' } }]);
  });

  it('retries 503 (honouring Retry-After) and 429 without losing or repeating a record', async () => {
    const fresh = await new OtlpReceiver().start();
    try {
      fresh.failNext({ status: 503, retryAfter: '0' }, { status: 429 }, { status: 502 });
      const result = await replay(fresh.httpUrl, '--signals', 'logs', '--workers', '1');
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(fresh.attempts.slice(0, 4).map((a) => a.outcome), [503, 429, 502, 200]);
      assert.equal((JSON.parse(result.stdout) as { retries: number }).retries, 3);
      assert.deepEqual(fresh.counts, { metrics: 0, logs: counts.logs, traces: 0 });
    } finally {
      await fresh.stop();
    }
  });

  it('stops at a 400 without retrying it', async () => {
    const fresh = await new OtlpReceiver().start();
    try {
      fresh.failNext({ status: 400 });
      const result = await replay(fresh.httpUrl, '--signals', 'traces', '--workers', '1');
      assert.equal(result.code, 1);
      // The dataset is months old: the unknown-window warning comes first.
      assert.match(result.stderr.replace(/^teleforge: warning: .*\n/, ''), /^teleforge: .*rejected a traces batch: 400 injected 400\n$/);
      assert.equal(fresh.attempts.filter((a) => a.outcome === 400).length, 1);
    } finally {
      await fresh.stop();
    }
  });

  it('resumes after a failure without sending an acknowledged batch twice', async () => {
    const fresh = await new OtlpReceiver().start();
    try {
      const checkpoint = join(tempDir(), 'resume.json');
      const args = ['replay', 'otlp', dataset, '--endpoint', fresh.httpUrl, '--json', '--checkpoint', checkpoint, '--batch-size', '50', '--workers', '1', '--signals', 'traces'];
      fresh.failNext({}, {}, { status: 400 });
      const failed = await runCliAsync(args);
      assert.equal(failed.code, 1);
      assert.equal(fresh.counts.traces, 100);
      const resumed = await runCliAsync([...args, '--resume']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal((JSON.parse(resumed.stdout) as { resumedBatches: number }).resumedBatches, 2);
      assert.equal(fresh.counts.traces, counts.spans);
      const ids = fresh.all('traces').map(({ item }) => item.span_id);
      assert.equal(new Set(ids).size, ids.length, 'no span twice');
    } finally {
      await fresh.stop();
    }
  });

  it('counts partial_success rejections, honours path overrides, gzip and --header', async () => {
    const fresh = await new OtlpReceiver({ paths: { logs: '/insert/opentelemetry/v1/logs' } }).start();
    try {
      fresh.partial.logs = 2;
      const result = await replay(fresh.httpUrl, '--signals', 'logs', '--logs-path', '/insert/opentelemetry/v1/logs', '--gzip', '--header', 'X-Scope-OrgID=tenant-1');
      assert.equal(result.code, 0, result.stderr);
      const requests = fresh.requests.logs.length;
      assert.deepEqual((JSON.parse(result.stdout) as { rejected: Record<string, number> }).rejected, { logs: 2 * requests });
      assert.ok(fresh.attempts.every((a) => a.headers['content-encoding'] === 'gzip' && a.headers['x-scope-orgid'] === 'tenant-1'));
      assert.equal(fresh.counts.logs, counts.logs);
    } finally {
      await fresh.stop();
    }
  });
});

describe('replay otlp over gRPC', () => {
  before(async () => {
    receiver = await new OtlpReceiver().start();
  });
  after(() => receiver.stop());

  it('delivers every signal through the collector services, with headers as metadata', async () => {
    const result = await replay(receiver.grpcUrl, '--protocol', 'grpc', '--header', 'authorization=Bearer t0k', '--gzip');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(receiver.counts, { metrics: counts.samples, logs: counts.logs, traces: counts.spans });
    assert.ok(receiver.attempts.every((a) => a.transport === 'grpc' && a.headers.authorization === 'Bearer t0k'));
  });

  it('retries UNAVAILABLE and RESOURCE_EXHAUSTED with RetryInfo, and stops at INVALID_ARGUMENT', async () => {
    const fresh = await new OtlpReceiver().start();
    try {
      fresh.failNext({ grpcCode: 14 }, { grpcCode: 8, retryInfoSeconds: 0.01 });
      const ok = await replay(fresh.grpcUrl, '--protocol', 'grpc', '--signals', 'traces', '--workers', '1');
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(fresh.attempts.slice(0, 3).map((a) => a.outcome), ['UNAVAILABLE', 'RESOURCE_EXHAUSTED', 'OK']);
      assert.equal(fresh.counts.traces, counts.spans);
      fresh.failNext({ grpcCode: 3 });
      const failed = await replay(fresh.grpcUrl, '--protocol', 'grpc', '--signals', 'traces', '--workers', '1');
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /rejected a traces batch: INVALID_ARGUMENT injected/);
    } finally {
      await fresh.stop();
    }
  });
});

describe('replay otlp options', () => {
  it('names bad options in one line', async () => {
    const unknown = await runCliAsync(['replay', 'otlp', dataset, '--endpoint', 'http://127.0.0.1:1', '--signals', 'metrics,profiles']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, "teleforge: --signals: unknown signal 'profiles' (signals: metrics, logs, traces)\n");
    const verify = await runCliAsync(['replay', 'otlp', dataset, '--endpoint', 'http://127.0.0.1:1', '--verify']);
    assert.equal(verify.stderr, 'teleforge: --verify: otlp backends cannot be asked what they stored\n');
    const foreign = await runCliAsync(['replay', 'victoriametrics', dataset, '--url', 'http://127.0.0.1:1', '--protocol', 'grpc']);
    assert.equal(foreign.stderr, 'teleforge: --protocol: not an option of target victoriametrics\n');
  });
});

describe('replay otlp: the time window', () => {
  before(async () => {
    receiver = await new OtlpReceiver().start();
  });
  after(() => receiver.stop());

  it('warns in one line (and still sends) when rows lie outside the window most backends keep, the receiver not saying its own', async () => {
    const old = await replay(receiver.httpUrl);
    assert.equal(old.code, 0, old.stderr);
    const total = counts.samples + counts.logs + counts.spans;
    const warnings = old.stderr.split('\n').filter((line) => line.startsWith('teleforge: warning:'));
    assert.equal(warnings.length, 1, old.stderr);
    assert.match(warnings[0]!, new RegExp(`^teleforge: warning: otlp at .* does not say what time window it keeps: ${total} rows are older than 7d; .*--shift-to-now.*; sending anyway$`));
    assert.deepEqual(receiver.counts, { metrics: counts.samples, logs: counts.logs, traces: counts.spans });
    const shifted = await replay(receiver.httpUrl, '--shift-to-now');
    assert.equal(shifted.code, 0, shifted.stderr);
    assert.doesNotMatch(shifted.stderr, /warning/);
  });
});
