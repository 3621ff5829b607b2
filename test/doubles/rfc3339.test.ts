import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimeValue } from './rfc3339.js';

/** What the double read before the digit parser: Date.parse of the JSON string's text, NaN for other values. */
function reference(json: string): number {
  const value = JSON.parse(json) as unknown;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

const TEXTS = [
  '2026-03-02T00:00:00.000Z', '2026-03-02T23:59:59.999Z', '2026-03-02T12:34:56Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z',
  '2024-02-29T10:00:00.000Z', '2026-02-29T10:00:00.000Z', '2026-02-30T10:00:00Z', '2026-04-31T00:00:00Z', '2000-02-29T00:00:00Z', '1900-02-29T00:00:00Z',
  '2026-03-02T24:00:00Z', '2026-03-02T23:60:00Z', '2026-03-02T23:59:60Z', '2026-00-02T00:00:00Z', '2026-13-02T00:00:00Z', '2026-03-00T00:00:00Z',
  '0099-01-01T00:00:00Z', '0100-01-01T00:00:00Z', '0050-06-15T12:00:00.500Z', '9999-12-31T23:59:59.999Z',
  '2026-03-02T00:00:00.1Z', '2026-03-02T00:00:00.12Z', '2026-03-02T00:00:00.1234Z', '2026-03-02T00:00:00.123456789Z', '2026-03-02T00:00:00,123Z',
  '2026-03-02T00:00:00.000+02:00', '2026-03-02T00:00:00.000-0130', '2026-03-02T00:00:00.000', '2026-03-02', '2026-03-02T00:00Z',
  '2026-03-02t00:00:00.000z', '2026-03-02 00:00:00.000Z', '2026-3-02T00:00:00.000Z', '2026-03-02T00:00:0a.000Z', '+002026-03-02T00:00:00.000Z',
  'Mon, 02 Mar 2026 00:00:00 GMT', 'March 2, 2026', 'yesterday', '', '2026-03-02T00:00:00.000Z ', ' 2026-03-02T00:00:00.000Z', '2026/03/02T00:00:00.000Z',
];

describe('time values of the VictoriaLogs double', () => {
  const parse = (json: string) => {
    // In place inside a larger line, as the double reads it.
    const bytes = Buffer.from(`{"t":${json},"x":1}`);
    return parseTimeValue(bytes, 5, 5 + Buffer.byteLength(json));
  };

  it('reads every time text exactly as Date.parse does, accepted or rejected', () => {
    for (const text of TEXTS) assert.equal(parse(JSON.stringify(text)), reference(JSON.stringify(text)), text);
  });

  it('decodes escaped and non-ASCII strings before parsing, and rejects values that are not strings', () => {
    for (const json of ['"\\u0032026-03-02T00:00:00.000Z"', '"2026-03-02T00:00:00.000\\u005a"', '"2026-03-02T00:00:00.000Z\\n"', '"2026-03-02T00:00:00.00０Z"', '1772409600000', 'null', 'true', '["2026-03-02T00:00:00.000Z"]']) {
      assert.equal(parse(json), reference(json), json);
    }
  });

  it('agrees with Date.parse over every day of four years and times across the day', () => {
    for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000 + 3_723_457) {
      const text = new Date(ms).toISOString();
      assert.equal(parse(JSON.stringify(text)), ms, text);
      assert.equal(parse(JSON.stringify(text.replace(/\.\d{3}Z$/, 'Z'))), reference(JSON.stringify(text.replace(/\.\d{3}Z$/, 'Z'))), text);
    }
  });
});
