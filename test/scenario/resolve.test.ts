import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TeleforgeError } from '../../src/errors.js';
import { loadScenario, resolveScenario } from '../../src/plan/scenario.js';
import { parseAssignment } from '../../src/scenario/paths.js';
import { parseDuration, formatDuration } from '../../src/util/duration.js';

const minimal = { kind: 'k8s', name: 'tiny', start: '2026-01-01T00:00:00Z', duration: '1h', world: { services: {} } };

function errorOf(fn: () => unknown): TeleforgeError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof TeleforgeError, `expected a TeleforgeError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('scenario resolution', () => {
  it('applies defaults, so a minimal document resolves', () => {
    const scenario = resolveScenario(minimal, {}, 'tiny.yaml');
    assert.equal(scenario.end, '2026-01-01T01:00:00.000Z');
    assert.equal(scenario.seed, 1);
    const world = scenario.world as { scrape_interval: number; cluster: { nodes: number } };
    assert.equal(world.scrape_interval, 15_000);
    assert.equal(world.cluster.nodes, 50);
  });

  it('lets --set win over the preset, and the preset over the file', () => {
    const loaded = loadScenario('k8s-cluster', { preset: 'small', sets: [['world.cluster.nodes', 9]] });
    const world = loaded.scenario.world as { cluster: { nodes: number }; kafka: { partitions: number } };
    assert.equal(world.cluster.nodes, 9);
    assert.equal(world.kafka.partitions, 3);
    assert.equal(loaded.scenario.preset, 'small');
    assert.equal(loaded.scenario.end, '2026-01-05T06:00:00.000Z');
  });

  it('hashes equal scenarios equally and different ones differently', () => {
    const a = loadScenario('k8s-cluster', { duration: '6h' });
    const b = loadScenario('k8s-cluster', { sets: [['duration', '6h']] });
    const c = loadScenario('k8s-cluster', { duration: '6h', seed: 43 });
    assert.equal(a.scenarioHash, b.scenarioHash);
    assert.notEqual(a.scenarioHash, c.scenarioHash);
  });

  it('names the field path of a wrong type', () => {
    const error = errorOf(() => resolveScenario({ ...minimal, world: { services: {}, cluster: { nodes: 'many' } } }, {}, 'x.yaml'));
    assert.equal(error.code, 'SCENARIO_INVALID');
    assert.match(error.message, /^scenario x\.yaml: world\.cluster\.nodes: /);
  });

  it('rejects unknown fields with their path', () => {
    const error = errorOf(() => resolveScenario({ ...minimal, world: { services: {}, cluster: { nodez: 3 } } }, {}, 'x.yaml'));
    assert.match(error.message, /unknown field 'world\.cluster\.nodez'/);
    assert.match(errorOf(() => resolveScenario({ ...minimal, colour: 'red' }, {}, 'x.yaml')).message, /unknown field 'colour'/);
  });

  it('rejects a duration without a unit, naming the field and the units (no longer read as milliseconds)', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...minimal, world: { services: {}, scrape_interval: 15 } }, 'world.scrape_interval'],
      [{ ...minimal, world: { services: {}, scrape_interval: '15' } }, 'world.scrape_interval'],
      [{ ...minimal, world: { services: {}, spikes: { length: [300, '15m'] } } }, 'world.spikes.length.0'],
      [{ ...minimal, duration: 30 }, 'duration'],
    ];
    for (const [doc, field] of cases) {
      const error = errorOf(() => resolveScenario(doc, {}, 'x.yaml'));
      assert.match(error.message, new RegExp(`^scenario x\\.yaml: ${field.replaceAll('.', '\\.')}: .*with a unit \\(ms, s, m, h, d, w\\).*without a unit`));
    }
    const viaSet = errorOf(() => resolveScenario(minimal, { sets: [['duration', 30]] }, 'x.yaml'));
    assert.match(viaSet.message, /duration: .*got 30 \(a number without a unit\)/);
    assert.equal(resolveScenario({ ...minimal, world: { services: {}, scrape_interval: '15s' } }, {}, 'x.yaml').end, resolveScenario(minimal, {}, 'x.yaml').end);
  });

  it('rejects zero and negative intervals and an end before the start', () => {
    for (const interval of ['0s', '-15s', 0]) {
      const error = errorOf(() => resolveScenario({ ...minimal, world: { services: {}, scrape_interval: interval } }, {}, 'x.yaml'));
      assert.match(error.message, /world\.scrape_interval: expected a positive duration/);
    }
    const { duration: _duration, ...withoutDuration } = minimal;
    const error = errorOf(() => resolveScenario({ ...withoutDuration, end: '2025-12-31T00:00:00Z' }, {}, 'x.yaml'));
    assert.match(error.message, /end: .* is not after start/);
  });

  it('rejects unknown kinds and presets, listing the known ones', () => {
    assert.match(errorOf(() => resolveScenario({ ...minimal, kind: 'mainframe' }, {}, 'x.yaml')).message, /unknown kind 'mainframe' \(known kinds: .*k8s/);
    const error = errorOf(() => loadScenario('k8s-cluster', { preset: 'huge' }));
    assert.equal(error.code, 'UNKNOWN_PRESET');
    assert.match(error.message, /unknown preset 'huge' \(presets: full, small\)/);
  });

  it('reads --set values as YAML scalars', () => {
    assert.deepEqual(parseAssignment('world.cluster.nodes=10'), ['world.cluster.nodes', 10]);
    assert.deepEqual(parseAssignment('duration=6h'), ['duration', '6h']);
    assert.deepEqual(parseAssignment('world.cluster.zones=[a, b]'), ['world.cluster.zones', ['a', 'b']]);
    assert.throws(() => parseAssignment('nodes'), /key\.path=value/);
  });

  it('parses and formats durations', () => {
    assert.equal(parseDuration('1h30m', 'x'), 5_400_000);
    assert.equal(formatDuration(2_592_000_000), '30d');
    assert.throws(() => parseDuration('soon', '--duration'), /--duration: expected a positive duration with a unit .*got "soon"/);
  });
});
