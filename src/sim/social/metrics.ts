/** The seed's per-span metrics and the series they fall into within a partition. */
import { ACTIONS } from './actions.js';
import type { Persona } from './personas.js';

export interface MetricDef {
  name: string;
  type: 'gauge';
  unit: string;
  /** Python prints floats with a decimal point (`164.0`) and ints without: JSONL keeps that. */
  float: boolean;
}

export const METRICS: MetricDef[] = [
  { name: 'request_duration_ms', type: 'gauge', unit: 'milliseconds', float: true },
  { name: 'request_size_bytes', type: 'gauge', unit: 'bytes', float: false },
  { name: 'response_size_bytes', type: 'gauge', unit: 'bytes', float: false },
  { name: 'db_query_count', type: 'gauge', unit: 'queries', float: false },
  { name: 'cache_hit', type: 'gauge', unit: 'ratio', float: true },
];
export const DURATION = 0;

export const OBJECT_TYPES: string[] = [...new Set(ACTIONS.flatMap((a) => (a.objectType ? [a.objectType] : [])))].sort();

/**
 * Series of a partition. A label set is (action, success, persona, release, object type); each has
 * up to one series per metric. Label sets live in an open-addressing table keyed by a number.
 */
export class SeriesIndex {
  private keys = new Float64Array(1 << 12);
  private slots = new Int32Array(1 << 12).fill(-1);
  setKey: number[] = [];
  setAction: number[] = [];
  setSuccess: number[] = [];
  setPersona: number[] = [];
  setRelease: number[] = [];
  setObjectType: number[] = [];
  private setSeries = new Int32Array(0);
  /** Per series: its label set, metric and first/last sample time. */
  labelSet: number[] = [];
  metric: number[] = [];
  firstUs: number[] = [];
  lastUs: number[] = [];

  constructor(private readonly personas: Persona[]) {}

  get size(): number {
    return this.metric.length;
  }

  /** The label set of a span, created on first use. */
  set(action: number, success: number, persona: number, release: number, objectType: number): number {
    const key = (((action * 2 + success) * this.personas.length + persona) * 1_000_000 + release) * (OBJECT_TYPES.length + 1) + objectType + 1;
    const mask = this.slots.length - 1;
    let h = Math.imul((key | 0) ^ Math.imul(Math.floor(key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b) & mask;
    for (;;) {
      const slot = this.slots[h]!;
      if (slot < 0) break;
      if (this.keys[h] === key) return slot;
      h = (h + 1) & mask;
    }
    const id = this.setKey.length;
    this.keys[h] = key;
    this.slots[h] = id;
    this.setKey.push(key);
    this.setAction.push(action);
    this.setSuccess.push(success);
    this.setPersona.push(persona);
    this.setRelease.push(release);
    this.setObjectType.push(objectType);
    if (this.setSeries.length < (id + 1) * METRICS.length) {
      const grown = new Int32Array(Math.max(1024, this.setSeries.length * 2)).fill(-1);
      grown.set(this.setSeries);
      this.setSeries = grown;
    }
    if (this.setKey.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The series of (label set, metric), created on first use; widens its time range. */
  series(set: number, metric: number, tUs: number): number {
    const at = set * METRICS.length + metric;
    let id = this.setSeries[at]!;
    if (id < 0) {
      id = this.metric.length;
      this.setSeries[at] = id;
      this.labelSet.push(set);
      this.metric.push(metric);
      this.firstUs.push(tUs);
      this.lastUs.push(tUs);
    } else {
      if (tUs < this.firstUs[id]!) this.firstUs[id] = tUs;
      if (tUs > this.lastUs[id]!) this.lastUs[id] = tUs;
    }
    return id;
  }

  /** A number unique to the series within the partition (below 2^47). */
  keyOf(series: number): number {
    return this.setKey[this.labelSet[series]!]! * 8 + this.metric[series]!;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.keys = new Float64Array(size);
    this.slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    this.setKey.forEach((key, id) => {
      let h = Math.imul((key | 0) ^ Math.imul(Math.floor(key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b) & mask;
      while (this.slots[h]! >= 0) h = (h + 1) & mask;
      this.keys[h] = key;
      this.slots[h] = id;
    });
  }
}
