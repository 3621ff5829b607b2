/** The plan a compile hands its workers: packed, cloned as the IPC channel clones it, unpacked — the same files as the plan drawn in place. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import { loadScenario } from '../../../src/plan/scenario.js';
import type { ResolvedScenario } from '../../../src/scenario/types.js';
import { agenticSimulator } from '../../../src/sim/agentic/index.js';
import type { AgenticPlan } from '../../../src/sim/agentic/plan.js';
import type { AgenticWorld } from '../../../src/sim/agentic/world-schema.js';
import { writeBatch, type OutputOptions } from '../../../src/sink/index.js';
import { FIXTURES, tempDir } from '../../helpers.js';

const OUTPUT: OutputOptions = { formats: ['parquet', 'jsonl'], compression: 'zstd', parquetProfile: 'modern' };

/** Every partition's batches written through the sink; file path → bytes. */
async function files(plan: AgenticPlan): Promise<Map<string, Buffer>> {
  const dir = tempDir('teleforge-plan-transfer-');
  const specs = new Map(agenticSimulator.tables.map((spec) => [spec.name, spec]));
  for (const partition of agenticSimulator.partitions!(plan)) {
    for (const batch of agenticSimulator.simulate(plan, partition.key)) await writeBatch(dir, specs.get(batch.table)!, batch, partition.key, OUTPUT);
  }
  const all = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(all.map((entry) => [relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name))]));
}

test('agentic-ide: the unpacked plan writes the same files as the plan drawn in place', async () => {
  const { scenario, scenarioHash } = loadScenario(join(FIXTURES, 'agentic-test.yaml'));
  const context = { scenario: scenario as ResolvedScenario<AgenticWorld>, scenarioHash };
  const drawn = agenticSimulator.createPlan(context);
  const transfer = agenticSimulator.planTransfer!;
  // What fork's 'advanced' serialization does to a message.
  const unpacked = transfer.unpack(deserialize(serialize(transfer.pack(drawn))), context);
  assert.notEqual(unpacked.steps, drawn.steps);
  const expected = await files(drawn);
  const actual = await files(unpacked);
  assert.ok(expected.size > 10, `${expected.size} files`);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [path, bytes] of expected) assert.ok(actual.get(path)!.equals(bytes), path);
});
