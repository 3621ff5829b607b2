/** Properties of a social-network dataset, checked by `teleforge validate` as SQL over its views. */
import type { Invariant } from '../types.js';

const ratio = (failures: string, figure: string) => `SELECT (${failures})::BIGINT AS failures, ${figure} AS figure`;

/** Log lines inside an incident's window, service set and target, pooled over every incident. */
const IN_INCIDENT = `
  SELECT l.success FROM logs l JOIN incidents i
    ON i.kind = 'infrastructure_incident'
   AND l.target_id = json_extract_string(i.details, '$.target_id')
   AND list_contains(string_split(json_extract_string(i.details, '$.services'), ','), l.stack || ':' || l.service)
   AND l.timestamp >= i.start AND l.timestamp < i."end"`;

/**
 * Log lines inside incident windows below which an error rate says nothing: with incidents failing
 * 20–30 % of requests, 100 lines expect 20–30 errors against ~10 at 5× the usual rate; a 20k-event
 * year over 30 days has 2 lines inside (one error more or less flips the check).
 */
const MIN_INCIDENT_LINES = 100;

export const socialInvariants: Invariant[] = [
  {
    name: 'span_parent_encloses_child',
    description: 'every child span has its parent in the same trace, starting no earlier and ending no later',
    sql: ratio(
      `SELECT count(*) FROM spans c LEFT JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
       WHERE c.parent_span_id IS NOT NULL AND (p.span_id IS NULL OR c.start_time < p.start_time OR c.end_time > p.end_time)`,
      `'child spans checked: ' || (SELECT count(*) FROM spans WHERE parent_span_id IS NOT NULL)`,
    ),
  },
  {
    name: 'children_share_root_target',
    description: 'a child span runs in the same target (environment, region, cluster) as its parent',
    sql: `SELECT count(*) FILTER (WHERE c.target_id <> p.target_id) AS failures,
        'child spans checked: ' || count(*) || ', in another target than their parent: ' || count(*) FILTER (WHERE c.target_id <> p.target_id) AS figure
      FROM spans c JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id`,
  },
  {
    name: 'exemplars_exist',
    description: 'every exemplar (trace_id, request_id) of a sample is a log line and a span',
    sql: ratio(
      `SELECT count(*) FROM samples s WHERE s.trace_id IS NOT NULL AND (
         NOT EXISTS (SELECT 1 FROM logs l WHERE l.request_id = s.request_id AND l.trace_id = s.trace_id)
         OR NOT EXISTS (SELECT 1 FROM spans p WHERE p.request_id = s.request_id AND p.trace_id = s.trace_id))`,
      `'exemplars: ' || (SELECT count(*) FROM samples WHERE trace_id IS NOT NULL)`,
    ),
  },
  {
    name: 'release_ids_exist',
    description: 'every release_id of logs, spans and series is in the releases table',
    sql: ratio(
      `SELECT count(*) FROM (SELECT DISTINCT release_id FROM logs UNION SELECT DISTINCT release_id FROM spans UNION SELECT DISTINCT release_id FROM series) u
       WHERE u.release_id NOT IN (SELECT release_id FROM releases)`,
      `'releases: ' || (SELECT count(*) FROM releases)`,
    ),
  },
  {
    name: 'level_matches_outcome',
    description: 'INFO for successes, WARN for client and rate-limit errors, ERROR for server and infrastructure errors',
    sql: ratio(
      `SELECT count(*) FROM logs WHERE level <> CASE WHEN success THEN 'INFO' WHEN error_type IN ('client', 'rate_limit') THEN 'WARN' ELSE 'ERROR' END
         OR (success AND error_source IS NOT NULL) OR (NOT success AND (error_source IS NULL OR error_code IS NULL OR error_type IS NULL))`,
      `'log lines: ' || (SELECT count(*) FROM logs)`,
    ),
  },
  {
    name: 'upstream_points_at_failed_dependency',
    description: 'error_source=dependency:<service> has an upstream_request_id naming a failed child span of that service',
    sql: ratio(
      `SELECT count(*) FROM logs l LEFT JOIN logs d ON d.request_id = l.upstream_request_id AND d.trace_id = l.trace_id AND d.parent_span_id = l.span_id
       WHERE l.error_source LIKE 'dependency:%' AND (d.request_id IS NULL OR d.success OR l.error_source <> 'dependency:' || d.stack || ':' || d.service)`,
      `'cascaded errors: ' || (SELECT count(*) FROM logs WHERE error_source LIKE 'dependency:%')`,
    ),
  },
  {
    name: 'incidents_raise_error_rate',
    description: "an affected service's error rate inside its incident windows (same target) is at least 5x its rate outside",
    sql: `WITH inside AS (SELECT avg(CASE WHEN success THEN 0 ELSE 1 END) AS rate, count(*) AS n FROM (${IN_INCIDENT})),
      affected AS (SELECT DISTINCT json_extract_string(details, '$.target_id') AS target_id, unnest(string_split(json_extract_string(details, '$.services'), ',')) AS svc
                   FROM incidents WHERE kind = 'infrastructure_incident'),
      overall AS (SELECT sum(CASE WHEN success THEN 0 ELSE 1 END) AS errors, count(*) AS n FROM logs l JOIN affected a ON a.target_id = l.target_id AND a.svc = l.stack || ':' || l.service)
      SELECT CASE WHEN inside.n = 0 OR inside.rate >= 5 * ((overall.errors - inside.rate * inside.n) / greatest(overall.n - inside.n, 1)) THEN 0 ELSE 1 END::BIGINT AS failures,
        'inside ' || round(coalesce(inside.rate, 0), 4) || ' over ' || inside.n || ' lines; outside ' || round((coalesce(overall.errors, 0) - coalesce(inside.rate, 0) * inside.n) / greatest(overall.n - inside.n, 1), 4) AS figure,
        CASE WHEN inside.n < ${MIN_INCIDENT_LINES} THEN 'not enough data: ' || inside.n || ' log lines inside incident windows, a rate needs ${MIN_INCIDENT_LINES}' END AS skip
      FROM inside, overall`,
  },
];
