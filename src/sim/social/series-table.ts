/**
 * The metrics of a partition as a `series` table (one row per label set seen in the partition;
 * series_id is unique per partition, so samples join series exactly) and a `samples` table sorted
 * by (series_id, ts) with exemplar trace_id/request_id.
 */
import type { Table, Vector } from 'apache-arrow';
import { tableOf, timestampColumn, uint64Column, indexedDictionaryColumn, NO_NULLS } from '../common/columns.js';
import { Scratch } from '../common/scratch.js';
import { ACTIONS } from './actions.js';
import { AsciiColumn } from '../common/ascii-column.js';
import { labelsColumn } from './series-labels.js';
import type { SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import type { SampleRows, SpanRows } from './rows.js';
import type { SampleColumns } from './tables.js';
import type { ReleaseTagColumns } from './tag-columns.js';
import { DICT, personaDictionary, type SpanColumns } from './span-columns.js';

/**
 * Ids unique within the dataset: the partition's ordinal in the high word and the series' index
 * (the order series appear in) in the low one. Ascending ids then list series in the order they
 * appear, so samples sort by (series_id, ts) without a sort of the ids, and their delta-encoded
 * series_id column is a run of small steps instead of random 64-bit jumps.
 */
export function seriesIds(series: SeriesIndex, partitionOrdinal: number): BigUint64Array {
  const ids = scratch.seriesIds.take(series.size);
  const words = new Uint32Array(ids.buffer, ids.byteOffset, ids.length * 2);
  for (let s = 0; s < series.size; s++) {
    words[2 * s] = s;
    words[2 * s + 1] = partitionOrdinal;
  }
  return ids;
}

const sampleIds = { traceId: new AsciiColumn(), requestId: new AsciiColumn() };
const int32 = (length: number) => new Int32Array(length);
/** The arrays of a partition's metrics tables, kept for the next partition's. */
const scratch = {
  seriesIds: new Scratch((length) => new BigUint64Array(length)),
  starts: new Scratch(int32),
  next: new Scratch(int32),
  order: new Scratch(int32),
  sampleSeriesIds: new Scratch((length) => new BigUint64Array(length)),
  ts: new Scratch((length) => new BigInt64Array(length)),
  values: new Scratch((length) => new Float64Array(length)),
  metrics: new Scratch(int32),
  action: new Scratch(int32),
  service: new Scratch(int32),
  success: new Scratch(int32),
  isWrite: new Scratch(int32),
  persona: new Scratch(int32),
  objectType: new Scratch(int32),
  release: new Scratch(int32),
  firstTs: new Scratch((length) => new BigInt64Array(length)),
  lastTs: new Scratch((length) => new BigInt64Array(length)),
};

/**
 * Samples sorted by (series_id, ts): counting sort by series (ids ascend with the series index),
 * then by time within a series. `metricOf` gives each series' metric (its index in the metrics
 * dictionary). Each step is a function of one loop: V8 optimizes a running loop on its own
 * (on-stack replacement), and a function of several loops was optimized and thrown away loop by loop.
 */
export function sortedSamples(
  spans: SpanRows,
  samples: SampleRows,
  ids: BigUint64Array,
  metricOf: ArrayLike<number>,
  columns: SpanColumns,
): { table: SampleColumns; order: Int32Array } {
  const start = seriesStarts(samples, ids.length);
  const out = bySeries(samples, start);
  sortWithinSeries(spans, samples, start, out);
  return { table: sampleColumns(spans, samples, ids, metricOf, columns, out), order: out };
}

/** Where each series' samples start in series order (and the total at the end). */
function seriesStarts(samples: SampleRows, seriesCount: number): Int32Array {
  const start = scratch.starts.take(seriesCount + 1).fill(0);
  const n = samples.length;
  for (let i = 0; i < n; i++) start[samples.series[i]! + 1]!++;
  for (let r = 0; r < seriesCount; r++) start[r + 1]! += start[r]!;
  return start;
}

/** Sample rows grouped by series, in order of appearance within each. */
function bySeries(samples: SampleRows, start: Int32Array): Int32Array {
  const next = scratch.next.take(start.length - 1);
  next.set(start.subarray(0, start.length - 1));
  const n = samples.length;
  const out = scratch.order.take(n);
  for (let i = 0; i < n; i++) out[next[samples.series[i]!]!++] = i;
  return out;
}

/** Insertion sort by time within each series' run (samples arrive nearly in time order). */
function sortWithinSeries(spans: SpanRows, samples: SampleRows, start: Int32Array, out: Int32Array): void {
  for (let r = 0; r < start.length - 1; r++) {
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
}

/** The samples table's columns in the sorted order `out`. */
function sampleColumns(spans: SpanRows, samples: SampleRows, ids: BigUint64Array, metricOf: ArrayLike<number>, columns: SpanColumns, out: Int32Array): SampleColumns {
  const idWords = new Uint32Array(ids.buffer, ids.byteOffset, ids.length * 2);
  const n = samples.length;
  const seriesIdsOut = scratch.sampleSeriesIds.take(n);
  const outWords = new Uint32Array(seriesIdsOut.buffer, seriesIdsOut.byteOffset, n * 2);
  const ts = scratch.ts.take(n);
  const tsWords = new Int32Array(ts.buffer, ts.byteOffset, n * 2);
  const values = scratch.values.take(n);
  const metrics = scratch.metrics.take(n);
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
  return { seriesIds: seriesIdsOut, metrics, ts, values, traceId: sampleIds.traceId.vector(), requestId: sampleIds.requestId.vector() };
}

/** Per series, the labels of its label set as dictionary indices. */
function seriesLabels(series: SeriesIndex) {
  const n = series.size;
  const action = scratch.action.take(n);
  const service = scratch.service.take(n);
  const success = scratch.success.take(n);
  const isWrite = scratch.isWrite.take(n);
  const persona = scratch.persona.take(n);
  const objectType = scratch.objectType.take(n);
  const release = scratch.release.take(n);
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
  return { action, service, success, isWrite, persona, objectType, release };
}

/** `tags`: the partition's release tag columns (its spans use every release its series do). */
export function seriesTable(plan: SocialPlan, series: SeriesIndex, ids: BigUint64Array, tags: ReleaseTagColumns): Table {
  const n = series.size;
  const { action, service, success, isWrite, persona, objectType, release } = seriesLabels(series);
  const metric = series.metric.slice(0, n);
  const columns: Record<string, Vector> = {
    series_id: uint64Column(ids),
    metric: indexedDictionaryColumn(metric, DICT.metrics, NO_NULLS),
    labels: labelsColumn(plan, series),
    service: indexedDictionaryColumn(service, DICT.services, NO_NULLS),
    stack: indexedDictionaryColumn(service, DICT.stacks, NO_NULLS),
    action: indexedDictionaryColumn(action, DICT.actions, NO_NULLS),
    success: indexedDictionaryColumn(success, DICT.booleans, NO_NULLS),
    is_write: indexedDictionaryColumn(isWrite, DICT.booleans, NO_NULLS),
    persona: indexedDictionaryColumn(persona, personaDictionary(plan), NO_NULLS),
    object_type: indexedDictionaryColumn(objectType, DICT.objectTypes),
  };
  Object.assign(columns, tags.columns(release, new Set(Object.keys(columns))));
  columns.type = indexedDictionaryColumn(metric, DICT.metricTypes, NO_NULLS);
  columns.unit = indexedDictionaryColumn(metric, DICT.metricUnits, NO_NULLS);
  columns.first_ts = timestampColumn(msWords(series.firstUs, scratch.firstTs.take(n)));
  columns.last_ts = timestampColumn(msWords(series.lastUs, scratch.lastTs.take(n)));
  return tableOf(columns);
}

/** Milliseconds (from microseconds) as int64 without a BigInt per value. */
function msWords(micros: Float64Array, out: BigInt64Array): BigInt64Array {
  const count = out.length;
  const words = new Int32Array(out.buffer, out.byteOffset, count * 2);
  for (let i = 0; i < count; i++) {
    const ms = Math.floor(micros[i]! / 1000);
    const hi = Math.floor(ms / 4294967296);
    words[2 * i] = (ms - hi * 4294967296) | 0;
    words[2 * i + 1] = hi;
  }
  return out;
}
