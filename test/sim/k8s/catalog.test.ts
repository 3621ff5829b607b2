import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Data, Vector } from 'apache-arrow';
import { dictionaryColumn, labelsColumn } from '../../../src/sim/common/columns.js';
import { SeriesCatalog } from '../../../src/sim/k8s/catalog.js';
import { METRIC_NAMES, type SeriesDef } from '../../../src/sim/k8s/series.js';

describe('sim/k8s/catalog', () => {
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
