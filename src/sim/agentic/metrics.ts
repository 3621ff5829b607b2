/**
 * Metrics derived from a partition's spans: the GenAI client histograms (`gen_ai.client.token.usage`
 * by token type, `gen_ai.client.operation.duration`) of every `chat` span, bucketed by the span's
 * end time, and workflow counts (sessions by start, steps by start). One point per series and
 * bucket [start_ts, ts], start_ts on the bucket boundary: a slice owns the buckets of its time range,
 * so the sessions still running from the slice before are replayed for their calls.
 */
import { makeVector, type Table } from 'apache-arrow';
import { NO_NULLS, indexedDictionaryColumn, labelsColumn, tableOf, timestampColumn, timestampsFromNumbers, uint64Column, int64From } from '../common/columns.js';
import { DURATION_BUCKETS, SEMCONV, SERVICES, CLOUD, DESKTOP, TOKEN_BUCKETS } from './catalog.js';
import { OP_CHAT } from './names.js';
import type { AgenticPlan, Partition } from './plan.js';
import type { SpanRows } from './rows.js';
import type { Dictionaries } from './vocab.js';

interface Family {
  name: string;
  unit: string;
  /** Histogram bounds, or null for a counter. */
  bounds: number[] | null;
}

export const FAMILIES = {
  tokens: { name: 'gen_ai.client.token.usage', unit: '{token}', bounds: TOKEN_BUCKETS },
  duration: { name: 'gen_ai.client.operation.duration', unit: 's', bounds: DURATION_BUCKETS },
  sessions: { name: 'agentic.workflow.sessions', unit: '{session}', bounds: null },
  steps: { name: 'agentic.workflow.steps', unit: '{step}', bounds: null },
} satisfies Record<string, Family>;

interface Group {
  family: Family;
  labels: Array<[string, string]>;
  /** Per bucket of the slice: cumulative counts per bound, +Inf, sum (histograms), or the count (counters). */
  values: Float64Array;
  /** Buckets with at least one observation. */
  seen: Uint8Array;
}

/**
 * Buckets of the slice as one Group per label set. Label sets are numbered (chat groups: 4 per
 * tenant and convention version; then sessions per tenant and workflow; then steps per tenant,
 * workflow and phase), and their labels made from the number once, not per call.
 */
export class MetricsAccumulator {
  private readonly groups = new Map<number, Group>();
  private readonly iv: number;
  private readonly firstBucket: number;
  private readonly buckets: number;
  private readonly sessionBase: number;
  private readonly stepBase: number;

  constructor(private readonly plan: AgenticPlan, private readonly d: Dictionaries, private readonly partition: Partition) {
    this.iv = plan.world.metrics_interval;
    this.firstBucket = Math.floor(partition.fromMs / this.iv);
    this.buckets = Math.ceil(partition.toMs / this.iv) - this.firstBucket;
    this.sessionBase = 8 * d.tenants.length;
    this.stepBase = this.sessionBase + d.tenants.length * d.workflows.length;
  }

  /** The family and labels of group `key`. */
  private describe(key: number): { family: Family; labels: Array<[string, string]> } {
    const { d, plan } = this;
    const workflows = d.workflows.length;
    if (key < this.sessionBase) {
      const t = key >> 3;
      const switched = (key >> 2) & 1;
      const kind = key & 3;
      const m = plan.tenants.model[t]!;
      const labels: Array<[string, string]> = [
        ['service_name', SERVICES[CLOUD]],
        ['tenant.id', d.tenants[t]!],
        ['gen_ai.operation.name', 'chat'],
        [switched ? SEMCONV.after.providerAttribute : SEMCONV.before.providerAttribute, d.providers[m]!],
        ['gen_ai.request.model', d.models[m]!],
        ['gen_ai.response.model', d.models[m]!],
      ];
      if (kind === 2) return { family: FAMILIES.duration, labels };
      return { family: FAMILIES.tokens, labels: [...labels, ['gen_ai.token.type', kind === 0 ? 'input' : 'output']] };
    }
    const workflowLabels = (tw: number): Array<[string, string]> => [
      ['service_name', SERVICES[DESKTOP]],
      ['tenant.id', d.tenants[Math.floor(tw / workflows)]!],
      ['agentic.workflow.type', d.workflows[tw % workflows]!],
    ];
    if (key < this.stepBase) return { family: FAMILIES.sessions, labels: workflowLabels(key - this.sessionBase) };
    const phases = d.phases.length;
    const rest = key - this.stepBase;
    return { family: FAMILIES.steps, labels: [...workflowLabels(Math.floor(rest / phases)), ['agentic.workflow.phase', d.phases[rest % phases]!]] };
  }

  /** Offset of bucket `ms` in group `key`'s values (the group made the first time). */
  private slot(key: number, ms: number): { values: Float64Array; at: number } {
    let group = this.groups.get(key);
    if (!group) {
      const { family, labels } = this.describe(key);
      const width = family.bounds ? family.bounds.length + 2 : 1;
      this.groups.set(key, (group = { family, labels, values: new Float64Array(this.buckets * width), seen: new Uint8Array(this.buckets) }));
    }
    const bucket = Math.floor(ms / this.iv) - this.firstBucket;
    group.seen[bucket] = 1;
    return { values: group.values, at: bucket * (group.family.bounds ? group.family.bounds.length + 2 : 1) };
  }

  private observe(key: number, bounds: readonly number[], ms: number, value: number): void {
    const { values, at } = this.slot(key, ms);
    for (let b = bounds.length - 1; b >= 0 && value <= bounds[b]!; b--) values[at + b]!++;
    values[at + bounds.length]!++;
    values[at + bounds.length + 1]! += value;
  }

  /** Chat spans of `spans` that ended inside the partition's range (and were delivered). */
  addCalls(spans: SpanRows): void {
    const plan = this.plan;
    const from = this.partition.fromMs * 1000;
    const to = this.partition.toMs * 1000;
    for (let i = 0; i < spans.length; i++) {
      if (spans.operation[i] !== OP_CHAT || spans.lost[i] || spans.endUs[i]! < from || spans.endUs[i]! >= to) continue;
      const t = plan.sessions[spans.session[i]!]!.tenant;
      const switched = spans.startUs[i]! >= plan.tenants.switchMs[t]! * 1000 ? 1 : 0;
      const endMs = spans.endUs[i]! / 1000;
      const key = 8 * t + 4 * switched;
      this.observe(key, TOKEN_BUCKETS, endMs, spans.inputTokens[i]!);
      this.observe(key + 1, TOKEN_BUCKETS, endMs, spans.outputTokens[i]!);
      this.observe(key + 2, DURATION_BUCKETS, endMs, (spans.endUs[i]! - spans.startUs[i]!) / 1e6);
    }
  }

  /** Sessions starting in the range (the partition's own) and steps starting in it (own and carried sessions). */
  addWorkflows(): void {
    const { plan, d, partition: p } = this;
    const workflows = d.workflows.length;
    for (let s = p.first; s < p.end; s++) {
      const session = plan.sessions[s]!;
      const { values, at } = this.slot(this.sessionBase + session.tenant * workflows + session.workflow, session.startUs / 1000);
      values[at]!++;
    }
    for (const s of [...p.carried, ...range(p.first, p.end)]) {
      const session = plan.sessions[s]!;
      for (let i = plan.firstStep[s]!; i < plan.firstStep[s + 1]!; i++) {
        const ms = plan.steps.startUs[i]! / 1000;
        if (ms < p.fromMs || ms >= p.toMs) continue;
        const { values, at } = this.slot(this.stepBase + (session.tenant * workflows + session.workflow) * d.phases.length + plan.steps.phase[i]!, ms);
        values[at]!++;
      }
    }
  }

  /** The `series` and `samples` tables; series ids carry the partition ordinal in their high word. */
  tables(ordinal: number): { series: Table; samples: Table } {
    const labelKey = (g: Group) => `${g.family.name}\u0000${g.labels.map(([k, v]) => `${k}=${v}`).join('\u0001')}`;
    const ordered = [...this.groups.values()].map((g) => ({ g, key: labelKey(g) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const series = { metric: [] as string[], type: [] as string[], unit: [] as string[], labels: [] as Array<Array<[string, string]>>, first: [] as number[], last: [] as number[] };
    const sample = { series: [] as number[], metric: [] as string[], ts: [] as number[], start: [] as number[], value: [] as number[] };
    const iv = this.iv;
    for (const { g: group } of ordered) {
      const bounds = group.family.bounds;
      const width = bounds ? bounds.length + 2 : 1;
      const indices = [...group.seen.keys()].filter((b) => group.seen[b]);
      const buckets = indices.map((b) => (this.firstBucket + b) * iv);
      const parts: Array<{ suffix: string; type: string; le?: string; at: number }> = bounds
        ? [
            ...bounds.map((bound, b) => ({ suffix: '_bucket', type: 'histogram_bucket', le: String(bound), at: b })),
            { suffix: '_bucket', type: 'histogram_bucket', le: '+Inf', at: bounds.length },
            { suffix: '_sum', type: 'histogram_sum', at: bounds.length + 1 },
            { suffix: '_count', type: 'histogram_count', at: bounds.length },
          ]
        : [{ suffix: '', type: 'counter', at: 0 }];
      for (const part of parts) {
        const index = series.metric.length;
        const metric = group.family.name + part.suffix;
        series.metric.push(metric);
        series.type.push(part.type);
        series.unit.push(group.family.unit);
        series.labels.push(part.le === undefined ? group.labels : [...group.labels, ['le', part.le]]);
        series.first.push(buckets[0]! + iv - 1);
        series.last.push(buckets[buckets.length - 1]! + iv - 1);
        indices.forEach((b, k) => {
          sample.series.push(index);
          sample.metric.push(metric);
          sample.ts.push(buckets[k]! + iv - 1);
          sample.start.push(buckets[k]!);
          sample.value.push(group.values[b * width + part.at]!);
        });
      }
    }
    const ids = (indices: number[]) => {
      const out = new BigUint64Array(indices.length);
      const words = new Uint32Array(out.buffer);
      indices.forEach((s, i) => ((words[2 * i] = s), (words[2 * i + 1] = ordinal)));
      return out;
    };
    const metricNames = [...new Set(series.metric)].sort();
    const metricIndex = (names: string[]) => Int32Array.from(names, (m) => metricNames.indexOf(m));
    const tenantOf = series.labels.map((labels) => labels.find(([k]) => k === 'tenant.id')![1]);
    return {
      series: tableOf({
        series_id: uint64Column(ids(series.metric.map((_, i) => i))),
        metric: indexedDictionaryColumn(metricIndex(series.metric), metricNames, NO_NULLS),
        labels: labelsColumn(series.labels),
        type: indexedDictionaryColumn(Int32Array.from(series.type, (t) => TYPES.indexOf(t)), TYPES, NO_NULLS),
        unit: indexedDictionaryColumn(Int32Array.from(series.unit, (u) => UNITS.indexOf(u)), UNITS, NO_NULLS),
        first_ts: timestampsFromNumbers(series.first),
        last_ts: timestampsFromNumbers(series.last),
        'tenant.id': indexedDictionaryColumn(Int32Array.from(tenantOf, (t) => this.d.tenants.indexOf(t)), this.d.tenants, NO_NULLS),
      }),
      samples: tableOf({
        series_id: uint64Column(ids(sample.series)),
        metric: indexedDictionaryColumn(metricIndex(sample.metric), metricNames, NO_NULLS),
        ts: timestampColumn(int64From(sample.ts)),
        value: makeVector(Float64Array.from(sample.value)),
        start_ts: timestampColumn(int64From(sample.start)),
      }),
    };
  }
}

const TYPES = Object.freeze(['counter', 'histogram_bucket', 'histogram_sum', 'histogram_count']);
const UNITS = Object.freeze([...new Set(Object.values(FAMILIES).map((f) => f.unit))]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
