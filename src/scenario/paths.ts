/** Dotted-path helpers for `--set a.b.c=value` and preset overrides on a parsed scenario document. */
import { parse as parseYaml } from 'yaml';
import { badArgument } from '../errors.js';

export type Document = Record<string, unknown>;

function isRecord(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets `path` (dot-separated) in `doc`, creating objects on the way. Mutates `doc`. */
export function setPath(doc: Document, path: string, value: unknown): void {
  const keys = path.split('.');
  if (keys.some((key) => key === '')) throw badArgument(`--set: '${path}' is not a dotted field path`);
  let node: Document = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isRecord(next)) throw badArgument(`--set: '${path}' goes through '${key}', which is not an object`);
    node = node[key] as Document;
  }
  node[keys[keys.length - 1]!] = value;
}

/** Parses `key.path=value`; the value is read as a YAML scalar/flow value (`10`, `true`, `[a, b]`, `6h`). */
export function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw badArgument(`--set: '${text}' is not of the form key.path=value`);
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYaml(raw);
  } catch {
    value = raw;
  }
  return [path, value ?? raw];
}

export function applyAssignments(doc: Document, assignments: ReadonlyArray<readonly [string, unknown]>): void {
  for (const [path, value] of assignments) setPath(doc, path, structuredClone(value));
}
