import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonlWriter } from '../../src/bytes/jsonl-writer.js';

describe('JsonlWriter', () => {
  it('encodes ASCII, non-ASCII, numbers and chunks', () => {
    const chunks: Uint8Array[] = [];
    const writer = new JsonlWriter((chunk) => chunks.push(chunk));
    writer.raw('{"a":').jsonNumber(1.5).raw(',"b":').string('zürich "q"').raw(',"c":').jsonNumber(Number.NaN).raw('}');
    writer.endRow();
    writer.flush();
    const text = Buffer.concat(chunks).toString('utf8');
    assert.equal(text, '{"a":1.5,"b":"zürich \\"q\\"","c":null}\n');
    assert.deepEqual(JSON.parse(text), { a: 1.5, b: 'zürich "q"', c: null });
    assert.equal(writer.rows, 1);
  });
});
