import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from './line-splitter.js';

/** The lines of a body as the double reads them: split on newlines, blank ones (spaces, tabs, CR) left out. */
const reference = (body: string) => body.split('\n').filter((line) => line.replace(/[ \t\r]/g, '') !== '');

function split(chunks: Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  assert.equal(splitter.lines, lines.length);
  return lines;
}

describe('line splitter of the VictoriaLogs double', () => {
  const bodies = [
    '{"a":1}\n{"b":"ü ✓"}\n',
    '{"a":1}\n\n \t\r\n{"b":2}\r\n{"c":3}',
    '\n\n{"only":true}',
    '',
    `${'{"long":"' + 'x'.repeat(9000) + '"}'}\n{"short":1}\n`,
  ];

  it('gives the same lines however the body is cut into chunks', () => {
    for (const body of bodies) {
      const bytes = Buffer.from(body);
      assert.deepEqual(split([bytes]), reference(body));
      for (let cut = 0; cut <= bytes.length; cut += bytes.length > 100 ? 97 : 1) {
        assert.deepEqual(split([bytes.subarray(0, cut), bytes.subarray(cut)]), reference(body), `cut at ${cut}`);
      }
      const bytewise = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
      assert.deepEqual(split(bytewise), reference(body));
    }
  });
});
