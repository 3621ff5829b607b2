/**
 * The metrics of a partition as a `series` table (one row per label set seen in the partition;
 * series_id is unique per partition, so samples join series exactly) and a `samples` table sorted
 * by (series_id, ts) with exemplar trace_id/request_id.
 */
import type { Table, Vector } from 'apache-arrow';
import { splitmix64Words } from '../common/bits.js';
import { tableOf, timestampColumn, uint64Column, indexedDictionaryColumn } from '../common/columns.js';
import { ACTIONS } from './actions.js';
import { AsciiColumn } from './ascii-column.js';
import { labelsColumn } from './series-labels.js';
import type { SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import type { SampleRows, SpanRows } from './rows.js';
import type { SampleColumns } from './tables.js';
import type { ReleaseTagColumns } from './tag-columns.js';
import { DICT, personaDictionary, type SpanColumns } from './span-columns.js';

/** Ids unique within the partition: splitmix64 (a bijection) of (partition ordinal << 43 | series key). */
export function seriesIds(series: SeriesIndex, partitionOrdinal: number): BigUint64Array {
  const ids = new BigUint64Array(series.size);
  const words = new Uint32Array(ids.buffer);
  const saltHigh = partitionOrdinal << 11;
  for (let s = 0; s < series.size; s++) {
    const key = series.keyOf(s);
    const high = Math.floor(key / 4294967296);
    splitmix64Words((high | saltHigh) >>> 0, key - high * 4294967296, words, 2 * s);
  }
  return ids;
}

const INDEX_BITS = 2 ** 21;

/**
 * Series by ascending unsigned 64-bit id, from the ids' 32-bit words: a native sort of doubles
 * (high word × 2^21 + series index), then runs with equal high words put in order by the low word.
 */
function seriesOrder(idWords: Uint32Array, count: number): Int32Array {
  const order = new Int32Array(count);
  if (count > INDEX_BITS) {
    for (let s = 0; s < count; s++) order[s] = s;
    return order.sort((a, b) => idWords[2 * a + 1]! - idWords[2 * b + 1]! || idWords[2 * a]! - idWords[2 * b]!);
  }
  const keys = new Float64Array(count);
  for (let s = 0; s < count; s++) keys[s] = idWords[2 * s + 1]! * INDEX_BITS + s;
  keys.sort();
  for (let r = 0; r < count; r++) order[r] = keys[r]! % INDEX_BITS;
  for (let r = 0; r < count; ) {
    let end = r + 1;
    while (end < count && idWords[2 * order[end]! + 1] === idWords[2 * order[r]! + 1]) end++;
    if (end - r > 1) order.subarray(r, end).sort((a, b) => idWords[2 * a]! - idWords[2 * b]!);
    r = end;
  }
  return order;
}

const sampleIds = { traceId: new AsciiColumn(), requestId: new AsciiColumn() };

/**
 * Samples sorted by (series_id, ts): counting sort by series rank, then by time within a series.
 * `metricOf` gives each series' metric (its index in the metrics dictionary).
 */
export function sortedSamples(
  spans: SpanRows,
  samples: SampleRows,
  ids: BigUint64Array,
  metricOf: ArrayLike<number>,
  columns: SpanColumns,
): { table: SampleColumns; order: Int32Array } {
  const idWords = new Uint32Array(ids.buffer, ids.byteOffset, ids.length * 2);
  const order = seriesOrder(idWords, ids.length);
  const rank = new Int32Array(ids.length);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
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
  const outWords = new Uint32Array(seriesIdsOut.buffer);
  const ts = new BigInt64Array(n);
  const tsWords = new Int32Array(ts.buffer);
  const values = new Float64Array(n);
  const metrics = new Int32Array(n);
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
    metrics[j] = metricOf[s]!;
    if (samples.exemplar[i]) {
      sampleIds.traceId.bytes(columns.ids.traceId.value(span)).end();
      sampleIds.requestId.bytes(columns.ids.requestId.value(span)).end();
    } else {
      sampleIds.traceId.nullValue();
      sampleIds.requestId.nullValue();
    }
  }
  return { table: { seriesIds: seriesIdsOut, metrics, ts, values, traceId: sampleIds.traceId.vector(), requestId: sampleIds.requestId.vector() }, order: out };
}

/** `tags`: the partition's release tag columns (its spans use every release its series do). */
export function seriesTable(plan: SocialPlan, series: SeriesIndex, ids: BigUint64Array, tags: ReleaseTagColumns): Table {
  const n = series.size;
  const action = new Int32Array(n);
  const service = new Int32Array(n);
  const success = new Int32Array(n);
  const isWrite = new Int32Array(n);
  const persona = new Int32Array(n);
  const objectType = new Int32Array(n);
  const release = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const set = series.labelSet[s]!;
    const a = ACTIONS[series.setAction[set]!]!;
    action[s] = a.index;
    service[s] = a.serviceIndex;
    success[s] = series.setSuccess[set]!;
    isWrite[s] = a.isWrite ? 1 : 0;
    persona[s] = series.setPersona[set]!;
    objectType[s] = series.setObjectType[set]!;
    release[s] = series.setRelease[set]!;
  }
  const metric = series.metric.slice(0, n);
  const columns: Record<string, Vector> = {
    series_id: uint64Column(ids),
    metric: indexedDictionaryColumn(metric.slice(), DICT.metrics),
    labels: labelsColumn(plan, series),
    service: indexedDictionaryColumn(service.slice(), DICT.services),
    stack: indexedDictionaryColumn(service, DICT.stacks),
    action: indexedDictionaryColumn(action, DICT.actions),
    success: indexedDictionaryColumn(success, DICT.booleans),
    is_write: indexedDictionaryColumn(isWrite, DICT.booleans),
    persona: indexedDictionaryColumn(persona, personaDictionary(plan)),
    object_type: indexedDictionaryColumn(objectType, DICT.objectTypes),
  };
  Object.assign(columns, tags.columns(release, new Set(Object.keys(columns))));
  columns.type = indexedDictionaryColumn(metric.slice(), DICT.metricTypes);
  columns.unit = indexedDictionaryColumn(metric, DICT.metricUnits);
  columns.first_ts = timestampColumn(msWords(series.firstUs, n));
  columns.last_ts = timestampColumn(msWords(series.lastUs, n));
  return tableOf(columns);
}

/** Milliseconds (from microseconds) as int64 without a BigInt per value. */
function msWords(micros: Float64Array, count: number): BigInt64Array {
  const out = new BigInt64Array(count);
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < count; i++) {
    const ms = Math.floor(micros[i]! / 1000);
    const hi = Math.floor(ms / 4294967296);
    words[2 * i] = (ms - hi * 4294967296) | 0;
    words[2 * i + 1] = hi;
  }
  return out;
}
