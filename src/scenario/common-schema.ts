/** The fields every scenario file has, whatever its kind; `world` is checked by the kind's own schema. */
import { z } from 'zod';
import { duration, instant } from '../contract/fields.js';

const presetOverrides = z.record(z.string(), z.unknown()).describe('Dotted paths (e.g. `world.cluster.nodes`) and the values the preset gives them');

export const commonSchema = z
  .object({
    kind: z.string().describe('Which simulator compiles the scenario (`teleforge scenarios` lists the bundled ones)'),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lowercase name of letters, digits, dots, dashes')
      .describe('Name of the scenario and of its default output directory (out/<name>)'),
    description: z.string().default('').describe('One line shown by `teleforge scenarios`'),
    seed: z.number().int().min(0).default(1).describe('Seed of every random stream (with the scenario hash)'),
    start: instant.describe('Start of the timeline, an ISO-8601 instant (fixed, never "now")'),
    duration: duration.optional().describe("Length of the timeline: 15s, 6h, 30d or milliseconds (or give 'end')"),
    end: instant.optional().describe("End of the timeline, exclusive (or give 'duration')"),
    partitions: z.number().int().min(1).max(4096).default(16).describe('Partitions of the plan (a kind may add more); never depends on --workers'),
    preset: z.string().nullable().default(null).describe('Name of a preset to apply (a key of `presets`)'),
    presets: z.record(z.string(), presetOverrides).default({}).describe('Named sets of overrides, chosen with `preset` or --preset'),
    world: z.record(z.string(), z.unknown()).default({}).describe("The kind's knobs"),
  })
  .strict();
