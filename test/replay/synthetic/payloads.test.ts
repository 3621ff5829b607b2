/** Synthetic payloads: deterministic from the seed, exactly --payload-size with {{fill}}, the shipped fixtures render valid JSON. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { linesAsIs, renderJson } from '../../../src/replay/records/annotate.js';
import { recordBytes, recordStart, type RecordBatch } from '../../../src/replay/records/batch.js';
import { PayloadGenerator } from '../../../src/replay/synthetic/payloads.js';
import { DEFAULT_TEMPLATE, parseTemplate } from '../../../src/replay/synthetic/template.js';
import { TeleforgeError } from '../../../src/errors.js';
import { REPO } from '../../helpers.js';

const records = (batch: RecordBatch) => Array.from({ length: batch.count }, (_, i) => new TextDecoder().decode(batch.data.subarray(recordStart(batch, i), batch.ends[i])));

test('same seed and producer: same bytes; another seed or producer: other bytes', () => {
  const template = parseTemplate(DEFAULT_TEMPLATE, 'default');
  const a = records(new PayloadGenerator(template, 300, 7, 0).next(50));
  assert.deepEqual(records(new PayloadGenerator(template, 300, 7, 0).next(50)), a);
  assert.notDeepEqual(records(new PayloadGenerator(template, 300, 8, 0).next(50)), a);
  assert.notDeepEqual(records(new PayloadGenerator(template, 300, 7, 1).next(50)), a);
  for (const payload of a) {
    assert.equal(Buffer.byteLength(payload), 300);
    assert.match(JSON.parse(payload).payload, /^[A-Za-z0-9+/]+$/);
  }
});

test('batches continue the stream: two batches of 10 are one batch of 20', () => {
  const template = parseTemplate(readFileSync(join(REPO, 'fixtures/producer/header-only.json'), 'utf8'), 'header-only');
  const generator = new PayloadGenerator(template, 512, 1, 0);
  const split = [...records(generator.next(10)), ...records(generator.next(10))];
  assert.deepEqual(split, records(new PayloadGenerator(template, 512, 1, 0).next(20)));
  assert.deepEqual(split.map((p) => JSON.parse(p).frame), Array.from({ length: 20 }, (_, i) => i));
});

test('the three shipped fixtures render JSON objects with their fields; the blob is padded to the payload size', () => {
  for (const [name, field] of [['header-only', 'instrument'], ['fits-like-blob', 'header'], ['weighted-sample', 'weight']] as const) {
    const template = parseTemplate(readFileSync(join(REPO, 'fixtures/producer', `${name}.json`), 'utf8'), name);
    for (const payload of records(new PayloadGenerator(template, 2048, 3, 0).next(20))) {
      assert.ok(!payload.includes('\n'));
      const value = JSON.parse(payload) as Record<string, unknown>;
      assert.ok(field in value, `${name}: ${field}`);
      if (name === 'fits-like-blob') assert.equal(Buffer.byteLength(payload), 2048);
    }
  }
});

test('a bad template is one error naming the file and the placeholder', () => {
  assert.throws(() => parseTemplate('{"a":{{nope}}}', 't.json'), (e: unknown) => e instanceof TeleforgeError && /t\.json: unknown placeholder \{\{nope\}\}/.test(e.message));
  assert.throws(() => parseTemplate('{"a":{{int:5:1}}}', 't.json'), /MIN ≤ MAX/);
  assert.throws(() => parseTemplate('[1]', 't.json'), /one JSON object/);
});

test('stamped while rendered: the same lines renderJson makes from the unstamped batch, for every fixture and an empty object', () => {
  const stamp = { producer: 1, producerId: 'host-7-1', firstSequence: 998, timestampMs: 1_765_000_000_123 };
  const templates = [parseTemplate(DEFAULT_TEMPLATE, 'default'), parseTemplate('{}', 'empty'), parseTemplate('{{{fill}}:1}', 'odd')];
  for (const name of ['header-only', 'fits-like-blob', 'weighted-sample']) templates.push(parseTemplate(readFileSync(join(REPO, 'fixtures/producer', `${name}.json`), 'utf8'), name));
  for (const template of templates) {
    const stamped = new PayloadGenerator(template, 700, 5, 1).next(12, stamp);
    const plain = new PayloadGenerator(template, 700, 5, 1).next(12);
    const expected = Buffer.from(renderJson(plain, stamp, 'ndjson')).toString('utf8');
    assert.equal(Buffer.from(linesAsIs(stamped, stamp, 'ndjson')!).toString('utf8'), expected);
    assert.equal(Buffer.from(renderJson(stamped, stamp, 'ndjson')).toString('utf8'), expected, 'not annotated twice');
    assert.equal(recordBytes(stamped), recordBytes(plain), 'payload bytes: the annotation fields are not payload');
    assert.equal(recordBytes(plain), plain.data.byteLength - 12, 'newlines are not payload');
    assert.match(records(stamped)[11]!, /^\{"producer_id":"host-7-1","sequence":1009,"timestamp":1765000000123[,}]/);
  }
});
