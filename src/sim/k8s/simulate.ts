/**
 * One partition of a k8s compile: the partition owns its targets for the whole timeline and walks
 * it day by day, so counters and random streams never depend on how the work is split. A target's
 * model exists only while it lives, and its series are a few typed-array slots of the partition's
 * catalog: a partition's memory follows the targets alive at once, not the timeline's churn.
 */
import type { Table } from 'apache-arrow';
import type { JsonlWriter } from '../../bytes/jsonl-writer.js';
import type { Batch } from '../../contract/batch.js';
import { setBits } from '../common/bits.js';
import { int64Into } from '../common/columns.js';
import { clearWindows, dayFrames, deploymentDay, stepOf, stepTime, type DayFrame, type DeploymentDay } from './day.js';
import { createModel, type Day, type TargetModel } from './models.js';
import type { K8sPlan, Target } from './plan.js';
import { SeriesCatalog, pick } from './catalog.js';
import { METRIC_NAMES, seriesOfTarget } from './series.js';
import { writeSamplesJsonl, type SeriesRegion } from '../common/samples-jsonl.js';
import { SAMPLES_TABLE, SERIES_TABLE, samplesTable, seriesTable, type SampleColumns } from './tables.js';

interface PartitionTarget {
  target: Target;
  /** Catalog index of the target's first series, once it has been born. */
  firstSeries: number;
  /** Made on the target's first day, dropped after its last. */
  model?: TargetModel;
  /** First and last sample written (ms): a target's series all share its scrapes. */
  firstMs: number;
  lastMs: number;
  /**
   * The target's share of the current day: steps [from, to), of which `count` were scraped. Kept
   * here, not in an object per target and day: those lived through the day's collections and were
   * promoted to the old generation, ~0.5 MB a 30-day partition.
   */
  from: number;
  to: number;
  count: number;
}

/** A target alive during the current day. */
type ActiveTarget = PartitionTarget & { model: TargetModel };

export function* simulateK8sPartition(plan: K8sPlan, partitionKey: string): Generator<Batch> {
  const members = plan.partitionTargets[Number(partitionKey)];
  if (!members) throw new Error(`k8s: no partition '${partitionKey}' in the plan`);
  const entries = members.map((index): PartitionTarget => ({
    target: plan.targets[index]!,
    firstSeries: -1,
    firstMs: Infinity,
    lastMs: -Infinity,
    from: 0,
    to: 0,
    count: 0,
  }));
  const catalog = seriesCatalog.reset();

  // Sized once for the busiest day of any partition: a regrow mid-run held two sets of buffers
  // until the next full collection, the largest part of a 30-day worker's peak RSS.
  // (Plus up to 7 rows of byte alignment per metric, see below.)
  sampleBuffers.reserve(plan.maxDayRows + 8 * METRIC_NAMES.length);
  const curves = curvesOf(plan);
  for (const frame of dayFrames(plan)) {
    const day = dayOf(plan, frame, curves);
    const active = activeTargets(plan, entries, frame, catalog);
    const { sorted, rankOf, counts, offsets, rows } = daySeries(active, catalog);
    const columns = sampleBuffers.columns(rows);
    for (const item of active) {
      const { count, firstSeries, model } = item;
      const seriesCount = item.target.seriesCount;
      if (item.to >= stepOf(plan, item.target.endMs)) retire(item);
      const localOffsets = dayScratch.localOffsets(seriesCount);
      for (let s = 0; s < seriesCount; s++) localOffsets[s] = offsets[rankOf[firstSeries + s]!]!;
      const starts = dayScratch.starts(count).fill(0);
      const scraped = scrapedSteps(plan, item, frame);
      model.runDay(day, item.from, item.to, scraped, { values: columns.values, offsets: localOffsets, starts });
      if (count === 0) continue;
      const times = scrapedTimes(plan, item, scraped);
      const startTimes = int64Into(dayScratch.startTimes(count), starts, count);
      for (let s = 0; s < seriesCount; s++) {
        const offset = localOffsets[s]!;
        const series = firstSeries + s;
        if (catalog.ticksPerUnit[series]! > 0) quantize(columns.values, offset, count, catalog.ticksPerUnit[series]!);
        columns.seriesIds.fill(catalog.ids[series]!, offset, offset + count);
        columns.metrics.fill(catalog.metrics[series]!, offset, offset + count);
        columns.timestamps.set(times, offset);
        if (catalog.cumulative[series]) {
          columns.startTimestamps.set(startTimes, offset);
          setBits(columns.startValidity, offset, offset + count);
        }
      }
      item.firstMs = Math.min(item.firstMs, Number(times[0]));
      item.lastMs = Math.max(item.lastMs, Number(times[count - 1]));
    }
    // One batch (one file) per metric: the samples table is Hive-partitioned by metric as well.
    for (const segment of metricSegments(catalog, sorted, offsets, counts)) {
      yield {
        table: SAMPLES_TABLE.name,
        date: frame.date,
        partitionValues: [METRIC_NAMES[segment.metricIndex]!],
        data: samplesTable(sliceColumns(columns, segment)),
        writeJsonl: samplesJsonl(catalog, sorted, offsets, counts, columns, segment),
      };
    }
  }
  yield { table: SERIES_TABLE.name, date: null, data: seenSeriesTable(catalog, entries) };
}

/** Every series with a sample, by series_id, with its target's first and last sample. */
function seenSeriesTable(catalog: SeriesCatalog, entries: PartitionTarget[]): Table {
  const seen = entries.filter(({ firstMs, lastMs }) => firstMs <= lastMs);
  const total = seen.reduce((sum, { target }) => sum + target.seriesCount, 0);
  const series = new Int32Array(total);
  const firstMs = new Float64Array(total);
  const lastMs = new Float64Array(total);
  let row = 0;
  for (const entry of seen) {
    for (let s = 0; s < entry.target.seriesCount; s++, row++) {
      series[row] = entry.firstSeries + s;
      firstMs[row] = entry.firstMs;
      lastMs[row] = entry.lastMs;
    }
  }
  const order = new Int32Array(total).map((_, i) => i).sort((a, b) => catalog.compareIds(series[a]!, series[b]!));
  return seriesTable(catalog, pick(series, order), pick(firstMs, order), pick(lastMs, order));
}

/**
 * The day's series (catalog indices) sorted by metric, then series_id (`sorted`; `rankOf` maps a
 * catalog index to its position), with their rows of the day: `counts` and `offsets` by position.
 */
function daySeries(active: ActiveTarget[], catalog: SeriesCatalog): { sorted: Int32Array; rankOf: Int32Array; counts: Int32Array; offsets: Int32Array; rows: number } {
  const total = active.reduce((sum, { target }) => sum + target.seriesCount, 0);
  const sorted = dayScratch.sorted(total);
  const countOf = dayScratch.countOf(catalog.count);
  let position = 0;
  for (const { target, firstSeries, count } of active) {
    for (let s = 0; s < target.seriesCount; s++) {
      sorted[position++] = firstSeries + s;
      countOf[firstSeries + s] = count;
    }
  }
  const { metrics } = catalog;
  sorted.sort((a, b) => metrics[a]! - metrics[b]! || catalog.compareIds(a, b));
  const rankOf = dayScratch.rankOf(catalog.count);
  const counts = dayScratch.counts(total);
  const offsets = dayScratch.offsets(total);
  let rows = 0;
  for (position = 0; position < total; position++) {
    const series = sorted[position]!;
    // Each metric's rows start on a whole byte of the start_ts validity bitmap, so that a
    // metric's batch is a plain view of the day's buffers.
    if (position > 0 && metrics[series] !== metrics[sorted[position - 1]!]) rows = (rows + 7) & ~7;
    rankOf[series] = position;
    counts[position] = countOf[series]!;
    offsets[position] = rows;
    rows += countOf[series]!;
  }
  return { sorted, rankOf, counts, offsets, rows };
}

/** The series positions [from, to) of one metric and their rows [firstRow, endRow) in the day's buffers. */
interface MetricSegment {
  metricIndex: number;
  from: number;
  to: number;
  firstRow: number;
  endRow: number;
  /** Rows of gauges (no start_ts). */
  nullCount: number;
}

/** The metrics of a day that have rows, in position order (positions are sorted by metric, then id). */
function metricSegments(catalog: SeriesCatalog, sorted: Int32Array, offsets: Int32Array, counts: Int32Array): MetricSegment[] {
  const segments: MetricSegment[] = [];
  for (let from = 0; from < sorted.length; ) {
    const metricIndex = catalog.metrics[sorted[from]!]!;
    let to = from;
    let nullCount = 0;
    for (; to < sorted.length && catalog.metrics[sorted[to]!] === metricIndex; to++) if (!catalog.cumulative[sorted[to]!]) nullCount += counts[to]!;
    const endRow = offsets[to - 1]! + counts[to - 1]!;
    if (endRow > offsets[from]!) segments.push({ metricIndex, from, to, firstRow: offsets[from]!, endRow, nullCount });
    from = to;
  }
  return segments;
}

/** A view of one metric's rows; its first row is a multiple of 8, so the bitmap slices on a byte. */
function sliceColumns(columns: DayColumns, { firstRow, endRow, nullCount }: MetricSegment): SampleColumns {
  return {
    seriesIds: columns.seriesIds.subarray(firstRow, endRow),
    metrics: columns.metrics.subarray(firstRow, endRow),
    timestamps: columns.timestamps.subarray(firstRow, endRow),
    values: columns.values.subarray(firstRow, endRow),
    startTimestamps: columns.startTimestamps.subarray(firstRow, endRow),
    startValidity: columns.startValidity.subarray(firstRow >> 3, (endRow + 7) >> 3),
    startNullCount: nullCount,
  };
}

/*
 * The two closures a day needs are made outside the day loop on purpose: a closure made in the
 * loop body would share that scope's context, and a suspended generator can keep an old day's
 * context alive, with the column buffers of that day. After a buffer regrow that kept the old
 * buffers (37 MB at day 29 of a 60-day partition) alive for the rest of the partition.
 */

type DeploymentCurves = Map<number, { date: string; curves: DeploymentDay }>;
const curvesByPlan = new WeakMap<K8sPlan, DeploymentCurves>();

/**
 * Each deployment's curves of the current day, kept per plan: every partition walks the days from
 * the first, recomputing a deployment's curves into the arrays of its last day (not allocating).
 */
function curvesOf(plan: K8sPlan): DeploymentCurves {
  let curves = curvesByPlan.get(plan);
  if (!curves) curvesByPlan.set(plan, (curves = new Map()));
  return curves;
}

/** One day of the timeline; each deployment's curves are computed on first use (and reused). */
function dayOf(plan: K8sPlan, frame: DayFrame, curves: DeploymentCurves): Day {
  return {
    frame,
    deployment(index) {
      const found = curves.get(index);
      if (found?.date === frame.date) return found.curves;
      const fresh = deploymentDay(plan, index, frame, found?.curves);
      curves.set(index, { date: frame.date, curves: fresh });
      return fresh;
    },
  };
}

/** Regions are made only if JSONL is written: an object per series and day outlived the young generation. */
function samplesJsonl(
  catalog: SeriesCatalog,
  sorted: Int32Array,
  offsets: Int32Array,
  counts: Int32Array,
  columns: DayColumns,
  segment: MetricSegment,
): (out: JsonlWriter) => void {
  return (out) => {
    const regions: SeriesRegion[] = [];
    for (let position = segment.from; position < segment.to; position++) {
      regions.push({ metricJson: catalog.metricJson(sorted[position]!), offset: offsets[position]!, count: counts[position]! });
    }
    writeSamplesJsonl(out, regions, columns);
  };
}

/**
 * Rounds `count` values from `offset` down to whole ticks. The models keep full precision and only
 * the written totals are floored, never the increments: floor is monotone, so counters stay so.
 */
function quantize(values: Float64Array, offset: number, count: number, ticksPerUnit: number): void {
  for (let i = offset; i < offset + count; i++) values[i] = Math.floor(values[i]! * ticksPerUnit) / ticksPerUnit;
}

/**
 * Column buffers reused from day to day and partition to partition (a process runs one partition
 * at a time, and a batch is consumed before the next is made): on these machines first-touch
 * page faults on fresh million-row allocations cost more than the simulation itself.
 */
class SampleBuffers {
  private capacity = 0;
  private seriesIds = new BigUint64Array(0);
  private metrics = new Int32Array(0);
  private timestamps = new BigInt64Array(0);
  private values = new Float64Array(0);
  private startTimestamps = new BigInt64Array(0);
  private startValidity = new Uint8Array(0);

  /** Grows the buffers to hold `rows` (their pages are only resident once written). */
  reserve(rows: number): void {
    if (rows > this.capacity) {
      this.capacity = rows;
      this.seriesIds = new BigUint64Array(this.capacity);
      this.metrics = new Int32Array(this.capacity);
      this.timestamps = new BigInt64Array(this.capacity);
      this.values = new Float64Array(this.capacity);
      this.startTimestamps = new BigInt64Array(this.capacity);
      this.startValidity = new Uint8Array((this.capacity + 7) >> 3);
    }
  }

  columns(rows: number): DayColumns {
    if (rows > this.capacity) this.reserve(Math.ceil(rows * 1.1));
    const validity = this.startValidity.subarray(0, (rows + 7) >> 3);
    validity.fill(0);
    // Null slots must still hold defined bytes: files are compared byte for byte.
    this.startTimestamps.fill(0n, 0, rows);
    return {
      seriesIds: this.seriesIds.subarray(0, rows),
      metrics: this.metrics.subarray(0, rows),
      timestamps: this.timestamps.subarray(0, rows),
      values: this.values.subarray(0, rows),
      startTimestamps: this.startTimestamps.subarray(0, rows),
      startValidity: validity,
    };
  }
}

/** A day's rows of every metric; each metric's batch counts its own nulls. */
type DayColumns = Omit<SampleColumns, 'startNullCount'>;

const sampleBuffers = new SampleBuffers();
/** The series of the partition being run (a process runs one partition at a time). */
const seriesCatalog = new SeriesCatalog();

/** A target's last day is being simulated: its model goes (the day loop holds it until then). */
function retire(entry: PartitionTarget): void {
  entry.model = undefined;
}

/** The targets alive during the day, with their scraped steps counted (and their state made). */
function activeTargets(plan: K8sPlan, entries: PartitionTarget[], frame: DayFrame, catalog: SeriesCatalog): ActiveTarget[] {
  const active: ActiveTarget[] = [];
  for (const entry of entries) {
    const from = Math.max(frame.firstStep, stepOf(plan, entry.target.startMs));
    const to = Math.min(frame.endStep, stepOf(plan, entry.target.endMs));
    if (from >= to) continue;
    if (!entry.model) {
      entry.firstSeries = catalog.add(seriesOfTarget(plan, entry.target));
      entry.model = createModel(plan, entry.target);
    }
    entry.from = from;
    entry.to = to;
    entry.count = 0;
    for (const ok of scrapedSteps(plan, entry, frame)) entry.count += ok;
    active.push(entry as ActiveTarget);
  }
  return active;
}

/**
 * Which of the target's steps of the day were scraped (a scratch view, valid until the next call).
 * Made twice a day per target, to count and to run: a mask kept per target was memory for every
 * target of the timeline.
 */
function scrapedSteps(plan: K8sPlan, { target, from, to }: Pick<PartitionTarget, 'target' | 'from' | 'to'>, frame: DayFrame): Uint8Array {
  const scraped = dayScratch.scraped(to - from);
  scraped.set(frame.scrapeOk.subarray(from - frame.firstStep, to - frame.firstStep));
  clearWindows(plan, scraped, from, target.gaps);
  return scraped;
}

function scrapedTimes(plan: K8sPlan, item: ActiveTarget, scraped: Uint8Array): BigInt64Array {
  const times = dayScratch.stepTimes(item.count);
  scrapedStepTimes(stepTime(plan, item.from), plan.intervalMs, item.to - item.from, scraped, times);
  return int64Into(dayScratch.times(item.count), times, item.count);
}

/**
 * Times (ms) of the scraped ones of `steps` steps from `firstMs` into `times`. Alone in a function:
 * code after a long loop deoptimized the loop's on-stack optimized code on every call (see
 * sink/parquet/kernels.ts).
 */
function scrapedStepTimes(firstMs: number, intervalMs: number, steps: number, scraped: Uint8Array, times: Float64Array): void {
  let written = 0;
  for (let k = 0; k < steps; k++) if (scraped[k]) times[written++] = firstMs + k * intervalMs;
}

/** A reused array of at least `length` elements (a view of exactly `length`), grown when needed. */
function scratchOf<T extends Float64Array | BigInt64Array | Int32Array | Uint8Array>(make: new (length: number) => T): (length: number) => T {
  let array = new make(0);
  return (length) => {
    if (array.length < length) array = new make(length);
    return array.subarray(0, length) as T;
  };
}

/** Scratch arrays for one target's share of a day, consumed before the next target is simulated. */
const dayScratch = {
  starts: scratchOf(Float64Array),
  stepTimes: scratchOf(Float64Array),
  times: scratchOf(BigInt64Array),
  startTimes: scratchOf(BigInt64Array),
  localOffsets: scratchOf(Int32Array),
  scraped: scratchOf(Uint8Array),
  // The day's series: a batch and its JSONL writer are done with them before the next day.
  sorted: scratchOf(Int32Array),
  countOf: scratchOf(Int32Array),
  rankOf: scratchOf(Int32Array),
  counts: scratchOf(Int32Array),
  offsets: scratchOf(Int32Array),
};
