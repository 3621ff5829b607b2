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

/** A series is (metric, action, success, persona, release, object type); one table per partition. */
export class SeriesIndex {
  private readonly ids = new Map<number, number>();
  metric: number[] = [];
  action: number[] = [];
  success: number[] = [];
  persona: number[] = [];
  release: number[] = [];
  objectType: number[] = [];
  firstUs: number[] = [];
  lastUs: number[] = [];

  constructor(private readonly personas: Persona[]) {}

  reset(): void {
    this.ids.clear();
    for (const list of [this.metric, this.action, this.success, this.persona, this.release, this.objectType, this.firstUs, this.lastUs]) list.length = 0;
  }

  get size(): number {
    return this.metric.length;
  }

  /** Numeric key of the series: exact below 2^53 for any catalogue and release count in range. */
  key(metric: number, action: number, success: number, persona: number, release: number, objectType: number): number {
    const k = ((metric * ACTIONS.length + action) * 2 + success) * this.personas.length + persona;
    return (k * 1_000_000 + release) * (OBJECT_TYPES.length + 1) + objectType + 1;
  }

  lookup(metric: number, action: number, success: number, persona: number, release: number, objectType: number, tUs: number): number {
    const key = this.key(metric, action, success, persona, release, objectType);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.metric.length;
      this.ids.set(key, id);
      this.metric.push(metric);
      this.action.push(action);
      this.success.push(success);
      this.persona.push(persona);
      this.release.push(release);
      this.objectType.push(objectType);
      this.firstUs.push(tUs);
      this.lastUs.push(tUs);
    } else {
      if (tUs < this.firstUs[id]!) this.firstUs[id] = tUs;
      if (tUs > this.lastUs[id]!) this.lastUs[id] = tUs;
    }
    return id;
  }

  keyOf(id: number): number {
    return this.key(this.metric[id]!, this.action[id]!, this.success[id]!, this.persona[id]!, this.release[id]!, this.objectType[id]!);
  }
}
