/**
 * The series table as the OTLP metrics encoder needs it, loaded once per replay: a dense index
 * per series (DuckDB temp table + JS arrays) with its metric (name and kind), encoded point
 * attributes and resource; the k8s `_bucket/_sum/_count` series of one histogram share a group
 * whose `_count` series is the anchor that carries the point (bucket and sum values are joined in).
 */
import { TeleforgeError } from '../../errors.js';
import { sourceSql } from '../read/sql.js';
import type { ReplayTable } from '../read/types.js';
import type { EncodeContext } from '../types.js';
import { isResourceField, resourceAttributes, ResourceTable } from './resource.js';
import { stringAttributes } from './wire.js';

export const SERIES_TABLE = 'replay_otlp_series';
export const HISTOGRAM_TABLE = 'replay_otlp_histograms';

export type MetricKind = 'sum' | 'gauge' | 'histogram';

/** NumberDataPoint.attributes = 7, HistogramDataPoint.attributes = 9. */
const ATTRIBUTES_FIELD: Record<MetricKind, number> = { sum: 7, gauge: 7, histogram: 9 };

export interface SeriesInfo {
  /** Dense metric id of each series: one per (kind, name). */
  metric: Int32Array;
  metrics: { name: string; kind: MetricKind; unit: string }[];
  /** The series' point attributes, encoded as the attributes fields of its kind of point. */
  attributes: Uint8Array[];
  resource: Int32Array;
  /** Explicit bounds of each histogram anchor's buckets (ascending, +Inf left out). */
  bounds: (Float64Array | undefined)[];
  resources: ResourceTable;
  /** Most buckets (+Inf included) of any histogram: the reader's `hb1` … `hbN` columns. */
  maxBuckets: number;
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
      `list(r.value ORDER BY ${LE}) FILTER (WHERE l.type = 'histogram_bucket') AS buckets, ` +
      `max(r.value) FILTER (WHERE l.type = 'histogram_sum') AS sum ` +
      `FROM ${sourceSql(samples.files)} JOIN ${SERIES_TABLE} l ON l.series_id = r.series_id ` +
      `WHERE l.type IN ('histogram_bucket', 'histogram_sum') GROUP BY l.grp, r.ts`,
  );
  const [widest] = await context.sql.rows(`SELECT coalesce(max(len(buckets)), 0)::INTEGER AS n FROM ${HISTOGRAM_TABLE}`);
  const rows = await context.sql.rows(`SELECT idx, metric, type, unit, labels, grp FROM ${SERIES_TABLE} ORDER BY idx`);
  const boundsRows = await context.sql.rows(
    `SELECT grp, to_json(list(DISTINCT ${LE}) FILTER (WHERE ${LE} < 'infinity'::DOUBLE))::VARCHAR AS bounds FROM ${SERIES_TABLE} l WHERE type = 'histogram_bucket' GROUP BY grp`,
  );
  const boundsOf = new Map(boundsRows.map((row) => [String(row.grp), Float64Array.from((JSON.parse(String(row.bounds ?? '[]')) as number[]).sort((a, b) => a - b))]));
  const info: SeriesInfo = {
    metric: new Int32Array(rows.length),
    metrics: [],
    attributes: [],
    resource: new Int32Array(rows.length),
    bounds: [],
    resources: new ResourceTable(),
    maxBuckets: Number(widest?.n ?? 0),
  };
  const metricIds = new Map<string, number>();
  rows.forEach((row, i) => {
    const type = String(row.type);
    const labels = JSON.parse(String(row.labels ?? '{}')) as Record<string, string>;
    const histogram = type === 'histogram_count';
    const name = histogram ? String(row.metric).replace(/_count$/, '') : String(row.metric);
    const kind: MetricKind = histogram ? 'histogram' : type === 'counter' ? 'sum' : 'gauge';
    const key = `${kind}:${name}`;
    let metric = metricIds.get(key);
    if (metric === undefined) {
      metricIds.set(key, (metric = info.metrics.length));
      info.metrics.push({ name, kind, unit: String(row.unit) });
    }
    info.metric[i] = metric;
    info.bounds.push(histogram ? (boundsOf.get(String(row.grp)) ?? new Float64Array(0)) : undefined);
    const field = (label: string) => labels[label];
    // `job` names the service only when no `service` label does; otherwise it stays a point attribute.
    const resourceKeys = Object.keys(labels).filter((label) => isResourceField(label) && !(label === 'job' && labels.service));
    const attributes = Object.keys(labels)
      .filter((label) => label !== 'le' && !resourceKeys.includes(label))
      .sort()
      .map((label): [string, string] => [label, labels[label]!]);
    info.attributes.push(stringAttributes(ATTRIBUTES_FIELD[kind], attributes));
    const resourceKey = JSON.stringify(resourceKeys.sort().map((label) => [label, labels[label]]));
    info.resource[i] = info.resources.intern(resourceKey, () => resourceAttributes((label) => (resourceKeys.includes(label) ? field(label) : undefined)));
  });
  return info;
}

/** The series types that become points of their own (bucket and sum series are folded into their histogram). */
export const ANCHOR_TYPES = `l.type NOT IN ('histogram_bucket', 'histogram_sum')`;
