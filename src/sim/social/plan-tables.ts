/** Tables that are a function of the world plan alone: `releases` and `deployments` (deploy windows). */
import { makeVector, type Table, type Vector } from 'apache-arrow';
import { hash } from 'node:crypto';
import { int64From, tableOf, timestampColumn, indexedDictionaryColumn } from '../common/columns.js';
import type { TableSpec } from '../../contract/table.js';
import { AsciiColumn } from '../common/ascii-column.js';
import { boolColumn, intColumn } from '../common/arrow.js';
import type { SocialPlan } from './plan.js';
import { TAG_NAMES } from './releases.js';
import { ReleaseTagColumns } from './tag-columns.js';

const TAGS = [...TAG_NAMES];

export const RELEASES_TABLE: TableSpec = {
  name: 'releases',
  path: 'releases',
  role: 'table',
  timePartition: null,
  keyColumns: ['release_id'],
  requiredColumns: ['release_id', 'build', 'vcs_ref', 'initial', ...TAGS],
};

export const DEPLOYMENTS_TABLE: TableSpec = {
  name: 'deployments',
  path: 'deployments',
  role: 'table',
  timePartition: null,
  timeColumn: 'start',
  keyColumns: ['release_id'],
  requiredColumns: ['release_id', 'start', 'end', 'kind', 'error_boost', 'latency_boost', ...TAGS],
};

/** Releases that start serving inside the timeline (the others were deployed before it began). */
export function isInitial(plan: SocialPlan, r: number): boolean {
  return plan.releases.windowStart[r]! < plan.startMs;
}

/** Milliseconds as a TIMESTAMP column, null where `present` is 0. */
function msColumn(values: Float64Array, present?: Uint8Array): Vector {
  if (!present) return timestampColumn(int64From(values));
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (present[i]) bitmap[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return timestampColumn(int64From(values.map((v, i) => (present[i] ? v : 0))), { bitmap, nullCount });
}

/** A release's vcs_ref: the first 7 hex digits of md5(`service_id:build`). */
function vcsRefColumn(plan: SocialPlan): Vector {
  const rel = plan.releases;
  const vcsRefs = new AsciiColumn();
  vcsRefs.reset(rel.count);
  for (let r = 0; r < rel.count; r++) {
    const digest = hash('md5', `${rel.tags[r]![TAG_NAMES.indexOf('service_id')]}:${rel.build[r]}`, 'buffer');
    vcsRefs.hex(digest.readUInt32BE(0) >>> 4, 7).end();
  }
  return vcsRefs.vector();
}

export function releasesTable(plan: SocialPlan): Table {
  const rel = plan.releases;
  const rows = Int32Array.from({ length: rel.count }, (_, r) => r);
  const initial = rows.map((r) => (isInitial(plan, r) ? 1 : 0));
  const notInitial = Uint8Array.from(initial, (i) => 1 - i);
  const { release_id: releaseId, ...tags } = new ReleaseTagColumns(rel, rows).columns(rows);
  return tableOf({
    release_id: releaseId!,
    build: intColumn(Int32Array.from(rel.build)),
    vcs_ref: vcsRefColumn(plan),
    initial: boolColumn(Uint8Array.from(initial)),
    built_at: msColumn(rel.builtMs, notInitial),
    deployed_at: msColumn(rel.windowStart, notInitial),
    bad: boolColumn(rel.bad),
    ...tags,
  });
}

export function deploymentsTable(plan: SocialPlan): Table {
  const rel = plan.releases;
  const rows = Int32Array.from({ length: rel.count }, (_, r) => r).filter((r) => !isInitial(plan, r));
  const { release_id: releaseId, ...tags } = new ReleaseTagColumns(rel, rows).columns(rows);
  return tableOf({
    release_id: releaseId!,
    start: msColumn(Float64Array.from(rows, (r) => rel.windowStart[r]!)),
    end: msColumn(Float64Array.from(rows, (r) => Math.min(rel.windowEnd[r]!, plan.endMs))),
    kind: indexedDictionaryColumn(Int32Array.from(rows, (r) => rel.bad[r]!), ['normal', 'bad']),
    error_boost: makeVector(Float64Array.from(rows, (r) => rel.errorBoost[r]!)),
    latency_boost: makeVector(Float64Array.from(rows, (r) => rel.latencyBoost[r]!)),
    ...tags,
  });
}
