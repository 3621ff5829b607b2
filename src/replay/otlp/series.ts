/**
 * The series table as the OTLP metrics encoder needs it, loaded once per replay: a dense index
 * per series (DuckDB temp table + JS arrays) with its metric name, kind, unit, point attributes
 * and resource; the k8s `_bucket/_sum/_count` series of one histogram share a group whose
 * `_count` series is the anchor that carries the point (bucket and sum values are joined in).
 */
import { TeleforgeError } from '../../errors.js';
import { sourceSql } from '../read/sql.js';
import type { EncodeContext } from '../types.js';
import type { ReplayTable } from '../read/types.js';
import type { KeyValue } from './codec.js';
import { isResourceField, resourceAttributes, ResourceTable } from './resource.js';

export const SERIES_TABLE = 'replay_otlp_series';
export const HISTOGRAM_TABLE = 'replay_otlp_histograms';

export type MetricKind = 'sum' | 'gauge' | 'histogram';

export interface SeriesInfo {
  name: string[];
  kind: MetricKind[];
  unit: string[];
  attributes: KeyValue[][];
  resource: number[];
  /** Explicit bounds of each histogram anchor's buckets (ascending, +Inf left out). */
  bounds: (number[] | undefined)[];
  resources: ResourceTable;
}

const LE = `CASE WHEN lower(l.le) IN ('+inf', 'inf') THEN 'infinity'::DOUBLE ELSE TRY_CAST(l.le AS DOUBLE) END`;

export async function loadSeries(tables: ReplayTable[], samples: ReplayTable, context: EncodeContext): Promise<SeriesInfo> {
  const series = tables.find((table) => table.spec.role === 'series');
  if (!series || series.files.length === 0) throw new TeleforgeError('BAD_ARGUMENT', 'otlp: the dataset has no series table to take metric names and labels from');
  await context.sql.run(
    `CREATE OR REPLACE TEMP TABLE ${SERIES_TABLE} AS SELECT r.series_id, (row_number() OVER (ORDER BY r.series_id) - 1)::INTEGER AS idx, ` +
      `r.metric::VARCHAR AS metric, coalesce(r.type::VARCHAR, 'gauge') AS type, coalesce(r.unit::VARCHAR, '') AS unit, ` +
      `to_json(r.labels)::VARCHAR AS labels, r.labels['le'] AS le, ` +
      `regexp_replace(r.metric, '_(bucket|sum|count)$', '') || to_json(map_from_entries(list_filter(map_entries(r.labels), e -> e.key <> 'le')))::VARCHAR AS grp ` +
      `FROM ${sourceSql(series.files)}`,
  );
  // Bucket values in ascending `le` order and the sum, per histogram and time.
  await context.sql.run(
    `CREATE OR REPLACE TEMP TABLE ${HISTOGRAM_TABLE} AS SELECT l.grp, r.ts, ` +
      `to_json(list(r.value ORDER BY ${LE}) FILTER (WHERE l.type = 'histogram_bucket'))::VARCHAR AS buckets, ` +
      `max(r.value) FILTER (WHERE l.type = 'histogram_sum') AS sum ` +
      `FROM ${sourceSql(samples.files)} JOIN ${SERIES_TABLE} l ON l.series_id = r.series_id ` +
      `WHERE l.type IN ('histogram_bucket', 'histogram_sum') GROUP BY l.grp, r.ts`,
  );
  const rows = await context.sql.rows(`SELECT idx, metric, type, unit, labels, grp FROM ${SERIES_TABLE} ORDER BY idx`);
  const boundsRows = await context.sql.rows(
    `SELECT grp, to_json(list(DISTINCT ${LE}) FILTER (WHERE ${LE} < 'infinity'::DOUBLE))::VARCHAR AS bounds FROM ${SERIES_TABLE} l WHERE type = 'histogram_bucket' GROUP BY grp`,
  );
  const boundsOf = new Map(boundsRows.map((row) => [String(row.grp), (JSON.parse(String(row.bounds ?? '[]')) as number[]).sort((a, b) => a - b)]));
  const info: SeriesInfo = { name: [], kind: [], unit: [], attributes: [], resource: [], bounds: [], resources: new ResourceTable() };
  for (const row of rows) {
    const type = String(row.type);
    const labels = JSON.parse(String(row.labels ?? '{}')) as Record<string, string>;
    const histogram = type === 'histogram_count';
    info.name.push(histogram ? String(row.metric).replace(/_count$/, '') : String(row.metric));
    info.kind.push(histogram ? 'histogram' : type === 'counter' ? 'sum' : 'gauge');
    info.unit.push(String(row.unit));
    info.bounds.push(histogram ? (boundsOf.get(String(row.grp)) ?? []) : undefined);
    const field = (name: string) => labels[name];
    // `job` names the service only when no `service` label does; otherwise it stays a point attribute.
    const resourceKeys = Object.keys(labels).filter((name) => isResourceField(name) && !(name === 'job' && labels.service));
    info.attributes.push(
      Object.keys(labels)
        .filter((name) => name !== 'le' && !resourceKeys.includes(name))
        .sort()
        .map((key) => ({ key, value: { stringValue: labels[key]! } })),
    );
    const key = JSON.stringify(resourceKeys.sort().map((name) => [name, labels[name]]));
    info.resource.push(info.resources.intern(key, () => resourceAttributes((name) => (resourceKeys.includes(name) ? field(name) : undefined))));
  }
  return info;
}

/** The series types that become points of their own (bucket and sum series are folded into their histogram). */
export const ANCHOR_TYPES = `l.type NOT IN ('histogram_bucket', 'histogram_sum')`;
