import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setBits } from '../../src/sim/common/bits.js';
import { normalCdf } from '../../src/sim/common/math.js';
import { createRng, poissonTimes } from '../../src/sim/common/rng.js';
import { selectShard } from '../../src/plan/shard.js';
import type { Data, Vector } from 'apache-arrow';
import { dictionaryColumn, labelsColumn } from '../../src/sim/common/columns.js';
import { SeriesCatalog } from '../../src/sim/k8s/catalog.js';
import { METRIC_NAMES, type SeriesDef } from '../../src/sim/k8s/series.js';

describe('simulation building blocks', () => {
  it('setBits sets exactly the bits of [from, to)', () => {
    for (const [from, to] of [[0, 0], [0, 8], [3, 5], [5, 21], [7, 64], [13, 13]] as const) {
      const bitmap = new Uint8Array(8);
      setBits(bitmap, from, to);
      for (let i = 0; i < 64; i++) assert.equal(((bitmap[i >> 3]! >> (i & 7)) & 1) === 1, i >= from && i < to, `[${from}, ${to}) bit ${i}`);
    }
  });

  it('random streams are reproducible and independent', () => {
    const a = createRng(1, 'h', 'pods', 3);
    const b = createRng(1, 'h', 'pods', 3);
    const c = createRng(1, 'h', 'pods', 4);
    const draws = (rng: () => number) => Array.from({ length: 5 }, rng);
    assert.deepEqual(draws(a), draws(b));
    assert.notDeepEqual(draws(createRng(1, 'h', 'pods', 3)), draws(c));
  });

  it('Poisson event times have the asked rate', () => {
    let events = 0;
    for (let i = 0; i < 500; i++) events += poissonTimes(createRng(i, 'h', 'p'), 0.001, 0, 20_000).length;
    assert.ok(Math.abs(events / 500 - 20) < 1, `mean ${events / 500}`);
  });

  it('normalCdf matches known values', () => {
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-5);
  });

  it('--shard i/N takes every N-th partition from i, and the slices cover the plan once', () => {
    const partitions = Array.from({ length: 7 }, (_, i) => ({ key: String(i), estimatedRows: 1 }));
    const slices = [0, 1, 2].map((index) => selectShard(partitions, { index, count: 3 }).map((p) => p.key));
    assert.deepEqual(slices, [['0', '3', '6'], ['1', '4'], ['2', '5']]);
  });

  it('the k8s series catalog builds the columns the series strings would, dictionaries in table order', () => {
    const def = (id: bigint, metricIndex: number, labels: Array<[string, string]>, type: SeriesDef['type'], unit: string): SeriesDef => ({
      id,
      metric: METRIC_NAMES[metricIndex]!,
      metricIndex,
      labels,
      type,
      unit,
      ticksPerUnit: 0,
    });
    const defs = [
      def(5n, 0, [['instance', 'node-1'], ['mode', 'idle'], ['zone', 'a']], 'counter', 'seconds'),
      def(9n, 1, [['instance', 'node-1'], ['zone', 'a']], 'gauge', 'bytes'),
      def(2n, 8, [['path', '/pay'], ['pod', 'pay-1'], ['status', '200']], 'counter', 'requests'),
      def(7n, 8, [['path', '/pay'], ['pod', 'pay-1'], ['status', '500']], 'counter', 'requests'),
      def(1n, 12, [['area', 'heap'], ['pod', 'pay-2']], 'gauge', 'bytes'),
    ];
    const catalog = new SeriesCatalog();
    catalog.add(defs.slice(0, 2));
    catalog.add(defs.slice(2));
    const rows = Int32Array.from([4, 2, 0, 3, 1]);
    const ordered = Array.from(rows, (row) => defs[row]!);
    const columns = catalog.columns(rows, ['pod', 'zone'], new Float64Array(5), new Float64Array(5));
    const expected: Record<string, Vector> = {
      metric: dictionaryColumn(ordered.map((d) => d.metric)),
      labels: labelsColumn(ordered.map((d) => d.labels)),
      pod: dictionaryColumn(ordered.map((d) => d.labels.find(([key]) => key === 'pod')?.[1] ?? null)),
      zone: dictionaryColumn(ordered.map((d) => d.labels.find(([key]) => key === 'zone')?.[1] ?? null)),
      type: dictionaryColumn(ordered.map((d) => d.type)),
      unit: dictionaryColumn(ordered.map((d) => d.unit)),
    };
    for (const [name, vector] of Object.entries(expected)) assert.deepEqual(layout(columns[name]!.data[0]!), layout(vector.data[0]!), name);
    assert.deepEqual([...columns.series_id!], [1n, 2n, 5n, 7n, 9n]);
    assert.equal(catalog.metricJson(3), '{"__name__":"http_requests_total","path":"/pay","pod":"pay-1","status":"500"}');
  });
});

/** What a column holds as written: offsets, null count, dictionary indices and values, children. */
function layout(data: Data): unknown {
  return {
    type: String(data.type),
    nulls: data.nullCount,
    offsets: data.valueOffsets ? Array.from(data.valueOffsets) : null,
    indices: data.dictionary ? Array.from(data.values as Int32Array).slice(0, data.length) : null,
    dictionary: data.dictionary ? [...data.dictionary] : null,
    children: data.children.map(layout),
  };
}
