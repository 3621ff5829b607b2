/**
 * The series of a partition's targets, column by column: ids, metrics and dictionary-coded labels
 * in typed arrays, appended as targets are born. A series object per series, kept for the target's
 * life and made again for the series table, was most of what a 30-day worker promoted to V8's old
 * generation (~4 MiB a partition), and so set its peak RSS; these columns are ~100 bytes a series.
 */
import type { Vector } from 'apache-arrow';
import { FirstSeen, codedLabelsColumn, firstSeenOrder, utf8Values } from '../common/dictionaries.js';
import { indexedDictionaryColumn, timestampsFromNumbers, uint64Column } from '../common/columns.js';
import { METRIC_NAMES, isCumulative, type SeriesDef } from './series.js';

const INITIAL_CAPACITY = 1024;

export class SeriesCatalog {
  count = 0;
  ids = new BigUint64Array(INITIAL_CAPACITY);
  /** `ids` as little-endian 32-bit words: ids compare without making a BigInt per read. */
  private idWords = new Uint32Array(this.ids.buffer);
  /** Index in METRIC_NAMES. */
  metrics = new Int32Array(INITIAL_CAPACITY);
  /** 1 for counters and histogram parts (they have a start time), 0 for gauges. */
  cumulative = new Uint8Array(INITIAL_CAPACITY);
  ticksPerUnit = new Float64Array(INITIAL_CAPACITY);
  private types = new Int32Array(INITIAL_CAPACITY);
  private units = new Int32Array(INITIAL_CAPACITY);
  /** Labels of series i: entries labelOffsets[i] .. labelOffsets[i + 1]. */
  private labelOffsets = new Int32Array(INITIAL_CAPACITY + 1);
  private keyCodes = new Int32Array(INITIAL_CAPACITY * 8);
  private valueCodes = new Int32Array(INITIAL_CAPACITY * 8);
  private typeNames = new FirstSeen<string>();
  private unitNames = new FirstSeen<string>();
  private keys = new FirstSeen<string>();
  private texts = new FirstSeen<string>();

  /**
   * Empties the catalog for the next partition, keeping its arrays: grown anew each partition,
   * they were ArrayBuffers that only a full collection freed.
   */
  reset(): this {
    this.count = 0;
    this.labelOffsets[0] = 0;
    this.typeNames = new FirstSeen();
    this.unitNames = new FirstSeen();
    this.keys = new FirstSeen();
    this.texts = new FirstSeen();
    return this;
  }

  /** Appends a target's series; returns the catalog index of the first. */
  add(series: readonly SeriesDef[]): number {
    const first = this.count;
    this.reserve(first + series.length, this.labelOffsets[first]! + series.reduce((sum, def) => sum + def.labels.length, 0));
    for (const def of series) {
      const i = this.count++;
      this.ids[i] = def.id;
      this.metrics[i] = def.metricIndex;
      this.cumulative[i] = isCumulative(def.type) ? 1 : 0;
      this.ticksPerUnit[i] = def.ticksPerUnit;
      this.types[i] = this.typeNames.of(def.type);
      this.units[i] = this.unitNames.of(def.unit);
      let entry = this.labelOffsets[i]!;
      for (const [key, value] of def.labels) {
        this.keyCodes[entry] = this.keys.of(key);
        this.valueCodes[entry++] = this.texts.of(value);
      }
      this.labelOffsets[i + 1] = entry;
    }
    return first;
  }

  /** Orders series a and b by id. */
  compareIds(a: number, b: number): number {
    const words = this.idWords;
    return words[2 * a + 1]! - words[2 * b + 1]! || words[2 * a]! - words[2 * b]!;
  }

  /** `{"__name__":…,labels…}`, the metric object of a VictoriaMetrics import line. */
  metricJson(i: number): string {
    const fields: Record<string, string> = { __name__: METRIC_NAMES[this.metrics[i]!]! };
    for (let entry = this.labelOffsets[i]!; entry < this.labelOffsets[i + 1]!; entry++) fields[this.keys.values[this.keyCodes[entry]!]!] = this.texts.values[this.valueCodes[entry]!]!;
    return JSON.stringify(fields);
  }

  /**
   * The series table's columns for `rows` (catalog indices, in table order), each dictionary in
   * first-seen order of the rows, as dictionary columns of the rows' strings would have it.
   */
  columns(rows: Int32Array, commonLabels: readonly string[], firstMs: Float64Array, lastMs: Float64Array): Record<string, Vector> {
    const offsets = new Int32Array(rows.length + 1);
    rows.forEach((row, i) => (offsets[i + 1] = offsets[i]! + this.labelOffsets[row + 1]! - this.labelOffsets[row]!));
    const entries = new Int32Array(offsets[rows.length]!);
    rows.forEach((row, i) => {
      for (let k = 0; k < offsets[i + 1]! - offsets[i]!; k++) entries[offsets[i]! + k] = this.labelOffsets[row]! + k;
    });
    const keys = firstSeenOrder(pick(this.keyCodes, entries), this.keys.values);
    const values = firstSeenOrder(pick(this.valueCodes, entries), this.texts.values);
    const common = Object.fromEntries(commonLabels.map((name) => [name, this.dictionary(this.labelCodes(rows, name), this.texts.values)]));
    return {
      series_id: uint64Column(pick(this.ids, rows)),
      metric: this.dictionary(pick(this.metrics, rows), METRIC_NAMES),
      labels: codedLabelsColumn({ offsets, keyIndices: keys.indices, keys: utf8Values(keys.values), valueIndices: values.indices, values: utf8Values(values.values) }),
      ...common,
      type: this.dictionary(pick(this.types, rows), this.typeNames.values),
      unit: this.dictionary(pick(this.units, rows), this.unitNames.values),
      first_ts: timestampsFromNumbers(firstMs),
      last_ts: timestampsFromNumbers(lastMs),
    };
  }

  private dictionary(codes: Int32Array, names: readonly string[]): Vector {
    const { indices, values } = firstSeenOrder(codes, names);
    return indexedDictionaryColumn(indices, values);
  }

  /** Each row's text code of label `name`, -1 where the series has no such label. */
  private labelCodes(rows: Int32Array, name: string): Int32Array {
    const key = this.keys.find(name);
    const codes = new Int32Array(rows.length).fill(-1);
    rows.forEach((row, i) => {
      for (let entry = this.labelOffsets[row]!; entry < this.labelOffsets[row + 1]!; entry++) if (this.keyCodes[entry] === key) codes[i] = this.valueCodes[entry]!;
    });
    return codes;
  }

  private reserve(series: number, entries: number): void {
    if (series > this.ids.length) {
      const capacity = Math.max(series, 2 * this.ids.length);
      this.ids = grown(this.ids, new BigUint64Array(capacity));
      this.idWords = new Uint32Array(this.ids.buffer);
      this.metrics = grown(this.metrics, new Int32Array(capacity));
      this.cumulative = grown(this.cumulative, new Uint8Array(capacity));
      this.ticksPerUnit = grown(this.ticksPerUnit, new Float64Array(capacity));
      this.types = grown(this.types, new Int32Array(capacity));
      this.units = grown(this.units, new Int32Array(capacity));
      this.labelOffsets = grown(this.labelOffsets, new Int32Array(capacity + 1));
    }
    if (entries > this.keyCodes.length) {
      const capacity = Math.max(entries, 2 * this.keyCodes.length);
      this.keyCodes = grown(this.keyCodes, new Int32Array(capacity));
      this.valueCodes = grown(this.valueCodes, new Int32Array(capacity));
    }
  }
}

function grown<T extends { set(array: T): void }>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** values[at[i]] for each i (typed-array `from` with a mapper would gather the values in a heap array first). */
export function pick<T extends Int32Array | Float64Array | BigUint64Array>(values: T, at: Int32Array): T {
  const out = new (values.constructor as new (length: number) => T)(at.length);
  for (let i = 0; i < at.length; i++) out[i] = values[at[i]!]!;
  return out;
}
