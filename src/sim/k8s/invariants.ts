/**
 * What a k8s dataset promises, as SQL over the query views (`series`, `samples`, `incidents`).
 * Each query returns one row: `failures` (0 = kept) and `figure` (what was measured).
 */
import type { Invariant } from '../types.js';
import { anomalyInvariants } from './invariants-anomalies.js';
import { SAMPLE_STEPS } from './invariant-sql.js';
import { BUCKET_BOUNDS } from './series-layout.js';

/** Bucket `le` labels in order, and a column name for each. */
const LE = [...BUCKET_BOUNDS.map(String), '+Inf'];
const bucket = (index: number) => `le_${index}`;

/**
 * One row per histogram route and timestamp with every bucket and `_count` as columns. Routes are
 * numbered (family + labels without `le`) so the grouping runs on integers.
 */
const HISTOGRAM_POINTS = `
  routes AS (
    SELECT series_id, type, labels['le'] AS le,
      dense_rank() OVER (ORDER BY regexp_replace(metric, '_(bucket|count)$', ''),
        CAST(list_filter(map_entries(labels), e -> e.key <> 'le') AS VARCHAR)) AS route
    FROM series WHERE type IN ('histogram_bucket', 'histogram_count')),
  points AS (
    SELECT r.route, s.ts,
      ${LE.map((le, i) => `any_value(s.value) FILTER (WHERE r.le = '${le}') AS ${bucket(i)}`).join(',\n      ')},
      any_value(s.value) FILTER (WHERE r.type = 'histogram_count') AS total
    FROM samples s JOIN routes r USING (series_id) GROUP BY r.route, s.ts)`;
/** True when every bucket is present and none exceeds the next. */
const CUMULATIVE = `coalesce(${LE.slice(1).map((_, i) => `${bucket(i)} <= ${bucket(i + 1)}`).join(' AND ')}, false)`;

export const k8sInvariants: Invariant[] = [
  {
    name: 'k8s: counters monotonic except at resets',
    description: 'A cumulative series never decreases between two samples with the same start_ts.',
    sql: `WITH ${SAMPLE_STEPS}
      SELECT count(*) FILTER (WHERE delta < 0 AND start_ts = previous_start) AS failures,
        format('{} decreases outside resets over {} steps; {} resets (start_ts changes)',
          count(*) FILTER (WHERE delta < 0 AND start_ts = previous_start),
          count(delta), count(*) FILTER (WHERE start_ts <> previous_start)) AS figure
      FROM steps WHERE series_id IN (SELECT series_id FROM series WHERE type <> 'gauge')`,
  },
  {
    name: 'k8s: every reset is a recorded restart or a pod start',
    description:
      'Each start_ts a pod series moves to equals a pod_restart incident of that pod; the first start_ts is the pod (or node) start, at or before the first sample.',
    // A start_ts never comes back once a counter resets, so each (series, start_ts) group is one run
    // of samples: grouping finds the resets in one parallel pass instead of a lag() over every sample.
    sql: `WITH counters AS (SELECT series_id, pod FROM series WHERE type <> 'gauge'),
      segments AS (
        SELECT series_id, start_ts, min(ts) AS first_seen,
          row_number() OVER (PARTITION BY series_id ORDER BY min(ts)) AS nth
        FROM samples SEMI JOIN counters USING (series_id) GROUP BY series_id, start_ts),
      changes AS (SELECT s.series_id, s.start_ts, c.pod FROM segments s JOIN counters c USING (series_id) WHERE s.nth > 1),
      restarts AS (SELECT DISTINCT scope, start FROM incidents WHERE kind = 'pod_restart'),
      unmatched AS (
        SELECT count(*) AS n FROM changes c ANTI JOIN restarts r ON r.scope = 'pod=' || c.pod AND r.start = c.start_ts),
      late AS (SELECT count(*) AS n FROM segments WHERE nth = 1 AND (start_ts IS NULL OR start_ts > first_seen))
      SELECT unmatched.n + late.n AS failures,
        format('{} of {} start_ts changes without a pod_restart incident; {} series starting after their first sample',
          unmatched.n, (SELECT count(*) FROM changes), late.n) AS figure
      FROM unmatched, late`,
  },
  {
    name: 'k8s: histogram buckets cumulative, +Inf = _count',
    description: 'At every timestamp bucket counts never decrease as le grows, and the le="+Inf" bucket equals _count.',
    sql: `WITH ${HISTOGRAM_POINTS}
      SELECT count(*) FILTER (WHERE NOT ${CUMULATIVE} OR ${bucket(LE.length - 1)} IS DISTINCT FROM total) AS failures,
        format('{} bucket sets not cumulative (or incomplete); {} of {} points with +Inf different from _count',
          count(*) FILTER (WHERE NOT ${CUMULATIVE}), count(*) FILTER (WHERE ${bucket(LE.length - 1)} IS DISTINCT FROM total), count(*)) AS figure
      FROM points`,
  },
  {
    name: 'k8s: node MemAvailable <= MemTotal',
    description: 'node_memory_MemAvailable_bytes never exceeds node_memory_MemTotal_bytes of the same node at the same time.',
    sql: `WITH memory AS (
        SELECT se.instance, se.metric, sa.ts, sa.value FROM samples sa JOIN series se USING (series_id)
        WHERE se.metric IN ('node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes')),
      pairs AS (
        SELECT a.value AS available, t.value AS total FROM memory a
        JOIN memory t ON t.instance = a.instance AND t.ts = a.ts AND t.metric = 'node_memory_MemTotal_bytes'
        WHERE a.metric = 'node_memory_MemAvailable_bytes')
      SELECT count(*) FILTER (WHERE available > total) AS failures,
        format('{} of {} node samples with MemAvailable > MemTotal', count(*) FILTER (WHERE available > total), count(*)) AS figure
      FROM pairs`,
  },
  {
    name: 'k8s: node CPU modes add up to wall time per CPU',
    description:
      'Every node_cpu_seconds_total series has a cpu label, and per node, CPU and day the increases of its modes add up to the time between its first and last sample (within 4 ticks of 1/100 s), idle between 0 and all of it: so 1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m])) is a utilization in [0, 1].',
    // Per day, not per step: a group-by over the metric's own files instead of a window over every sample.
    sql: `WITH modes AS (
        SELECT se.instance, se.labels['cpu'] AS cpu, se.labels['mode'] AS mode, sa.date,
          arg_max(sa.value, sa.ts) - arg_min(sa.value, sa.ts) AS used, (epoch_ms(max(sa.ts)) - epoch_ms(min(sa.ts))) / 1000 AS seconds
        FROM samples sa JOIN series se USING (series_id) WHERE sa.metric = 'node_cpu_seconds_total' GROUP BY ALL),
      cpus AS (
        SELECT instance, cpu, date, sum(used) AS used, max(seconds) AS seconds, sum(used) FILTER (WHERE mode = 'idle') AS idle
        FROM modes GROUP BY ALL),
      unlabelled AS (SELECT count(*) AS n FROM series WHERE metric = 'node_cpu_seconds_total' AND labels['cpu'] IS NULL),
      bad AS (SELECT count(*) AS n FROM cpus WHERE abs(used - seconds) > 0.04 OR NOT (idle BETWEEN 0 AND seconds + 0.04))
      SELECT bad.n + unlabelled.n AS failures,
        format('{} of {} CPU-days whose modes do not add up to their time or whose idle time exceeds it; {} node_cpu_seconds_total series without a cpu label; utilization (1 - idle share) {} … {}',
          bad.n, (SELECT count(*) FROM cpus), unlabelled.n,
          (SELECT round(min(1 - idle / seconds), 3) FROM cpus WHERE seconds > 0), (SELECT round(max(1 - idle / seconds), 3) FROM cpus WHERE seconds > 0)) AS figure
      FROM bad, unlabelled`,
  },
  {
    name: 'k8s: pod series only while the pod lives',
    description: 'No sample outside its series first_ts..last_ts, and all series of one pod share one lifetime.',
    sql: `WITH outside AS (
        SELECT count(*) AS n FROM samples sa JOIN series se USING (series_id) WHERE sa.ts < se.first_ts OR sa.ts > se.last_ts),
      pods AS (
        SELECT pod, count(DISTINCT first_ts) AS starts, count(DISTINCT last_ts) AS ends FROM series WHERE pod IS NOT NULL GROUP BY pod)
      SELECT outside.n + (SELECT count(*) FROM pods WHERE starts > 1 OR ends > 1) AS failures,
        format('{} samples outside their series lifetime; {} of {} pods whose series disagree on start or end',
          outside.n, (SELECT count(*) FROM pods WHERE starts > 1 OR ends > 1), (SELECT count(*) FROM pods)) AS figure
      FROM outside`,
  },
  ...anomalyInvariants,
];
