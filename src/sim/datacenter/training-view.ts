/**
 * The `training` view: one row per entity (a server, or a service endpoint) and tick, every metric
 * a column, and the anomaly label active then ('none' outside any). DuckDB pivots the narrow
 * samples and cuts the labels into non-overlapping pieces, so no extra file is written for it.
 */
import type { DerivedView } from '../../contract/table.js';
import { SERVER_METRICS, SERVICE_SERIES } from './metrics.js';

const quote = (text: string) => `'${text}'`;

const METRIC_COLUMNS = [
  ...SERVER_METRICS.map((metric) => `any_value(sa.value) FILTER (WHERE se.metric = ${quote(metric.name)}) AS ${metric.column}`),
  ...SERVICE_SERIES.map((series) => {
    const quantile = series.quantile ? ` AND se.quantile = ${quote(series.quantile)}` : '';
    return `any_value(sa.value) FILTER (WHERE se.metric = ${quote(series.name)}${quantile}) AS ${series.column}`;
  }),
];

/**
 * Each incident once per entity it affects (its own, and for server anomalies that reach them, the
 * services on the server), with the metrics it affects. Shared with the invariants and detector.
 */
export const AFFECTED = `
  affected AS (
    SELECT incident_id, kind, start, "end", unnest(string_split(affected_entities, ',')) AS entity,
      string_split(affected_metrics, ',') AS metrics
    FROM incidents)`;

/**
 * Labels as pieces that never overlap: where incidents of one entity overlap (a service's own and
 * one of its host's), the piece takes the one that started last.
 */
const LABEL_PIECES = `${AFFECTED},
  bounds AS (SELECT entity, start AS bound FROM affected UNION SELECT entity, "end" FROM affected),
  pieces AS (SELECT entity, bound AS start, lead(bound) OVER (PARTITION BY entity ORDER BY bound) AS "end" FROM bounds),
  labels AS (
    SELECT p.entity, p.start, p."end", arg_max(a.kind, a.incident_id) AS anomaly, max(a.incident_id) AS incident_id
    FROM pieces p JOIN affected a ON a.entity = p.entity AND a.start <= p.start AND p."end" <= a."end"
    GROUP BY ALL)`;

export const TRAINING_VIEW: DerivedView = {
  name: 'training',
  description: 'one row per entity (server, or service endpoint) and tick: every metric as a column, and the active anomaly (or none)',
  sql: `WITH points AS (
      SELECT sa.date, sa.ts, CASE WHEN se.server IS NULL THEN 'service' ELSE 'server' END AS entity_type,
        coalesce(se.server, se.service) AS entity, se.path, se.zone,
        ${METRIC_COLUMNS.join(',\n        ')}
      FROM samples sa JOIN series se USING (series_id)
      GROUP BY ALL),
    ${LABEL_PIECES}
    SELECT p.*, CASE WHEN p.ts < l."end" THEN l.anomaly ELSE 'none' END AS anomaly,
      CASE WHEN p.ts < l."end" THEN l.incident_id END AS incident_id
    FROM points p ASOF LEFT JOIN labels l ON p.entity = l.entity AND p.ts >= l.start`,
};
