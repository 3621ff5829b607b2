/** `--format jsonl` writes the seed's log and metric JSON shapes exactly (keys, order, timestamp formats). */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LOG_KEYS } from '../../../src/sim/social/tables.js';
import { compileDataset, tempDir } from '../../helpers.js';
import { SOCIAL_FIXTURE, openSocialDataset, type Dataset } from './helpers.js';

let dir: string;
let db: Dataset;

before(async () => {
  dir = tempDir('teleforge-social-jsonl-');
  compileDataset(SOCIAL_FIXTURE, dir, ['--workers', '2', '--format', 'parquet,jsonl', '--compression', 'none', '--quiet']);
  db = await openSocialDataset(dir);
});

after(() => db.close());

function lines(table: string): string[] {
  const root = join(dir, 'jsonl', table);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => readFileSync(join(root, file), 'utf8').split('\n').filter((line) => line.length > 0));
}

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);
const TAG_ORDER = ['service', 'stack', 'action', 'success', 'is_write', 'persona', 'release_id', 'object_type'];

test('log lines: the seed\'s 21 keys in order, %Y-%m-%dT%H:%M:%S.%fZ timestamps, typed values', async () => {
  const all = lines('logs');
  const [count] = await db.query('SELECT count(*) AS n FROM logs');
  assert.equal(all.length, Number(count!.n));
  for (const line of all) {
    const log = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(log), [...LOG_KEYS]);
    assert.match(String(log.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.match(String(log.trace_id), HEX(32));
    assert.match(String(log.span_id), HEX(16));
    assert.match(String(log.request_id), HEX(32));
    assert.match(String(log.user_id), /^user_[0-9a-f]{12}$/);
    assert.ok(log.parent_span_id === null || HEX(16).test(String(log.parent_span_id)));
    assert.equal(typeof log.success, 'boolean');
    assert.ok(['INFO', 'WARN', 'ERROR'].includes(String(log.level)));
    for (const key of ['error_code', 'error_message', 'error_source', 'error_type']) assert.equal(log[key] === null, log.success, key);
    if (!log.success) assert.equal(typeof log.error_code, 'number');
    assert.equal(String(log.release_id).split(':').length, 12);
  }
});

test('log lines carry the same values as the logs table, to the microsecond', async () => {
  const sample = lines('logs').filter((_, i) => i % 97 === 0).map((line) => JSON.parse(line) as Record<string, string | null>);
  for (const log of sample) {
    const [row] = await db.query(`SELECT strftime(timestamp, '%Y-%m-%dT%H:%M:%S.%fZ') AS ts, message, release_id, upstream_request_id FROM logs WHERE request_id = '${log.request_id}'`);
    assert.equal(row!.ts, log.timestamp);
    assert.equal(row!.message, log.message);
    assert.equal(row!.release_id, log.release_id);
    assert.equal(row!.upstream_request_id, log.upstream_request_id);
  }
});

test('metric lines: {"metric","ts","value","tags"}, epoch-second ts, Python number formats, seed tag order', async () => {
  const all = lines('samples');
  const [count] = await db.query('SELECT count(*) AS n, count(trace_id) AS exemplars, sum(value) AS total FROM samples');
  assert.equal(all.length, Number(count!.n));
  let exemplars = 0;
  let total = 0;
  for (const line of all) {
    const metric = JSON.parse(line) as { metric: string; ts: number; value: number; tags: Record<string, string> };
    assert.deepEqual(Object.keys(metric), ['metric', 'ts', 'value', 'tags']);
    const raw = /"ts":([^,]+),"value":([^,]+),/.exec(line)!;
    assert.match(raw[1]!, /^\d{10}\.\d{1,6}$/);
    const float = metric.metric === 'request_duration_ms' || metric.metric === 'cache_hit';
    assert.match(raw[2]!, float ? /^\d+\.\d+$/ : /^\d+$/, `${metric.metric} value ${raw[2]}`);
    const keys = Object.keys(metric.tags);
    const seedTags = keys.filter((key) => key !== 'trace_id' && key !== 'request_id');
    assert.deepEqual(seedTags, TAG_ORDER.slice(0, seedTags.length));
    assert.ok(seedTags.length >= 7);
    assert.ok(['true', 'false'].includes(metric.tags.success!) && ['true', 'false'].includes(metric.tags.is_write!));
    if (keys.includes('trace_id')) {
      exemplars++;
      assert.deepEqual(keys.slice(-2), ['trace_id', 'request_id']);
      assert.match(metric.tags.trace_id!, HEX(32));
    }
    total += metric.value;
  }
  assert.equal(exemplars, Number(count!.exemplars));
  assert.ok(Math.abs(total - Number(count!.total)) < 1e-6 * Number(count!.total));
});
