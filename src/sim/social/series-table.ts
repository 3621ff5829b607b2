/**
 * The metrics of a partition as a `series` table (one row per label set seen in the partition;
 * series_id is unique per partition, so samples join series exactly) and a `samples` table sorted
 * by (series_id, ts) with exemplar trace_id/request_id.
 */
import { Field, Map_, Struct, Table, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { timestampColumn, uint64Column } from '../common/columns.js';
import { ACTIONS } from './actions.js';
import { AsciiColumn, dictionaryColumn } from './arrow.js';
import { OBJECT_TYPES, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { TAG_NAMES, RELEASE_ID_TAG } from './releases.js';
import type { SampleRows, SpanRows } from './rows.js';
import type { SampleColumns } from './tables.js';
import { DICT, personaDictionary, type SpanColumns } from './span-columns.js';

const MASK64 = (1n << 64n) - 1n;

/** splitmix64: a bijection, so distinct (partition, key) pairs get distinct ids. */
function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export function seriesIds(series: SeriesIndex, partitionOrdinal: number): BigUint64Array {
  const ids = new BigUint64Array(series.size);
  const salt = BigInt(partitionOrdinal) << 43n;
  for (let s = 0; s < series.size; s++) ids[s] = splitmix64(salt | BigInt(series.keyOf(s)));
  return ids;
}

const sampleIds = { traceId: new AsciiColumn(), requestId: new AsciiColumn() };

/** Samples sorted by (series_id, ts): counting sort by series rank, then by time within a series. */
export function sortedSamples(spans: SpanRows, samples: SampleRows, ids: BigUint64Array, columns: SpanColumns): { table: SampleColumns; order: Int32Array } {
  const order = Array.from(ids.keys()).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Int32Array(ids.length);
  order.forEach((s, r) => (rank[s] = r));
  const n = samples.length;
  const start = new Int32Array(ids.length + 1);
  for (let i = 0; i < n; i++) start[rank[samples.series[i]!]! + 1]!++;
  for (let r = 0; r < ids.length; r++) start[r + 1]! += start[r]!;
  const next = start.slice(0, ids.length);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[next[rank[samples.series[i]!]!]!++] = i;
  for (let r = 0; r < ids.length; r++) {
    for (let j = start[r]! + 1; j < start[r + 1]!; j++) {
      const row = out[j]!;
      const t = spans.startUs[samples.span[row]!]!;
      let k = j - 1;
      while (k >= start[r]! && spans.startUs[samples.span[out[k]!]!]! > t) {
        out[k + 1] = out[k]!;
        k--;
      }
      out[k + 1] = row;
    }
  }
  const seriesIdsOut = new BigUint64Array(n);
  const ts = new BigInt64Array(n);
  const values = new Float64Array(n);
  sampleIds.traceId.reset(n);
  sampleIds.requestId.reset(n);
  for (let j = 0; j < n; j++) {
    const i = out[j]!;
    const span = samples.span[i]!;
    seriesIdsOut[j] = ids[samples.series[i]!]!;
    ts[j] = BigInt(Math.floor(spans.startUs[span]! / 1000));
    values[j] = samples.value[i]!;
    if (samples.exemplar[i]) {
      sampleIds.traceId.bytes(columns.ids.traceId.value(span)).end();
      sampleIds.requestId.bytes(columns.ids.requestId.value(span)).end();
    } else {
      sampleIds.traceId.nullValue();
      sampleIds.requestId.nullValue();
    }
  }
  return { table: { seriesIds: seriesIdsOut, ts, values, traceId: sampleIds.traceId.vector(), requestId: sampleIds.requestId.vector() }, order: out };
}

const LABELS_TYPE = new Map_<Utf8, Utf8>(
  new Field('entries', new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]), false),
  false,
);
const encoder = new TextEncoder();
const encoded = new Map<string, Uint8Array>();
const bytesOf = (text: string): Uint8Array => {
  let bytes = encoded.get(text);
  if (!bytes) encoded.set(text, (bytes = encoder.encode(text)));
  return bytes;
};

/** The seed's metric tags of a series, in its order: service, stack, action, success, is_write, persona, release_id, object_type. */
export function seriesTags(plan: SocialPlan, series: SeriesIndex, s: number): Array<[string, string]> {
  const a = ACTIONS[series.action[s]!]!;
  const tags: Array<[string, string]> = [
    ['service', a.service], ['stack', a.stack], ['action', a.name], ['success', series.success[s] ? 'true' : 'false'],
    ['is_write', a.isWrite ? 'true' : 'false'], ['persona', plan.personas[series.persona[s]!]!.name],
    ['release_id', plan.releases.tags[series.release[s]!]![RELEASE_ID_TAG]!],
  ];
  const obj = series.objectType[s]!;
  if (obj >= 0) tags.push(['object_type', OBJECT_TYPES[obj]!]);
  return tags;
}

export function seriesTable(plan: SocialPlan, series: SeriesIndex, ids: BigUint64Array): Table {
  const n = series.size;
  const keys = new AsciiColumn();
  const values = new AsciiColumn();
  keys.reset(n * 8);
  values.reset(n * 8);
  const offsets = new Int32Array(n + 1);
  let entries = 0;
  for (let s = 0; s < n; s++) {
    for (const [k, v] of seriesTags(plan, series, s)) {
      keys.bytes(bytesOf(k)).end();
      values.bytes(bytesOf(v)).end();
      entries++;
    }
    offsets[s + 1] = entries;
  }
  const struct = makeData({ type: LABELS_TYPE.children[0]!.type, length: entries, children: [keys.vector().data[0]!, values.vector().data[0]!] });
  const labels = makeVector(makeData({ type: LABELS_TYPE, length: n, valueOffsets: offsets, child: struct }));
  const releaseLocal = new Map<number, number>();
  const releaseIndex = Int32Array.from(series.release, (r) => {
    let local = releaseLocal.get(r);
    if (local === undefined) releaseLocal.set(r, (local = releaseLocal.size));
    return local;
  });
  const used = [...releaseLocal.keys()];
  const index = (values: number[], f: (v: number) => number = (v) => v) => Int32Array.from(values, f);
  const columns: Record<string, Vector> = {
    series_id: uint64Column(ids),
    metric: dictionaryColumn(index(series.metric), DICT.metrics),
    labels,
    service: dictionaryColumn(index(series.action, (a) => ACTIONS[a]!.serviceIndex), DICT.services),
    stack: dictionaryColumn(index(series.action, (a) => ACTIONS[a]!.serviceIndex), DICT.stacks),
    action: dictionaryColumn(index(series.action), DICT.actions),
    success: dictionaryColumn(index(series.success), DICT.booleans),
    is_write: dictionaryColumn(index(series.action, (a) => (ACTIONS[a]!.isWrite ? 1 : 0)), DICT.booleans),
    persona: dictionaryColumn(index(series.persona), personaDictionary(plan)),
    object_type: dictionaryColumn(index(series.objectType), DICT.objectTypes),
  };
  TAG_NAMES.forEach((name, t) => {
    if (!(name in columns)) columns[name] = dictionaryColumn(releaseIndex.slice(), used.map((r) => plan.releases.tags[r]![t]!));
  });
  columns.type = dictionaryColumn(index(series.metric), DICT.metricTypes);
  columns.unit = dictionaryColumn(index(series.metric), DICT.metricUnits);
  columns.first_ts = timestampColumn(BigInt64Array.from(series.firstUs, (us) => BigInt(Math.floor(us / 1000))));
  columns.last_ts = timestampColumn(BigInt64Array.from(series.lastUs, (us) => BigInt(Math.floor(us / 1000))));
  return new Table(columns);
}
