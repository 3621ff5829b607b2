import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLineChecker } from './json-line.js';
import { StreamKeys } from './stream-keys.js';

const NAMES = ['service', 'level'];

/** The stream as the double defines it: the fields' values as canonical JSON, absent or null as "". */
const reference = (line: string) => {
  const fields = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify(NAMES.map((name) => [name, fields[name] ?? '']));
};

describe('stream keys of the VictoriaLogs double', () => {
  const checker = new JsonLineChecker(NAMES);
  const keys = new StreamKeys(NAMES);
  const key = (line: string) => {
    const bytes = Buffer.from(line);
    assert.equal(checker.check(bytes, 0, bytes.length), undefined, line);
    return keys.key(bytes, checker.fields.starts, checker.fields.ends, 0);
  };

  it('is the canonical JSON of the stream values, whether built or found again', () => {
    const lines = [
      '{"service":"api","level":"INFO","n":1}',
      '{"level":"INFO","service":"api"}',
      '{"service":"\\u0061pi","level":"INFO"}',
      '{"service":"api"}',
      '{"service":"api","level":null}',
      '{"service":"api","level":""}',
      '{"service":"ä ✓","level":"WARN"}',
      '{"service":1.0,"level":-0}',
      '{"service":1,"level":0}',
      '{"service":{"a": [1, 2]},"level":true}',
      '{"service":"quote \\" and slash \\/","level":"x"}',
      '{}',
    ];
    for (let round = 0; round < 2; round++) for (const line of lines) assert.equal(key(line), reference(line), line);
  });

  it('tells apart values whose bytes differ only in length or position', () => {
    const lines = ['{"service":"ab","level":"c"}', '{"service":"a","level":"bc"}', '{"service":"abc"}', '{"level":"abc"}', '{"service":"","level":"abc"}'];
    for (const line of lines) assert.equal(key(line), reference(line), line);
    assert.equal(new Set(lines.slice(0, 4).map(key)).size, 4);
  });

  it('keeps thousands of distinct streams apart', () => {
    for (let i = 0; i < 5000; i++) {
      const line = JSON.stringify({ service: `service-${i % 2500}`, level: i % 2 ? 'INFO' : `L${i}` });
      assert.equal(key(line), reference(line), line);
    }
  });
});
