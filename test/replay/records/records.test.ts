/** Framed bodies, sampling weights, JSON rendering with annotations, and producer sequences. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProducerSlots, renderJson, stampHeaders } from '../../../src/replay/records/annotate.js';
import { recordBytes, sampleBatch, splitFramed } from '../../../src/replay/records/batch.js';

const framed = (rows: [string, object][]) => new TextEncoder().encode(rows.map(([key, value]) => `${key}\x1f${JSON.stringify(value)}\n`).join(''));

test('splitFramed: keys and values of each line; values back to back', () => {
  const batch = splitFramed(framed([['s1', { a: 1 }], ['s2', {}], ['', { b: 'x\u001fy' }]]), true);
  assert.equal(batch.count, 3);
  assert.deepEqual(batch.keys, ['s1', 's2', '']);
  assert.equal(new TextDecoder().decode(batch.data), '{"a":1}{}{"b":"x\\u001fy"}');
  assert.equal(recordBytes(batch), batch.data.byteLength);
  const plain = splitFramed(new TextEncoder().encode('{"a":1}\n{"b":"\\u001f"}\n'), false);
  assert.equal(plain.keys, undefined);
  assert.equal(new TextDecoder().decode(plain.data), '{"a":1}{"b":"\\u001f"}');
});

test('sampleBatch: one record in N, weights add up to the count for every count and N', () => {
  for (const count of [0, 1, 2, 7, 10, 11, 100]) {
    for (const every of [1, 2, 3, 10, 13]) {
      const batch = splitFramed(framed(Array.from({ length: count }, (_, i) => [`k${i}`, { i }] as [string, object])), true);
      const sampled = sampleBatch(batch, every);
      const total = sampled.weights ? sampled.weights.reduce((a, b) => a + b, 0) : sampled.count;
      assert.equal(total, count, `count ${count} every ${every}`);
      assert.equal(sampled.count, Math.ceil(count / every));
      assert.deepEqual(sampled.keys, Array.from({ length: sampled.count }, (_, i) => `k${i * every}`));
    }
  }
});

test('renderJson: annotations first in each object, NDJSON and JSON array both parse', () => {
  const batch = sampleBatch(splitFramed(framed([['a', { v: 1 }], ['b', {}], ['c', { v: 3 }]]), true), 2);
  const stamp = { producer: 0, producerId: 'host-1-0', firstSequence: 41, timestampMs: 1767571200000 };
  const lines = new TextDecoder().decode(renderJson(batch, stamp, 'ndjson')).split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(lines.map((line) => JSON.parse(line)), [
    { producer_id: 'host-1-0', sequence: 41, timestamp: 1767571200000, weight: 2, v: 1 },
    { producer_id: 'host-1-0', sequence: 42, timestamp: 1767571200000, weight: 1, v: 3 },
  ]);
  const plain = splitFramed(framed([['a', { v: 1 }], ['b', {}]]), true);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(renderJson(plain, stamp, 'json-array'))), [
    { producer_id: 'host-1-0', sequence: 41, timestamp: 1767571200000, v: 1 },
    { producer_id: 'host-1-0', sequence: 42, timestamp: 1767571200000 },
  ]);
  assert.equal(new TextDecoder().decode(renderJson(plain, undefined, 'json-array')), '[{"v":1},{}]');
  assert.deepEqual(stampHeaders(stamp, 2, 5), { producer_id: 'host-1-0', sequence: '43', timestamp: '1767571200000', weight: '5' });
});

test('ProducerSlots: a slot advances only by what was delivered; one send per slot at a time', async () => {
  const slots = new ProducerSlots('p', 2);
  const a = await slots.acquire();
  const b = await slots.acquire();
  assert.notEqual(a, b);
  let third: number | undefined;
  void slots.acquire().then((slot) => (third = slot));
  await new Promise(setImmediate);
  assert.equal(third, undefined);
  assert.equal(slots.stamp(a, 0).firstSequence, 0);
  slots.release(a, 10);
  await new Promise(setImmediate);
  assert.equal(third, a);
  assert.equal(slots.stamp(a, 0).firstSequence, 10);
  slots.release(b, 0);
  assert.equal(slots.stamp(b, 0).firstSequence, 0, 'nothing delivered: the sequence stays');
  assert.equal(slots.stamp(b, 0).producerId, `p-${b}`);
});
