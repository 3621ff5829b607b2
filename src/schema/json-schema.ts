/**
 * JSON Schema of a scenario file of one kind, generated from the zod schemas that validate it
 * (the common fields and the kind's world): editors check and complete scenario files with it
 * (`# yaml-language-server: $schema=…`), and `schemas/` ships one per kind.
 */
import { z } from 'zod';
import { commonSchema } from '../scenario/common-schema.js';
import { getSimulator, simulatorKinds } from '../sim/registry.js';

export type JsonSchema = Record<string, unknown>;

/** The file name of a kind's schema under `schemas/`. */
export function schemaFileName(kind: string): string {
  return `${kind}.schema.json`;
}

export function scenarioJsonSchema(kind: string): JsonSchema {
  const simulator = getSimulator(kind);
  const schema = commonSchema.extend({
    kind: z.literal(kind).describe('Which simulator compiles the scenario'),
    world: simulator.worldSchema.describe(`The ${kind} world: ${simulator.summary}`),
  });
  // The file as written is checked (io: input): durations may be text or milliseconds, defaults
  // are optional. A Date (accepted from code, never from YAML) is written as a date-time string.
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as JsonSchema;
  return { $schema: json.$schema, title: `teleforge scenario (kind ${kind})`, ...json };
}

/** Every kind's schema, by file name. */
export function allScenarioJsonSchemas(): Map<string, JsonSchema> {
  return new Map(simulatorKinds().map((kind) => [schemaFileName(kind), scenarioJsonSchema(kind)]));
}
