/** Tables that are a function of the world plan alone: `releases` and `deployments` (deploy windows). */
import { Table, makeVector, type Vector } from 'apache-arrow';
import { createHash } from 'node:crypto';
import { stringColumn, timestampColumn } from '../common/columns.js';
import type { TableSpec } from '../types.js';
import { boolColumn, dictionaryColumn, intColumn } from './arrow.js';
import type { SocialPlan } from './plan.js';
import { TAG_NAMES } from './releases.js';

const TAGS = [...TAG_NAMES];

export const RELEASES_TABLE: TableSpec = {
  name: 'releases',
  path: 'releases',
  role: 'table',
  byDate: false,
  keyColumns: ['release_id'],
  requiredColumns: ['release_id', 'build', 'vcs_ref', 'initial', ...TAGS],
};

export const DEPLOYMENTS_TABLE: TableSpec = {
  name: 'deployments',
  path: 'deployments',
  role: 'table',
  byDate: false,
  timeColumn: 'start',
  keyColumns: ['release_id'],
  requiredColumns: ['release_id', 'start', 'end', 'kind', 'error_boost', 'latency_boost', ...TAGS],
};

/** Releases that start serving inside the timeline (the others were deployed before it began). */
export function isInitial(plan: SocialPlan, r: number): boolean {
  return plan.releases.windowStart[r]! < plan.startMs;
}

function tagColumns(plan: SocialPlan, rows: number[]): Record<string, Vector> {
  const columns: Record<string, Vector> = {};
  TAG_NAMES.forEach((name, t) => {
    const distinct = new Map<string, number>();
    const indices = Int32Array.from(rows, (r) => {
      const value = plan.releases.tags[r]![t]!;
      let index = distinct.get(value);
      if (index === undefined) distinct.set(value, (index = distinct.size));
      return index;
    });
    columns[name] = dictionaryColumn(indices, [...distinct.keys()]);
  });
  return columns;
}

const msColumn = (values: number[], present: (i: number) => boolean) => {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((_, i) => (present(i) ? (bitmap[i >> 3]! |= 1 << (i & 7)) : nullCount++));
  return timestampColumn(BigInt64Array.from(values, (v, i) => (present(i) ? BigInt(Math.floor(v)) : 0n)), { bitmap, nullCount });
};

export function releasesTable(plan: SocialPlan): Table {
  const rel = plan.releases;
  const rows = Array.from({ length: rel.count }, (_, r) => r);
  const initial = Uint8Array.from(rows, (r) => (isInitial(plan, r) ? 1 : 0));
  const { release_id: releaseId, ...tags } = tagColumns(plan, rows);
  return new Table({
    release_id: releaseId!,
    build: intColumn(Int32Array.from(rel.build)),
    vcs_ref: stringColumn(rows.map((r) => createHash('md5').update(`${rel.tags[r]![17]}:${rel.build[r]}`).digest('hex').slice(0, 7))),
    initial: boolColumn(initial),
    built_at: msColumn(rows.map((r) => rel.builtMs[r]!), (i) => !initial[i]),
    deployed_at: msColumn(rows.map((r) => rel.windowStart[r]!), (i) => !initial[i]),
    bad: boolColumn(rel.bad),
    ...tags,
  });
}

export function deploymentsTable(plan: SocialPlan): Table {
  const rel = plan.releases;
  const rows = Array.from({ length: rel.count }, (_, r) => r).filter((r) => !isInitial(plan, r));
  const { release_id: releaseId, ...tags } = tagColumns(plan, rows);
  return new Table({
    release_id: releaseId!,
    start: msColumn(rows.map((r) => rel.windowStart[r]!), () => true),
    end: msColumn(rows.map((r) => Math.min(rel.windowEnd[r]!, plan.endMs)), () => true),
    kind: dictionaryColumn(Int32Array.from(rows, (r) => rel.bad[r]!), ['normal', 'bad']),
    error_boost: floatColumn(rows.map((r) => rel.errorBoost[r]!)),
    latency_boost: floatColumn(rows.map((r) => rel.latencyBoost[r]!)),
    ...tags,
  });
}

function floatColumn(values: number[]): Vector {
  return makeVector(Float64Array.from(values));
}
