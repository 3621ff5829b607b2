/**
 * Loads a scenario file (path or bundled name), applies preset and overrides, validates, resolves.
 * Knows no scenario kind: the caller passes the lookup of a kind's world schema (src/plan/scenario.ts).
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { basename, extname, join, resolve as resolvePath } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { TeleforgeError } from '../errors.js';
import { DAY_MS } from '../util/duration.js';
import { canonicalJson, sha256Hex } from '../util/hash.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { commonSchema } from './common-schema.js';
import { describeIssue } from './issues.js';
import { applyAssignments, parseAssignment, type Document } from './paths.js';
import type { ResolvedScenario, ScenarioOverrides } from './types.js';

/**
 * The longest timeline a scenario may span: 10 years. Planning alone is linear in the timeline (a
 * k8s plan of 300 days takes ~9 s), so `--duration 100000d` would plan for an hour before it could
 * say how large it is.
 */
export const MAX_TIMELINE_DAYS = 3660;

/** Directory of the scenarios shipped with teleforge. */
export const BUNDLED_SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');

/** A kind's world schema by kind name; throws for an unknown kind. */
export type WorldSchemaOf = (kind: string) => z.ZodType<unknown, unknown>;

export interface LoadedScenario {
  scenario: ResolvedScenario;
  /** Stable hash of the resolved scenario; an RNG input and the dataset's identity. */
  scenarioHash: string;
  source: string;
}

/** Finds a scenario by path, or by the name of a bundled scenario. */
export function locateScenario(ref: string): string {
  if (existsSync(ref) && statSync(ref).isFile()) return resolvePath(ref);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const candidate = join(BUNDLED_SCENARIOS_DIR, `${ref}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  const bundled = listBundledScenarioFiles().map((file) => basename(file, extname(file)));
  throw new TeleforgeError('SCENARIO_NOT_FOUND', `scenario: '${ref}' is neither a file nor a bundled scenario (bundled: ${bundled.join(', ')})`);
}

export function listBundledScenarioFiles(): string[] {
  if (!existsSync(BUNDLED_SCENARIOS_DIR)) return [];
  return readdirSync(BUNDLED_SCENARIOS_DIR)
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort()
    .map((file) => join(BUNDLED_SCENARIOS_DIR, file));
}

export function loadScenarioWith(ref: string, overrides: ScenarioOverrides, worldSchemaOf: WorldSchemaOf): LoadedScenario {
  const source = locateScenario(ref);
  const label = basename(source);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(source, 'utf8'));
  } catch (error) {
    const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new TeleforgeError('SCENARIO_PARSE', `scenario ${label}: not valid YAML: ${reason}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new TeleforgeError('SCENARIO_INVALID', `scenario ${label}: expected a mapping at the top level`);
  }
  const scenario = resolveScenarioWith(doc as Document, overrides, label, worldSchemaOf);
  return { scenario, scenarioHash: scenarioHashOf(scenario), source };
}

export function scenarioHashOf(scenario: ResolvedScenario): string {
  return sha256Hex(canonicalJson(scenario)).slice(0, 16);
}

/** Applies preset and overrides to a parsed document and validates it against its kind. */
export function resolveScenarioWith(input: Document, overrides: ScenarioOverrides, label: string, worldSchemaOf: WorldSchemaOf): ResolvedScenario {
  const doc = structuredClone(input);
  const sets = [...(overrides.sets ?? [])];
  if (overrides.preset !== undefined) sets.unshift(['preset', overrides.preset]);
  if (overrides.seed !== undefined) sets.push(['seed', overrides.seed]);
  if (overrides.start !== undefined) sets.push(['start', overrides.start]);
  if (overrides.duration !== undefined) sets.push(['duration', overrides.duration], ['end', undefined]);
  applyAssignments(doc, sets);
  applyPreset(doc, label);
  // Overrides win over the preset: apply them again on top.
  applyAssignments(doc, sets);
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];

  const common = commonSchema.safeParse(doc);
  if (!common.success) throw invalid(label, common.error.issues[0]!);
  const { kind, world: rawWorld, duration: durationMs, end, presets: _presets, ...rest } = common.data;
  const world = worldSchemaOf(kind).safeParse(rawWorld);
  if (!world.success) {
    const issue = world.error.issues[0]!;
    throw invalid(label, { ...issue, path: ['world', ...issue.path] });
  }
  const startMs = Date.parse(rest.start);
  let endMs: number;
  if (durationMs !== undefined && end !== undefined) {
    throw new TeleforgeError('SCENARIO_INVALID', `scenario ${label}: give either 'duration' or 'end', not both`);
  } else if (durationMs !== undefined) {
    endMs = startMs + durationMs;
  } else if (end !== undefined) {
    endMs = Date.parse(end);
    if (endMs <= startMs) {
      throw new TeleforgeError('SCENARIO_INVALID', `scenario ${label}: end: ${end} is not after start ${rest.start}`);
    }
  } else {
    throw new TeleforgeError('SCENARIO_INVALID', `scenario ${label}: duration: required (or 'end')`);
  }
  if (endMs - startMs > MAX_TIMELINE_DAYS * DAY_MS) {
    const field = durationMs !== undefined ? 'duration' : 'end';
    const days = Math.round((endMs - startMs) / DAY_MS);
    throw new TeleforgeError('SCENARIO_INVALID', `scenario ${label}: ${field}: a timeline of ${days} days is longer than teleforge compiles (at most ${MAX_TIMELINE_DAYS}d, 10 years)`);
  }
  return { kind, ...rest, end: new Date(endMs).toISOString(), world: world.data };
}

function applyPreset(doc: Document, label: string): void {
  const name = doc.preset;
  if (name === undefined || name === null) return;
  const presets = (doc.presets ?? {}) as Record<string, Record<string, unknown>>;
  if (typeof name !== 'string' || typeof presets !== 'object' || !(name in presets)) {
    const known = typeof presets === 'object' ? Object.keys(presets).sort().join(', ') : '';
    throw new TeleforgeError('UNKNOWN_PRESET', `scenario ${label}: unknown preset '${String(name)}' (presets: ${known || 'none'})`);
  }
  applyAssignments(doc, Object.entries(presets[name]!));
}

function invalid(label: string, issue: z.core.$ZodIssue): TeleforgeError {
  return new TeleforgeError('SCENARIO_INVALID', `scenario ${label}: ${describeIssue(issue)}`);
}

export { parseAssignment };
