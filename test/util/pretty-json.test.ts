import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writePrettyJson } from '../../src/util/pretty-json.js';

function pieces(value: unknown): string[] {
  const chunks: string[] = [];
  writePrettyJson(value, (chunk) => chunks.push(chunk));
  return chunks;
}

test('writePrettyJson writes what JSON.stringify(value, null, 2) does', () => {
  const values: unknown[] = [
    null,
    0,
    -1.5e-7,
    Number.NaN,
    'quote " backslash \\ newline \n tab \t é 😀 \u0001',
    [],
    {},
    [[], {}, [[1]], { a: {} }],
    { skipped: undefined, fn: () => 1, kept: null, list: [undefined, () => 2, Symbol('s'), 3], '': 'empty key', 'k"ey': true },
    { when: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), custom: { toJSON: (key: string) => `key was ${key}` }, nested: [{ toJSON: () => undefined }] },
    { tables: { samples: { rows: 3, files: [{ path: 'metrics/samples/date=2026-01-01/part-0000.parquet', sha256: 'ab'.repeat(32) }] } } },
  ];
  for (const value of values) assert.equal(pieces(value).join(''), JSON.stringify(value, null, 2), JSON.stringify(value));
});

test('writePrettyJson hands a large document out in pieces of ~64 KiB', () => {
  const files = Array.from({ length: 20_000 }, (_, i) => ({ path: `metrics/samples/date=2026-01-01/part-${i}.parquet`, rows: i, bytes: i * 7, sha256: 'f'.repeat(64) }));
  const chunks = pieces({ files });
  assert.equal(chunks.join(''), JSON.stringify({ files }, null, 2));
  assert.ok(chunks.length > 30, `${chunks.length} chunks`);
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.length >= 64 * 1024 && chunk.length < 65 * 1024));
});

test('writePrettyJson refuses a value JSON has no text for', () => {
  assert.throws(() => pieces(undefined), /no JSON form/);
  assert.throws(() => pieces({ big: 1n }), /BigInt/);
});
