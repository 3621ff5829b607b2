import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLineChecker } from './json-line.js';

/** What JSON.parse says about a line: the verdict the byte checker must reproduce. */
function reference(line: string): 'not JSON' | 'not an object' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? undefined : 'not an object';
}

const VALID = [
  '{}',
  ' {"a":1} ',
  '{"timestamp":"2026-03-02T00:00:00.000Z","message":"a \\"quoted\\" \\u00e9 word","n":-0.5e+3,"ok":true,"no":false,"x":null,"list":[1,[2,{}],"s"],"o":{"timestamp":"inner"}}',
  '{"time\\u0073tamp":"2026-03-02T00:00:01Z","message":"ünïcödé ✓"}',
  '{"timestamp":"first","timestamp":"last","message":""}',
  '{"a":0,"b":10,"c":1.25,"d":1E5,"e":-0}',
];
const INVALID = [
  '', 'x', '{', '{"a":1', '{"a":1,}', '{"a" 1}', '{a:1}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}', '{"a":1e}', '{"a":tru}',
  '{"a":"\\x"}', '{"a":"\\u12g4"}', '{"a":"tab\there"}', '{"a":1}{"b":2}', '{"a":1},{"b":2}', '{"a":[1,]}', '{"a":[1 2]}',
  '[1,2]', '"text"', '42', 'null', '{"a":1} x', "{'a':1}",
];

describe('JSON line checker (VictoriaLogs double)', () => {
  const checker = new JsonLineChecker(['timestamp', 'message', 'missing']);
  // Each line is checked in place inside a larger body, as the double does.
  const check = (line: string) => {
    const bytes = Buffer.from(`{"before":\n${line}\n"after"}`);
    return checker.check(bytes, 11, bytes.length - 9);
  };

  it('agrees with JSON.parse on valid and malformed lines, and on every truncation of them', () => {
    for (const line of [...VALID, ...INVALID]) {
      assert.equal(check(line), reference(line), line);
      for (let cut = 0; cut < line.length; cut++) assert.equal(check(line.slice(0, cut)), reference(line.slice(0, cut)), line.slice(0, cut));
    }
  });

  it('finds the top-level values of the wanted keys, as JSON.parse reads them', () => {
    for (const line of VALID.slice(2)) {
      const bytes = Buffer.from(line);
      assert.equal(checker.check(bytes, 0, bytes.length), undefined);
      const parsed = JSON.parse(line) as Record<string, unknown>;
      ['timestamp', 'message', 'missing'].forEach((name, i) => {
        const start = checker.fields.starts[i]!;
        const value = start < 0 ? undefined : JSON.parse(bytes.toString('utf8', start, checker.fields.ends[i]));
        assert.deepEqual(value, parsed[name], `${name} in ${line}`);
      });
    }
  });
});
