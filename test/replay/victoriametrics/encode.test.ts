import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonBytes } from '../../../src/bytes/json-bytes.js';
import type { RowBatch } from '../../../src/replay/read/types.js';
import { importLines, type SeriesLookup } from '../../../src/replay/victoriametrics/encode.js';

describe('VictoriaMetrics import lines', () => {
  const series: SeriesLookup = {
    index: new Map([['0:7', 0], ['1:2', 1]]),
    prefixes: ['{"metric":{"__name__":"a"},"values":[', '{"metric":{"__name__":"b","k":"v"},"values":['].map((text) => Buffer.from(text)),
  };
  const batch = (hi: number[], lo: number[], t: number[], v: number[]): RowBatch => ({
    rows: hi.length,
    ints: {},
    doubles: { hi: Float64Array.from(hi), lo: Float64Array.from(lo), t: Float64Array.from(t), v: Float64Array.from(v) },
    texts: {},
    utf8: {},
  });

  it('writes one line per series, gathering interleaved rows stably, numbers as join prints them', () => {
    const body = importLines(batch([0, 1, 0, 1, 0], [7, 2, 7, 2, 7], [1000, 1000, 2000, 2000, 3000], [0.1, 5, Number.NaN, -0, 1e21]), series, new JsonBytes(8));
    assert.equal(
      Buffer.from(body).toString(),
      '{"metric":{"__name__":"a"},"values":[0.1,NaN,1e+21],"timestamps":[1000,2000,3000]}\n' +
        '{"metric":{"__name__":"b","k":"v"},"values":[5,0],"timestamps":[1000,2000]}\n',
    );
  });

  it('refuses a sample whose series is not in the series table', () => {
    assert.throws(() => importLines(batch([0], [8], [1], [1]), series, new JsonBytes()), /series_id 8, absent from the series table/);
  });
});
