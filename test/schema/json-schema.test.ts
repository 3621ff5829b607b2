/**
 * The shipped JSON Schemas (schemas/) are the zod schemas' output, every bundled scenario and test
 * fixture names its kind's schema and validates against it with a standard validator (ajv), and a
 * wrong field fails there as it fails in teleforge. Loops over the registry: new kinds join.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { scenarioJsonSchema, schemaFileName } from '../../src/schema/json-schema.js';
import { resolveScenario } from '../../src/plan/scenario.js';
import { BUNDLED_SCENARIOS_DIR, listBundledScenarioFiles } from '../../src/scenario/resolve.js';
import { simulatorKinds } from '../../src/sim/registry.js';
import { FIXTURES, REPO, runCli } from '../helpers.js';

const SCHEMAS = join(REPO, 'schemas');
const scenarioFiles = [...listBundledScenarioFiles(), ...readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml')).map((name) => join(FIXTURES, name))];

function validatorFor(kind: string) {
  const schema = JSON.parse(readFileSync(join(SCHEMAS, schemaFileName(kind)), 'utf8')) as Record<string, unknown>;
  // Formats (date-time) are documentation here: teleforge parses instants itself.
  return new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false }).compile(schema);
}

test('schemas/ holds every kind\'s schema as generated now (regenerate: teleforge schema --write schemas)', () => {
  assert.ok(simulatorKinds().length >= 2);
  for (const kind of simulatorKinds()) {
    const path = join(SCHEMAS, schemaFileName(kind));
    assert.ok(existsSync(path), `${path} is missing`);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), scenarioJsonSchema(kind), `${path} is out of date`);
  }
});

test('the schema carries descriptions and defaults', () => {
  for (const kind of simulatorKinds()) {
    const schema = scenarioJsonSchema(kind) as { properties: Record<string, { description?: string; default?: unknown; properties?: Record<string, { description?: string }> }> };
    assert.equal(schema.properties.seed?.default, 1);
    assert.match(schema.properties.start?.description ?? '', /ISO-8601/);
    assert.ok(schema.properties.world?.description?.includes(kind), kind);
    const world = Object.values(schema.properties.world?.properties ?? {});
    assert.ok(world.length > 0 && world.every((field) => typeof field.description === 'string' && field.description.length > 0), `${kind}: every world field is described`);
  }
});

test('every bundled scenario and fixture names its kind\'s schema and validates against it', () => {
  assert.ok(scenarioFiles.some((file) => dirname(file) === BUNDLED_SCENARIOS_DIR));
  for (const file of scenarioFiles) {
    const text = readFileSync(file, 'utf8');
    const doc = parseYaml(text) as { kind: string };
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    assert.ok(modeline, `${file} has no yaml-language-server line`);
    assert.equal(resolve(dirname(file), modeline[1]!), join(SCHEMAS, schemaFileName(doc.kind)), file);
    const validate = validatorFor(doc.kind);
    assert.ok(validate(doc), `${file}: ${JSON.stringify(validate.errors)}`);
  }
});

test('a wrong field fails the schema as it fails teleforge', () => {
  for (const file of scenarioFiles) {
    const doc = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown> & { kind: string; world: Record<string, unknown> };
    const validate = validatorFor(doc.kind);
    const wrong: Array<[string, Record<string, unknown>]> = [
      ['unknown top-level field', { ...doc, colour: 'blue' }],
      ['unknown world field', { ...doc, world: { ...doc.world, not_a_knob: 1 } }],
      ['seed of the wrong type', { ...doc, seed: 'forty-two' }],
      ['negative partitions', { ...doc, partitions: 0 }],
      ['another kind', { ...doc, kind: 'no-such-kind' }],
    ];
    for (const [what, bad] of wrong) {
      assert.equal(validate(bad), false, `${file}: ${what} passes the schema`);
      if (what !== 'another kind') assert.throws(() => resolveScenario(bad, {}, file), /scenario/, `${file}: ${what} passes teleforge`);
    }
  }
});

test('teleforge schema prints a kind\'s schema; an unknown kind is one line, exit 2', () => {
  const result = runCli(['schema', 'social-network']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), scenarioJsonSchema('social-network'));
  const bad = runCli(['schema', 'nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^teleforge: scenario: unknown kind 'nope' \(known kinds: .*k8s.*\)\n$/);
});
