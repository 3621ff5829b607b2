/**
 * One partition of a social-network compile: a month (or a slice of a busy one). Its root requests
 * are drawn from the plan alone, with a random stream keyed by the partition.
 */
import { createRng, searchCdf } from '../common/rng.js';
import type { Batch } from '../../contract/batch.js';
import { ACTIONS } from './actions.js';
import { writeLogsJsonl, writeMetricsJsonl } from './jsonl.js';
import { SeriesIndex } from './metrics.js';
import { DEPLOYMENTS_TABLE, RELEASES_TABLE, deploymentsTable, releasesTable } from './plan-tables.js';
import { findPartition, type Partition, type SocialPlan } from './plan.js';
import { actionCdf, otherUser, partitionRoots, rootTarget, rootUser } from './roots.js';
import { SampleRows, SpanRows } from './rows.js';
import { seriesIds, seriesTable, sortedSamples } from './series-table.js';
import { buildSpanColumns } from './span-columns.js';
import { LOGS_TABLE, SAMPLES_TABLE, SERIES_TABLE, SPANS_TABLE, logsTable, samplesTable, spansTable } from './tables.js';
import { TraceBuilder } from './trace.js';

const spans = new SpanRows();
const samples = new SampleRows();
const cdfCache = new WeakMap<SocialPlan, Float64Array[]>();
const seriesIndexes = new WeakMap<SocialPlan, SeriesIndex>();

/** The plan's series index, reused from partition to partition (a process runs one at a time). */
function seriesIndexOf(plan: SocialPlan): SeriesIndex {
  let index = seriesIndexes.get(plan);
  if (!index) seriesIndexes.set(plan, (index = new SeriesIndex(plan.personas)));
  return index;
}

/** Salt of user ids: a function of the scenario, so a user keeps its id in every partition. */
export function userSalt(plan: SocialPlan): number {
  return (parseInt(plan.context.scenarioHash.slice(0, 8), 16) ^ plan.seed) >>> 0;
}

/**
 * Every root request of the partition and its spans and samples, into the shared buffers. Not in
 * the generator: V8 cannot optimize a generator's loop while it runs (no on-stack replacement), and
 * the first partitions' roots would all go through the interpreter's inline caches.
 */
function simulateTraces(plan: SocialPlan, partition: Partition, cdfs: Float64Array[], series: SeriesIndex): void {
  const rng = createRng(plan.seed, plan.context.scenarioHash, 'partition', partition.key);
  spans.reset();
  samples.reset();
  const builder = new TraceBuilder(plan, rng, spans, samples, series);
  const ctx = { persona: 0, user: 0, target: 0, objectType: -1, objectA: 0, objectB: 0 };
  const roots = partitionRoots(plan, partition, rng);
  for (let r = 0; r < roots.persona.length; r++) {
    const persona = roots.persona[r]!;
    ctx.persona = persona;
    ctx.user = rootUser(plan, persona, rng);
    ctx.target = rootTarget(plan, rng);
    const action = searchCdf(cdfs[persona]!, rng());
    const targetUser = ACTIONS[action]!.hasTargetUser ? otherUser(plan, ctx.user, rng) : -1;
    builder.root(ctx, action, roots.startUs[r]!, targetUser);
  }
}

export function* simulateSocialPartition(plan: SocialPlan, key: string): Generator<Batch> {
  const partition = findPartition(plan, key);
  const ordinal = plan.partitions.indexOf(partition);
  if (ordinal === 0) {
    yield { table: RELEASES_TABLE.name, date: null, data: releasesTable(plan) };
    yield { table: DEPLOYMENTS_TABLE.name, date: null, data: deploymentsTable(plan) };
  }
  let cdfs = cdfCache.get(plan);
  if (!cdfs) cdfCache.set(plan, (cdfs = plan.personas.map(actionCdf)));
  const series = seriesIndexOf(plan).reset();
  simulateTraces(plan, partition, cdfs, series);
  const date = partition.month;
  const columns = buildSpanColumns(plan, spans, userSalt(plan));
  yield { table: LOGS_TABLE.name, date, data: logsTable(columns), writeJsonl: (out) => writeLogsJsonl(out, spans, columns) };
  yield { table: SPANS_TABLE.name, date, data: spansTable(columns) };
  const ids = seriesIds(series, ordinal);
  const sorted = sortedSamples(spans, samples, ids, series.metric, columns);
  yield {
    table: SAMPLES_TABLE.name,
    date,
    data: samplesTable(sorted.table),
    writeJsonl: (out) => writeMetricsJsonl(out, plan, spans, samples, series, sorted.order, columns),
  };
  yield { table: SERIES_TABLE.name, date: null, data: seriesTable(plan, series, ids, columns.releaseTags) };
}
