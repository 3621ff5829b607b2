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
import { RELEASE_ID_TAG, tagBytes } from './releases.js';
import { tagColumns } from './tag-columns.js';
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
  const idWords = new Uint32Array(ids.buffer, ids.byteOffset, ids.length * 2);
  const outWords = new Uint32Array(seriesIdsOut.buffer);
  const ts = new BigInt64Array(n);
  const tsWords = new Int32Array(ts.buffer);
  const values = new Float64Array(n);
  sampleIds.traceId.reset(n);
  sampleIds.requestId.reset(n);
  for (let j = 0; j < n; j++) {
    const i = out[j]!;
    const span = samples.span[i]!;
    const s = samples.series[i]!;
    outWords[2 * j] = idWords[2 * s]!;
    outWords[2 * j + 1] = idWords[2 * s + 1]!;
    const ms = Math.floor(spans.startUs[span]! / 1000);
    const hi = Math.floor(ms / 4294967296);
    tsWords[2 * j] = (ms - hi * 4294967296) | 0;
    tsWords[2 * j + 1] = hi;
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

/** The seed's metric tags of a label set, in its order: service, stack, action, success, is_write, persona, release_id, object_type. */
export function labelSetTags(plan: SocialPlan, series: SeriesIndex, set: number): Array<[string, string]> {
  const a = ACTIONS[series.setAction[set]!]!;
  const tags: Array<[string, string]> = [
    ['service', a.service], ['stack', a.stack], ['action', a.name], ['success', series.setSuccess[set] ? 'true' : 'false'],
    ['is_write', a.isWrite ? 'true' : 'false'], ['persona', plan.personas[series.setPersona[set]!]!.name],
    ['release_id', plan.releases.tags[series.setRelease[set]!]![RELEASE_ID_TAG]!],
  ];
  const obj = series.setObjectType[set]!;
  if (obj >= 0) tags.push(['object_type', OBJECT_TYPES[obj]!]);
  return tags;
}

interface LabelBlob {
  values: Uint8Array;
  valueLengths: number[];
}

const KEY_NAMES = ['service', 'stack', 'action', 'success', 'is_write', 'persona', 'release_id', 'object_type'];
const KEY_BLOB = bytesOf(KEY_NAMES.join(''));
const KEY_LENGTHS = KEY_NAMES.map((k) => k.length);
const KEY_BLOB_WITHOUT_OBJECT = KEY_BLOB.subarray(0, KEY_BLOB.length - 'object_type'.length);
const KEY_LENGTHS_WITHOUT_OBJECT = KEY_LENGTHS.slice(0, -1);
const scratch = new Uint8Array(1 << 12);

/** The values of a label set's tags, back to back (keys are always KEY_NAMES, object_type last and optional). */
function labelBlob(plan: SocialPlan, series: SeriesIndex, set: number): LabelBlob {
  const a = ACTIONS[series.setAction[set]!]!;
  const obj = series.setObjectType[set]!;
  const parts = [
    bytesOf(a.service), bytesOf(a.stack), bytesOf(a.name), bytesOf(series.setSuccess[set] ? 'true' : 'false'), bytesOf(a.isWrite ? 'true' : 'false'),
    bytesOf(plan.personas[series.setPersona[set]!]!.name), tagBytes(plan.releases, series.setRelease[set]!, RELEASE_ID_TAG),
  ];
  if (obj >= 0) parts.push(bytesOf(OBJECT_TYPES[obj]!));
  let at = 0;
  for (const part of parts) {
    scratch.set(part, at);
    at += part.length;
  }
  return { values: scratch.slice(0, at), valueLengths: parts.map((p) => p.length) };
}

const labelKeys = new AsciiColumn();
const labelValues = new AsciiColumn();

/** The labels MAP of every series: the label set's tags, bytes cached per distinct value. */
function labelsColumn(plan: SocialPlan, series: SeriesIndex): Vector {
  const n = series.size;
  labelKeys.reset(n * 8);
  labelValues.reset(n * 8);
  const offsets = new Int32Array(n + 1);
  const blobs = new Map<number, LabelBlob>();
  let entries = 0;
  for (let s = 0; s < n; s++) {
    const set = series.labelSet[s]!;
    let blob = blobs.get(set);
    if (!blob) blobs.set(set, (blob = labelBlob(plan, series, set)));
    const count = blob.valueLengths.length;
    if (count === KEY_NAMES.length) labelKeys.values(KEY_BLOB, KEY_LENGTHS);
    else labelKeys.values(KEY_BLOB_WITHOUT_OBJECT, KEY_LENGTHS_WITHOUT_OBJECT);
    labelValues.values(blob.values, blob.valueLengths);
    entries += count;
    offsets[s + 1] = entries;
  }
  const struct = makeData({ type: LABELS_TYPE.children[0]!.type, length: entries, children: [labelKeys.vector().data[0]!, labelValues.vector().data[0]!] });
  return makeVector(makeData({ type: LABELS_TYPE, length: n, valueOffsets: offsets, child: struct }));
}

export function seriesTable(plan: SocialPlan, series: SeriesIndex, ids: BigUint64Array): Table {
  const n = series.size;
  const perSeries = (of: (s: number) => number): Int32Array => {
    const out = new Int32Array(n);
    for (let s = 0; s < n; s++) out[s] = of(s);
    return out;
  };
  const of = (list: number[]) => perSeries((s) => list[series.labelSet[s]!]!);
  const serviceOf = perSeries((s) => ACTIONS[series.setAction[series.labelSet[s]!]!]!.serviceIndex);
  const metric = Int32Array.from(series.metric);
  const columns: Record<string, Vector> = {
    series_id: uint64Column(ids),
    metric: dictionaryColumn(metric.slice(), DICT.metrics),
    labels: labelsColumn(plan, series),
    service: dictionaryColumn(serviceOf.slice(), DICT.services),
    stack: dictionaryColumn(serviceOf, DICT.stacks),
    action: dictionaryColumn(of(series.setAction), DICT.actions),
    success: dictionaryColumn(of(series.setSuccess), DICT.booleans),
    is_write: dictionaryColumn(perSeries((s) => (ACTIONS[series.setAction[series.labelSet[s]!]!]!.isWrite ? 1 : 0)), DICT.booleans),
    persona: dictionaryColumn(of(series.setPersona), personaDictionary(plan)),
    object_type: dictionaryColumn(of(series.setObjectType), DICT.objectTypes),
  };
  Object.assign(columns, tagColumns(plan.releases, n, (s) => series.setRelease[series.labelSet[s]!]!, new Set(Object.keys(columns))));
  columns.type = dictionaryColumn(metric.slice(), DICT.metricTypes);
  columns.unit = dictionaryColumn(metric, DICT.metricUnits);
  columns.first_ts = timestampColumn(msWords(series.firstUs));
  columns.last_ts = timestampColumn(msWords(series.lastUs));
  return new Table(columns);
}

/** Milliseconds (from microseconds) as int64 without a BigInt per value. */
function msWords(micros: number[]): BigInt64Array {
  const out = new BigInt64Array(micros.length);
  const words = new Int32Array(out.buffer);
  micros.forEach((us, i) => {
    const ms = Math.floor(us / 1000);
    const hi = Math.floor(ms / 4294967296);
    words[2 * i] = (ms - hi * 4294967296) | 0;
    words[2 * i + 1] = hi;
  });
  return out;
}
