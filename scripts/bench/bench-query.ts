/**
 * Query workloads of issue 4 over a compiled dataset: `SELECT count(*)` over the samples and a
 * group-by per metric per day (counts alone, then also reading every value), the same through the
 * `metrics` join, and the join on one day or month (partition pruning). `rows` is what each query reads. Run alone: node dist/scripts/bench-query.js <dataset>
 */
import { openDataset } from '../../src/dataset/open.js';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openSession } from '../../src/query/session.js';

export interface QueryBenchRow {
  workload: string;
  ms: number;
  rows: number;
}

export async function benchQuery(datasetDir: string): Promise<QueryBenchRow[]> {
  const dataset = openDataset(datasetDir);
  const samples = dataset.summary.tables.samples;
  const perPeriod = samples?.rows_per_day ?? samples?.rows_per_month;
  if (!samples || !perPeriod) throw new Error(`bench-query: ${datasetDir} has no time-partitioned samples table`);
  // The pruning workload reads the first day's files, or the first month's of a monthly table.
  const period = samples.rows_per_day ? 'date' : 'month';
  const [first, firstRows] = Object.entries(perPeriod)[0]!;
  const workloads: Array<[string, string, number]> = [
    ['SELECT count(*) FROM samples', 'SELECT count(*) FROM samples', samples.rows],
    ['group by metric, day: count', 'SELECT date, metric, count(*) AS n FROM samples GROUP BY date, metric', samples.rows],
    ['group by metric, day: count, avg(value)', 'SELECT date, metric, count(*) AS n, avg(value) AS mean FROM samples GROUP BY date, metric', samples.rows],
    ['same through the metrics join', 'SELECT date, metric, count(*) AS n, avg(value) AS mean FROM metrics GROUP BY date, metric', samples.rows],
    [`metrics join, WHERE ${period} = '${first}'`, `SELECT metric, count(*) AS n, avg(value) AS mean FROM metrics WHERE ${period} = '${first}' GROUP BY metric`, firstRows],
  ];
  const session = await openSession(dataset);
  try {
    const rows: QueryBenchRow[] = [];
    for (const [workload, sql, read] of workloads) {
      const start = performance.now();
      await session.read(sql);
      rows.push({ workload, ms: Math.round(performance.now() - start), rows: read });
    }
    return rows;
  } finally {
    session.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node dist/scripts/bench-query.js <dataset>');
  for (const row of await benchQuery(dir)) {
    console.log(`${row.workload.padEnd(48)} ${String(row.rows).padStart(12)} rows ${String(row.ms).padStart(7)} ms`);
  }
}
