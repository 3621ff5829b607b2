/**
 * The agentic-ide dataset replayed through `otlp` into the loopback receiver (the official
 * opentelemetry-proto schema decodes every request): span kinds, status, links and exception
 * events, log records with their arrival as observed time, and the GenAI histograms, unchanged in
 * meaning.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDataset } from '../../../src/dataset/open.js';
import { openSession, type QuerySession } from '../../../src/query/session.js';
import { OtlpReceiver, type Decoded } from '../../doubles/otlp-receiver.js';
import { FIXTURES, compileDataset, runCliAsync, tempDir } from '../../helpers.js';

const dataset = tempDir('teleforge-otlp-agentic-');
let receiver: OtlpReceiver;
let db: QuerySession;

before(async () => {
  compileDataset(join(FIXTURES, 'agentic-test.yaml'), dataset, ['--set', 'world.total_events=4000', '--quiet']);
  db = await openSession(openDataset(dataset));
  receiver = await new OtlpReceiver().start();
});

after(() => {
  receiver.stop();
  db.close();
});

const KINDS: Record<string, number> = { INTERNAL: 1, SERVER: 2, CLIENT: 3 };
const STATUS: Record<string, number> = { UNSET: 0, ERROR: 2 };
const attr = (list: unknown, key: string) => ((list as Decoded[] | undefined) ?? []).find((a) => a.key === key)?.value as Decoded | undefined;

describe('replay otlp of an agentic-ide dataset', () => {
  it('delivers every span, log record and metric point', async () => {
    const result = await runCliAsync(['replay', 'otlp', dataset, '--endpoint', receiver.httpUrl, '--json', '--checkpoint', join(tempDir(), 'ckpt.json'), '--batch-size', '500']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(receiver.violations, []);
    const [row] = await db.rows(`SELECT (SELECT count(*) FROM spans) AS spans, (SELECT count(*) FROM logs) AS logs`);
    assert.equal(receiver.counts.traces, Number(row!.spans));
    assert.equal(receiver.counts.logs, Number(row!.logs));
    assert.ok(receiver.counts.metrics > 0);
  });

  it('keeps kinds, status, links with their type and exception events at their time', async () => {
    const rows = await db.rows(`SELECT trace_id, span_id, kind, status_code, status_message, links, events, "gen_ai.operation.name" AS op FROM spans`);
    const spans = new Map(receiver.all('traces').map(({ item }) => [`${item.trace_id}/${item.span_id}`, item]));
    let linked = 0;
    let evented = 0;
    for (const row of rows) {
      const span = spans.get(`${row.trace_id}/${row.span_id}`)!;
      assert.equal(span.kind, KINDS[String(row.kind)]);
      assert.equal((span.status as Decoded | undefined)?.code ?? 0, STATUS[String(row.status_code)]);
      assert.equal(attr(span.attributes, 'gen_ai.operation.name')?.string_value, row.op ?? undefined, 'dotted column names are the attribute keys');
      const links = (span.links as Decoded[] | undefined) ?? [];
      if (row.links) {
        const [link] = JSON.parse(String(row.links)) as Array<{ trace_id: string; span_id: string; attributes: Record<string, string> }>;
        assert.deepEqual([links[0]!.trace_id, links[0]!.span_id, attr(links[0]!.attributes, 'agentic.link.type')?.string_value], [link!.trace_id, link!.span_id, link!.attributes['agentic.link.type']]);
        linked++;
      } else assert.equal(links.length, 0);
      const events = (span.events as Decoded[] | undefined) ?? [];
      if (row.events) {
        const [event] = JSON.parse(String(row.events)) as Array<{ name: string; time_unix_nano: string; attributes: Record<string, string> }>;
        assert.deepEqual([events[0]!.name, events[0]!.time_unix_nano, attr(events[0]!.attributes, 'exception.type')?.string_value], [event!.name, event!.time_unix_nano, row.status_message]);
        assert.equal(events[0]!.time_unix_nano, span.end_time_unix_nano, 'the exception is recorded at the failure, the span end');
        evented++;
      } else assert.equal(events.length, 0);
    }
    assert.ok(linked > 50 && evented > 5, `${linked} linked, ${evented} with events`);
  });

  it('sends each log record with its arrival as observed time (late behind a network partition)', async () => {
    const rows = await db.rows(`SELECT span_id, "event.name" AS event, epoch_us(timestamp) AS t, epoch_us(observed_timestamp) AS o FROM logs`);
    const byKey = new Map(rows.map((r) => [`${r.span_id}/${r.event}`, r]));
    let late = 0;
    for (const { item } of receiver.all('logs')) {
      const row = byKey.get(`${item.span_id}/${attr(item.attributes, 'event.name')?.string_value}`)!;
      assert.ok(row);
      assert.equal(item.time_unix_nano, String(BigInt(String(row.t)) * 1000n));
      assert.equal(item.observed_time_unix_nano, String(BigInt(String(row.o)) * 1000n));
      if (Number(row.o) - Number(row.t) > 120e6) late++;
    }
    assert.ok(late > 0, 'some records arrived after a partition and its sync delay');
  });

  it('turns the bucket, sum and count series into GenAI histograms with the conventions’ bounds', async () => {
    const points = receiver.all('metrics').filter(({ metric }) => metric!.name === 'gen_ai.client.token.usage');
    assert.ok(points.length > 0);
    const [row] = await db.rows(`SELECT sum(value) AS total FROM metrics WHERE metric = 'gen_ai.client.token.usage_count'`);
    let count = 0;
    for (const { item, metric } of points) {
      assert.ok(metric!.histogram, 'a histogram');
      assert.equal((item.explicit_bounds as number[]).length, 14);
      const buckets = (item.bucket_counts as string[]).map(Number);
      assert.equal(buckets.reduce((a, b) => a + b, 0), Number(item.count));
      assert.ok(attr(item.attributes, 'gen_ai.token.type'));
      count += Number(item.count);
    }
    assert.equal(count, Number(row!.total));
  });
});
