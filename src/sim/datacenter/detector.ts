/**
 * The proof that labels match data: a plain z-score detector, as SQL over the query views. Each
 * series is averaged per minute; each minute's change from the minute before is scored against the
 * changes of the previous hour (mean and standard deviation); |z| above the threshold is an alarm.
 * Scoring changes, not levels, keeps the daily seasonality and slow trends (a leak's ramp) out of
 * the alarms, and a return to normal after a long anomaly is one change, not an hour of alarms.
 * An alarm's window is the two minutes it compares.
 *
 * Recall: an incident is found when an alarm on one of its affected metrics, on an entity it
 * affects, overlaps its [start, end). An alarm window is outside when no incident affecting that
 * entity and metric overlaps it.
 */
import { AFFECTED } from './training-view.js';

export const DETECTOR = {
  /** |z| of a minute's change that raises an alarm. */
  threshold: 6,
  /** Minutes of earlier changes that make the baseline. */
  windowMinutes: 60,
  /** Fewest earlier changes a score needs (the first half hour of a series raises nothing). */
  warmupMinutes: 30,
  minRecall: 0.9,
  maxOutside: 0.1,
} as const;

const DETECTIONS = `
  minutes AS (SELECT series_id, time_bucket(INTERVAL 1 MINUTE, ts) AS minute, avg(value) AS v FROM samples GROUP BY ALL),
  changes AS (SELECT series_id, minute, v - lag(v) OVER (PARTITION BY series_id ORDER BY minute) AS d FROM minutes),
  scored AS (
    SELECT series_id, minute, d, avg(d) OVER w AS mu, stddev_samp(d) OVER w AS sigma, count(d) OVER w AS n
    FROM changes WINDOW w AS (PARTITION BY series_id ORDER BY minute ROWS BETWEEN ${DETECTOR.windowMinutes} PRECEDING AND 1 PRECEDING)),
  alarms AS (
    SELECT s.series_id, s.minute - INTERVAL 1 MINUTE AS from_ts, s.minute + INTERVAL 1 MINUTE AS to_ts,
      coalesce(se.server, se.service) AS entity, se.metric::VARCHAR AS metric
    FROM scored s JOIN series se USING (series_id)
    WHERE s.n >= ${DETECTOR.warmupMinutes} AND s.sigma > 0 AND abs(s.d - s.mu) > ${DETECTOR.threshold} * s.sigma),
  ${AFFECTED.trim()},
  hits AS (
    SELECT a.series_id, a.from_ts, a.metric, f.incident_id, f.kind FROM alarms a LEFT JOIN affected f
    ON f.entity = a.entity AND list_contains(f.metrics, a.metric) AND a.from_ts < f."end" AND a.to_ts > f.start),
  found AS (SELECT DISTINCT incident_id FROM hits WHERE incident_id IS NOT NULL),
  windows AS (SELECT series_id, from_ts, any_value(metric) AS metric, bool_or(incident_id IS NOT NULL) AS inside FROM hits GROUP BY ALL),
  kind_metrics AS (SELECT DISTINCT kind, unnest(metrics) AS metric FROM affected),
  by_kind AS (
    SELECT i.kind, count(*) AS labelled, count(f.incident_id) AS found,
      (SELECT count(DISTINCT (h.series_id, h.from_ts)) FROM hits h WHERE h.kind = i.kind) AS inside_windows,
      (SELECT count(*) FROM windows w JOIN kind_metrics m ON m.metric = w.metric AND m.kind = i.kind WHERE NOT w.inside) AS outside_windows
    FROM incidents i LEFT JOIN found f USING (incident_id) GROUP BY i.kind)`;

/** Per anomaly kind: incidents labelled and found, recall, and the precision of alarms on the metrics the kind affects. */
export const DETECTOR_BY_KIND_SQL = `WITH ${DETECTIONS}
  SELECT kind, labelled, found, found / labelled AS recall, inside_windows, outside_windows,
    inside_windows / nullif(inside_windows + outside_windows, 0) AS precision
  FROM by_kind ORDER BY kind`;

/** One row: every incident and alarm window (the validate check). */
export const DETECTOR_TOTAL_SQL = `WITH ${DETECTIONS},
  totals AS (
    SELECT (SELECT count(*) FROM incidents) AS labelled, (SELECT count(*) FROM found) AS found,
      (SELECT count(*) FROM windows) AS alarms, (SELECT count(*) FROM windows WHERE NOT inside) AS outside)
  SELECT labelled, found, found / nullif(labelled, 0) AS recall, alarms, outside, outside / nullif(alarms, 0) AS outside_share,
    (SELECT string_agg(kind || ' ' || found || '/' || labelled, ', ' ORDER BY kind) FROM by_kind) AS per_kind
  FROM totals`;
