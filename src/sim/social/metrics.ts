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
  /** Per label set (the first `sets` entries): its key and labels. */
  private sets = 0;
  setKey = new Float64Array(1024);
  setAction = new Int32Array(1024);
  setSuccess = new Int32Array(1024);
  setPersona = new Int32Array(1024);
  setRelease = new Int32Array(1024);
  setObjectType = new Int32Array(1024);
  private setSeries = new Int32Array(1024 * METRICS.length).fill(-1);
  /** Per series (the first `size` entries): its label set, metric and first/last sample time. */
  private count = 0;
  labelSet = new Int32Array(4096);
  metric = new Int32Array(4096);
  firstUs = new Float64Array(4096);
  lastUs = new Float64Array(4096);

  constructor(private readonly personas: Persona[]) {}

  /**
   * Empties the index for the next partition, keeping its arrays: a partition's series arrays
   * are several MB, and allocating them afresh for every partition made V8 run a full collection
   * for each (array buffers count as external memory).
   */
  reset(): this {
    this.slots.fill(-1);
    this.setSeries.fill(-1, 0, this.sets * METRICS.length);
    this.sets = 0;
    this.count = 0;
    return this;
  }

  get size(): number {
    return this.count;
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
    const id = this.sets++;
    this.keys[h] = key;
    this.slots[h] = id;
    if (id === this.setKey.length) this.growSets();
    this.setKey[id] = key;
    this.setAction[id] = action;
    this.setSuccess[id] = success;
    this.setPersona[id] = persona;
    this.setRelease[id] = release;
    this.setObjectType[id] = objectType;
    if (this.sets * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The series of (label set, metric), created on first use; widens its time range. */
  series(set: number, metric: number, tUs: number): number {
    const at = set * METRICS.length + metric;
    let id = this.setSeries[at]!;
    if (id < 0) {
      id = this.count++;
      if (id === this.metric.length) this.growSeries();
      this.setSeries[at] = id;
      this.labelSet[id] = set;
      this.metric[id] = metric;
      this.firstUs[id] = tUs;
      this.lastUs[id] = tUs;
    } else {
      if (tUs < this.firstUs[id]!) this.firstUs[id] = tUs;
      if (tUs > this.lastUs[id]!) this.lastUs[id] = tUs;
    }
    return id;
  }

  private growSets(): void {
    const capacity = this.setKey.length * 2;
    this.setKey = grown(new Float64Array(capacity), this.setKey);
    this.setAction = grown(new Int32Array(capacity), this.setAction);
    this.setSuccess = grown(new Int32Array(capacity), this.setSuccess);
    this.setPersona = grown(new Int32Array(capacity), this.setPersona);
    this.setRelease = grown(new Int32Array(capacity), this.setRelease);
    this.setObjectType = grown(new Int32Array(capacity), this.setObjectType);
    this.setSeries = grown(new Int32Array(capacity * METRICS.length).fill(-1), this.setSeries);
  }

  private growSeries(): void {
    const capacity = this.metric.length * 2;
    this.labelSet = grown(new Int32Array(capacity), this.labelSet);
    this.metric = grown(new Int32Array(capacity), this.metric);
    this.firstUs = grown(new Float64Array(capacity), this.firstUs);
    this.lastUs = grown(new Float64Array(capacity), this.lastUs);
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.keys = new Float64Array(size);
    this.slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let id = 0; id < this.sets; id++) {
      const key = this.setKey[id]!;
      let h = Math.imul((key | 0) ^ Math.imul(Math.floor(key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b) & mask;
      while (this.slots[h]! >= 0) h = (h + 1) & mask;
      this.keys[h] = key;
      this.slots[h] = id;
    }
  }
}

/** `into` with `from` copied to its start. */
function grown<T extends Int32Array | Float64Array>(into: T, from: T): T {
  into.set(from as ArrayLike<number> & T);
  return into;
}
