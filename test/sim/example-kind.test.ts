/**
 * The example kind (five members, test/sim/example-kind) through the compile stages in-process —
 * scenario resolution with its world schema injected, the partition plan with the defaults of
 * src/sim/defaults.ts, runPartition into the real sink writers, the ground truth, summary.json —
 * then read back as any dataset is: openDataset, the query views, validate. (The forked worker
 * pool of `compile` is skipped: workers find kinds in the registry, and this kind is not there.)
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDataset } from '../../src/dataset/open.js';
import { completedPartitions, prepareDatasetDir, writeJson } from '../../src/dataset/directory.js';
import { buildSummary } from '../../src/dataset/summary.js';
import { partitionPlan } from '../../src/plan/partition-plan.js';
import { openSession, type QuerySession } from '../../src/query/session.js';
import { validateDataset } from '../../src/query/validate.js';
import { runPartition } from '../../src/run/partition.js';
import { resolveScenarioWith, scenarioHashOf } from '../../src/scenario/resolve.js';
import { INCIDENTS_TABLE } from '../../src/sim/common/incidents.js';
import { completeSimulator } from '../../src/sim/defaults.js';
import type { AnySimulator } from '../../src/sim/types.js';
import { writeBatch, type OutputOptions } from '../../src/sink/index.js';
import { tempDir } from '../helpers.js';
import { exampleSimulator } from './example-kind/index.js';

const output: OutputOptions = { formats: ['parquet', 'jsonl'], compression: 'zstd', parquetProfile: 'modern' };
const doc = { kind: 'example', name: 'example-test', seed: 5, start: '2026-03-02T06:00:00Z', duration: '2d', world: { requests_per_day: 240 } };
const dir = tempDir('teleforge-example-');
let session: QuerySession;

async function compileExample(): Promise<void> {
  const simulator = completeSimulator(exampleSimulator) as AnySimulator;
  const scenario = resolveScenarioWith(doc, {}, 'example.yaml', () => simulator.worldSchema);
  const scenarioHash = scenarioHashOf(scenario);
  const { plan, partitions } = partitionPlan(scenario, scenarioHash, simulator);
  await prepareDatasetDir(dir, { scenario: scenario.name, scenario_hash: scenarioHash, formats: output.formats, compression: output.compression }, false);
  for (const { key } of partitions) await runPartition({ scenario, scenarioHash, outDir: dir, output, partitionKey: key }, () => undefined, simulator);
  const files = [...(await completedPartitions(dir)).values()].flatMap((manifest) => manifest.files);
  files.push(...(await writeBatch(dir, INCIDENTS_TABLE, { table: INCIDENTS_TABLE.name, date: null, data: simulator.incidents(plan) }, null, output)));
  writeJson(dir, 'summary.json', buildSummary({ scenario, scenarioHash, output, partitions: partitions.length, tables: simulator.tables, files, incidentKinds: [] }));
}

before(async () => {
  await compileExample();
  session = await openSession(openDataset(dir));
});
after(() => session?.close());

describe('a kind of five members, compiled', () => {
  it('gets the defaults: one partition, an empty incidents table, a size estimate', () => {
    const simulator = completeSimulator(exampleSimulator);
    const plan = simulator.createPlan({ scenario: resolveScenarioWith(doc, {}, 'x', () => simulator.worldSchema) as never, scenarioHash: 'h' });
    assert.deepEqual(simulator.partitions(plan), [{ key: 'all', estimatedRows: 0 }]);
    assert.equal(simulator.incidents(plan).numRows, 0);
    assert.deepEqual(simulator.tables.map((spec) => spec.name), ['requests', 'incidents']);
    assert.equal(simulator.summary, '');
  });

  it('writes its table in both formats, daily, and summary.json carries its declaration', () => {
    const dataset = openDataset(dir);
    assert.deepEqual(dataset.tables.map((spec) => spec.name), ['requests', 'incidents']);
    assert.deepEqual(dataset.summary.tables.requests!.declaration?.parquet, { deltaColumns: ['request_id', 'ts'] });
    // 06:00 on day one to 06:00 on day three: three dates, 180 + 240 + 60 requests.
    assert.deepEqual(dataset.summary.tables.requests!.rows_per_day, { '2026-03-02': 180, '2026-03-03': 240, '2026-03-04': 60 });
    assert.ok(existsSync(join(dir, 'requests/date=2026-03-03/part-all.parquet')));
    assert.ok(existsSync(join(dir, 'jsonl/requests/date=2026-03-03/part-all.jsonl.zst')));
  });

  it('reads back through the query views and passes validate', async () => {
    const [row] = await session.rows('SELECT count(*) AS n, count(DISTINCT request_id) AS ids, min(ts) AS first FROM requests');
    assert.equal(Number(row!.n), 480);
    assert.equal(Number(row!.ids), 480);
    assert.equal(String(row!.first), '2026-03-02 06:00:00+00');
    const result = await validateDataset(dir);
    assert.ok(result.passed, JSON.stringify(result.checks.filter((check) => !check.passed)));
  });
});
