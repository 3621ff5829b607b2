/**
 * One partition of a datacenter compile: its units (servers, service endpoints) for the whole
 * timeline, day by day. A day's rows are laid out by metric, then series id, then time, one run of
 * `ticks` rows per series, in buffers sized once for the busiest partition-day and reused: a
 * worker's memory is the same for 1 day and for 30.
 */
import type { JsonlWriter } from '../../bytes/jsonl-writer.js';
import { DAY_MS, isoDate } from '../../util/duration.js';
import { int64Into } from '../common/columns.js';
import { writeSamplesJsonl } from '../common/samples-jsonl.js';
import { Scratch } from '../common/scratch.js';
import type { Batch } from '../../contract/batch.js';
import { createEndpointState, paintHostEffects, runEndpointDay, type EndpointState, type HostEffects } from './endpoint-kernel.js';
import { METRIC_NAMES } from './metrics.js';
import { totalTicks, type DatacenterPlan, type Unit } from './plan.js';
import { createServerState, runServerDay, type ServerState, type UnitDay } from './server-kernel.js';
import { ENTITIES_TABLE, SAMPLES_TABLE, SERIES_TABLE, entitiesTable, metricJson, samplesTable, seriesTable, unitSeries, type SampleColumns, type SeriesDef } from './tables.js';

/** A partition's series in row order (metric, then id), and where each unit's series go. */
interface Layout {
  series: SeriesDef[];
  /** Per unit, the position of each of its series (in kernel order). */
  positions: Int32Array[];
  /** Positions [from, to) of each metric with series. */
  segments: Array<{ metricIndex: number; from: number; to: number }>;
}

type UnitState = { type: 'server'; state: ServerState } | { type: 'endpoint'; state: EndpointState };

export function* simulateDatacenterPartition(plan: DatacenterPlan, partitionKey: string): Generator<Batch> {
  const members = plan.partitionUnits[Number(partitionKey)];
  if (!members) throw new Error(`datacenter: no partition '${partitionKey}' in the plan`);
  const units = members.map((index) => plan.units[index]!);
  const layout = layoutOf(plan, units);
  const firstLoad = loadAt(plan, plan.startMs);
  const states = units.map((unit): UnitState => {
    if (unit.type === 'server') return { type: 'server', state: createServerState(plan, plan.servers[unit.server]!, firstLoad) };
    const service = plan.services[unit.service]!;
    return { type: 'endpoint', state: createEndpointState(plan, service, service.endpoints[unit.endpoint]!) };
  });
  buffers.reserve(plan.maxDayRows);
  const ticks = totalTicks(plan);
  for (let day = Math.floor(plan.startMs / DAY_MS) * DAY_MS; day < plan.endMs; day += DAY_MS) {
    const firstTick = Math.max(0, Math.ceil((day - plan.startMs) / plan.intervalMs));
    const endTick = Math.min(ticks, Math.ceil((day + DAY_MS - plan.startMs) / plan.intervalMs));
    const n = endTick - firstTick;
    if (n <= 0) continue;
    const columns = buffers.columns(layout, n);
    const unitDay: UnitDay = { firstTick, ticks: n, load: dayLoad(plan, firstTick, n), values: columns.values, offsets: scratch.offsets.take(8) };
    fillTimes(plan, firstTick, n, layout, columns.timestamps);
    states.forEach((unit, u) => {
      const positions = layout.positions[u]!;
      const offsets = scratch.offsets.take(positions.length);
      for (let s = 0; s < positions.length; s++) offsets[s] = positions[s]! * n;
      unitDay.offsets = offsets;
      if (unit.type === 'server') runServerDay(plan, unit.state, unitDay);
      else {
        paintHostEffects(plan, unit.state.service, firstTick, n, hostEffects(n));
        runEndpointDay(plan, unit.state, unitDay, hostEffects(n));
      }
    });
    for (const segment of layout.segments) {
      const [from, to] = [segment.from * n, segment.to * n];
      yield {
        table: SAMPLES_TABLE.name,
        date: isoDate(day),
        partitionValues: [METRIC_NAMES[segment.metricIndex]!],
        data: samplesTable(slice(columns, from, to)),
        writeJsonl: samplesJsonl(layout, segment, n, columns),
      };
    }
  }
  const lastMs = plan.startMs + (ticks - 1) * plan.intervalMs;
  yield { table: SERIES_TABLE.name, date: null, data: seriesTable(layout.series, plan.startMs, lastMs) };
  yield { table: ENTITIES_TABLE.name, date: null, data: entitiesTable(plan, units) };
}

function layoutOf(plan: DatacenterPlan, units: Unit[]): Layout {
  const perUnit = units.map((unit) => unitSeries(plan, unit));
  const series = perUnit.flat().sort((a, b) => a.metricIndex - b.metricIndex || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const position = new Map(series.map((def, p) => [def, p]));
  const positions = perUnit.map((defs) => Int32Array.from(defs, (def) => position.get(def)!));
  const segments: Layout['segments'] = [];
  series.forEach((def, p) => {
    const last = segments[segments.length - 1];
    if (last?.metricIndex === def.metricIndex) last.to = p + 1;
    else segments.push({ metricIndex: def.metricIndex, from: p, to: p + 1 });
  });
  return { series, positions, segments };
}

/** Relative load (1 at the daily peak) at time t: the daily seasonality. */
function loadAt(plan: DatacenterPlan, t: number): number {
  const { daily_amplitude: amplitude, peak_hour_utc: peak } = plan.world.seasonality;
  const hour = (((t % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  return 1 - amplitude + (amplitude * (1 + Math.cos((2 * Math.PI * (hour - peak)) / 24))) / 2;
}

/** The last day's load curve and what it was computed for: whole days of one timeline share one curve. */
let lastLoad: { world: DatacenterPlan['world']; firstMs: number; intervalMs: number; n: number } | undefined;

function dayLoad(plan: DatacenterPlan, firstTick: number, n: number): Float64Array {
  const load = scratch.load.take(n);
  const key = { world: plan.world, firstMs: (plan.startMs + firstTick * plan.intervalMs) % DAY_MS, intervalMs: plan.intervalMs, n };
  if (lastLoad && lastLoad.world === key.world && lastLoad.firstMs === key.firstMs && lastLoad.intervalMs === key.intervalMs && lastLoad.n === n) return load;
  for (let i = 0; i < n; i++) load[i] = loadAt(plan, plan.startMs + (firstTick + i) * plan.intervalMs);
  lastLoad = key;
  return load;
}

/** Every series' run of the day gets the day's tick times. */
function fillTimes(plan: DatacenterPlan, firstTick: number, n: number, layout: Layout, timestamps: BigInt64Array): void {
  const times = scratch.times.take(n);
  for (let i = 0; i < n; i++) times[i] = plan.startMs + (firstTick + i) * plan.intervalMs;
  const day = int64Into(scratch.dayTimes.take(n), times, n);
  for (let p = 0; p < layout.series.length; p++) timestamps.set(day, p * n);
}

function slice(columns: SampleColumns, from: number, to: number): SampleColumns {
  return {
    seriesIds: columns.seriesIds.subarray(from, to),
    metrics: columns.metrics.subarray(from, to),
    timestamps: columns.timestamps.subarray(from, to),
    values: columns.values.subarray(from, to),
  };
}

/** Outside the day loop (a closure made in it could keep an old day's context alive, see k8s/simulate.ts). */
function samplesJsonl(layout: Layout, segment: Layout['segments'][number], n: number, columns: SampleColumns): (out: JsonlWriter) => void {
  return (out) => {
    const regions = [];
    for (let p = segment.from; p < segment.to; p++) regions.push({ metricJson: metricJson(layout.series[p]!), offset: p * n, count: n });
    writeSamplesJsonl(out, regions, columns);
  };
}

/**
 * Day buffers reused from day to day and partition to partition (a process runs one partition at a
 * time and a batch is written before the next is made). Ids and metrics are the same every day of
 * a partition: they are written again only when the layout or the day's length changes.
 */
class SampleBuffers {
  private seriesIds = new BigUint64Array(0);
  private metrics = new Int32Array(0);
  private timestamps = new BigInt64Array(0);
  private values = new Float64Array(0);
  private filled: { layout: Layout; n: number } | undefined;

  reserve(rows: number): void {
    if (rows <= this.values.length) return;
    this.seriesIds = new BigUint64Array(rows);
    this.metrics = new Int32Array(rows);
    this.timestamps = new BigInt64Array(rows);
    this.values = new Float64Array(rows);
    this.filled = undefined;
  }

  columns(layout: Layout, n: number): SampleColumns {
    const rows = layout.series.length * n;
    this.reserve(rows);
    if (this.filled?.layout !== layout || this.filled.n !== n) {
      layout.series.forEach((def, p) => {
        this.seriesIds.fill(def.id, p * n, (p + 1) * n);
        this.metrics.fill(def.metricIndex, p * n, (p + 1) * n);
      });
      this.filled = { layout, n };
    }
    return {
      seriesIds: this.seriesIds.subarray(0, rows),
      metrics: this.metrics.subarray(0, rows),
      timestamps: this.timestamps.subarray(0, rows),
      values: this.values.subarray(0, rows),
    };
  }
}

const buffers = new SampleBuffers();

const float64 = (length: number) => new Float64Array(length);
const scratch = {
  load: new Scratch(float64),
  times: new Scratch(float64),
  dayTimes: new Scratch((length) => new BigInt64Array(length)),
  offsets: new Scratch((length) => new Int32Array(length)),
};
const effectArrays = { slowShare: new Scratch(float64), slowdown: new Scratch(float64), extraErrors: new Scratch(float64) };

function hostEffects(n: number): HostEffects {
  return { slowShare: effectArrays.slowShare.take(n), slowdown: effectArrays.slowdown.take(n), extraErrors: effectArrays.extraErrors.take(n) };
}
