/**
 * STORY: one web server answers requests; each request is a row of `requests` with its latency.
 * GROUND TRUTH: none (the kind injects no incidents, so labels/incidents.parquet is empty).
 *
 * The smallest scenario kind, for tests and docs/architecture.md: the five required members of
 * `Simulator` and nothing else. Partitions, incidents, estimate, invariants and summary take the
 * defaults of src/sim/defaults.ts (one partition, key `all`). A real kind lives in
 * `src/sim/<kind>/` and is one line in src/sim/registry.ts.
 */
import { makeVector, type Vector } from 'apache-arrow';
import { z } from 'zod';
import type { Batch } from '../../../src/contract/batch.js';
import { positiveInt } from '../../../src/contract/fields.js';
import type { TableSpec } from '../../../src/contract/table.js';
import { int64From, tableOf, timestampColumn } from '../../../src/sim/common/columns.js';
import { createRng, exponential } from '../../../src/sim/common/rng.js';
import type { SimContext, Simulator } from '../../../src/sim/types.js';

const DAY_MS = 86_400_000;

const worldSchema = z
  .object({
    /** Requests per day. */
    requests_per_day: positiveInt.default(500),
    /** Mean latency of a request. */
    latency_ms: z.number().positive().default(80),
  })
  .strict();
type ExampleWorld = z.infer<typeof worldSchema>;

interface ExamplePlan {
  context: SimContext<ExampleWorld>;
  /** Start of each day of the timeline, in epoch ms. */
  days: number[];
}

const REQUESTS_TABLE: TableSpec = {
  name: 'requests',
  path: 'requests',
  role: 'table',
  timePartition: 'date',
  timeColumn: 'ts',
  keyColumns: ['request_id'],
  requiredColumns: ['request_id', 'ts', 'latency_ms'],
  parquet: { deltaColumns: ['request_id', 'ts'] },
};

function createPlan(context: SimContext<ExampleWorld>): ExamplePlan {
  const startMs = Date.parse(context.scenario.start);
  const endMs = Date.parse(context.scenario.end);
  const days: number[] = [];
  for (let day = Math.floor(startMs / DAY_MS) * DAY_MS; day < endMs; day += DAY_MS) days.push(day);
  return { context, days };
}

/** One batch per day: requests evenly spread over the day (clipped to the timeline), columnar. */
function* simulate(plan: ExamplePlan): Iterable<Batch> {
  const { scenario, scenarioHash } = plan.context;
  const startMs = Date.parse(scenario.start);
  const endMs = Date.parse(scenario.end);
  const perDay = scenario.world.requests_per_day;
  let nextId = 0;
  for (const day of plan.days) {
    const rng = createRng(scenario.seed, scenarioHash, 'requests', day);
    const times: number[] = [];
    for (let i = 0; i < perDay; i++) {
      const ts = day + Math.floor((i * DAY_MS) / perDay);
      if (ts >= startMs && ts < endMs) times.push(ts);
    }
    const ids = new Int32Array(times.length);
    const latencies = new Float64Array(times.length);
    for (let i = 0; i < times.length; i++) {
      ids[i] = nextId++;
      latencies[i] = Math.round(exponential(rng, scenario.world.latency_ms) * 1000) / 1000;
    }
    const columns: Record<string, Vector> = {
      request_id: makeVector(ids),
      ts: timestampColumn(int64From(times)),
      latency_ms: makeVector(latencies),
    };
    yield { table: REQUESTS_TABLE.name, date: new Date(day).toISOString().slice(0, 10), data: tableOf(columns) };
  }
}

export const exampleSimulator: Simulator<ExampleWorld, ExamplePlan> = {
  kind: 'example',
  worldSchema,
  tables: [REQUESTS_TABLE],
  createPlan,
  simulate,
};
