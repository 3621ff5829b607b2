/** The social-network kind is a pure function of the scenario: worker counts and shards change nothing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../../src/plan/scenario.js';
import { createSocialPlan } from '../../../src/sim/social/plan.js';
import type { SocialWorld } from '../../../src/sim/social/world-schema.js';
import { compileDataset, tempDir, treeHashes } from '../../helpers.js';
import { SOCIAL_FIXTURE } from './helpers.js';

/** Four days of the fixture in about ten partitions, with JSONL: enough to spread over 7 workers. */
const SMALL = ['--duration', '4d', '--set', 'world.events=1200', '--set', 'world.max_roots_per_partition=120', '--format', 'parquet,jsonl', '--quiet'];

test('byte-identical output with --workers 1, 2 and 7, and the union of --shard 0/2 and 1/2', () => {
  const trees = ['1', '2', '7'].map((workers) => {
    const dir = tempDir('teleforge-social-det-');
    compileDataset(SOCIAL_FIXTURE, dir, ['--workers', workers, ...SMALL]);
    return treeHashes(dir);
  });
  const sharded = tempDir('teleforge-social-shard-');
  compileDataset(SOCIAL_FIXTURE, sharded, ['--workers', '1', '--shard', '0/2', ...SMALL]);
  compileDataset(SOCIAL_FIXTURE, sharded, ['--workers', '1', '--shard', '1/2', ...SMALL]);
  const [one, ...others] = trees;
  assert.ok(one!.size > 50, `files: ${one!.size}`);
  for (const other of [...others, treeHashes(sharded)]) assert.deepEqual(other, one);
});

test('the plan is linear in users: no per-user graph, ranges per persona', () => {
  const { scenario, scenarioHash } = loadScenario(SOCIAL_FIXTURE, { sets: [['world.users', 5_000_000]] });
  const plan = createSocialPlan({ scenario: scenario as typeof scenario & { world: SocialWorld }, scenarioHash });
  assert.equal(plan.userStart.length, plan.personas.length + 1);
  assert.equal(plan.userStart[plan.personas.length], 5_000_000);
  assert.equal(plan.personas.length, 100);
});
