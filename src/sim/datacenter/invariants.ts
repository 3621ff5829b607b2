/**
 * What a datacenter dataset promises, as SQL over the query views (`series`, `samples`,
 * `entities`, `incidents`). Each query returns one row: `failures` (0 = kept) and `figure`.
 */
import type { Invariant } from '../types.js';
import { DETECTOR, DETECTOR_TOTAL_SQL } from './detector.js';
import { RESPONSE_TIME } from './metrics.js';

/** Samples of the given metrics with their entity. */
const valuesOf = (metrics: string[]) => `
  SELECT coalesce(se.server, se.service) AS entity, se.path, se.quantile, se.metric::VARCHAR AS metric, sa.ts, sa.value
  FROM samples sa JOIN series se USING (series_id) WHERE se.metric IN (${metrics.map((m) => `'${m}'`).join(', ')})`;

const CPU = 'datacenter_server_cpu_usage_percent';
const TEMPERATURE = 'datacenter_server_cpu_temperature_celsius';
const MEMORY = 'datacenter_server_memory_usage_percent';
/** Pearson correlation of temperature with CPU one thermal lag earlier that every cpu_spike window keeps. */
export const LAGGED_CORRELATION = 0.8;
/** Points a leak's memory must fall at the restart. */
const LEAK_DROP = 10;

export const datacenterInvariants: Invariant[] = [
  {
    name: 'datacenter: percentages within [0, 100], nothing negative',
    description: 'Every *_percent sample is in [0, 100]; no sample of any metric is negative or not finite.',
    sql: `SELECT count(*) FILTER (WHERE value < 0 OR NOT isfinite(value) OR (metric LIKE '%_percent' AND value > 100)) AS failures,
        format('{} of {} samples negative, not finite or a percentage above 100 (lowest {}, highest percentage {})',
          count(*) FILTER (WHERE value < 0 OR NOT isfinite(value) OR (metric LIKE '%_percent' AND value > 100)), count(*),
          round(min(value), 3), round(max(value) FILTER (WHERE metric LIKE '%_percent'), 3)) AS figure
      FROM samples`,
  },
  {
    name: 'datacenter: p50 <= p95 <= p99',
    description: 'At every tick of every endpoint the response-time quantiles are ordered.',
    sql: `WITH q AS (${valuesOf([RESPONSE_TIME])}),
      points AS (
        SELECT entity, path, ts, any_value(value) FILTER (WHERE quantile = '0.5') AS p50,
          any_value(value) FILTER (WHERE quantile = '0.95') AS p95, any_value(value) FILTER (WHERE quantile = '0.99') AS p99
        FROM q GROUP BY ALL)
      SELECT count(*) FILTER (WHERE NOT coalesce(p50 <= p95 AND p95 <= p99, false)) AS failures,
        format('{} of {} endpoint ticks with quantiles out of order (or missing)', count(*) FILTER (WHERE NOT coalesce(p50 <= p95 AND p95 <= p99, false)), count(*)) AS figure
      FROM points`,
  },
  {
    name: 'datacenter: power >= idle power, I/O within the device and link limits',
    description: 'Power never falls below the server\'s idle power; disk read + write never exceeds the device limit; RX and TX never exceed the link capacity.',
    sql: `WITH v AS (${valuesOf(['datacenter_server_power_watts', 'datacenter_server_disk_read_bytes_per_second', 'datacenter_server_disk_write_bytes_per_second', 'datacenter_server_network_receive_bytes_per_second', 'datacenter_server_network_transmit_bytes_per_second'])}),
      points AS (
        SELECT entity, ts, any_value(value) FILTER (WHERE metric = 'datacenter_server_power_watts') AS power,
          sum(value) FILTER (WHERE metric LIKE '%_disk_%') AS disk, max(value) FILTER (WHERE metric LIKE '%_network_%') AS network
        FROM v GROUP BY ALL),
      checked AS (
        SELECT p.power < e.idle_power_watts AS low, p.disk > e.disk_limit_bytes_per_second * (1 + 1e-12) AS disk,
          p.network > e.network_capacity_bytes_per_second AS link
        FROM points p JOIN entities e ON e.entity = p.entity AND e.entity_type = 'server')
      SELECT count(*) FILTER (WHERE low OR disk OR link) AS failures,
        format('{} of {} server ticks: {} below idle power, {} over the disk limit, {} over the link capacity',
          count(*) FILTER (WHERE low OR disk OR link), count(*), count(*) FILTER (WHERE low), count(*) FILTER (WHERE disk), count(*) FILTER (WHERE link)) AS figure
      FROM checked`,
  },
  {
    name: 'datacenter: temperature follows CPU with lag in cpu_spike windows',
    description: `In every cpu_spike window the temperature correlates with the CPU one thermal lag earlier above ${LAGGED_CORRELATION}.`,
    sql: `WITH spikes AS (SELECT incident_id, entity, start, "end" FROM incidents WHERE kind = 'cpu_spike'),
      v AS (${valuesOf([CPU, TEMPERATURE])}),
      temperature AS (
        SELECT s.incident_id, v.entity, v.ts, v.value, v.ts - to_milliseconds(CAST(e.thermal_lag_seconds * 1000 AS BIGINT)) AS lagged
        FROM spikes s JOIN v ON v.entity = s.entity AND v.metric = '${TEMPERATURE}' AND v.ts >= s.start AND v.ts < s."end"
        JOIN entities e ON e.entity = s.entity AND e.entity_type = 'server'),
      cpu AS (SELECT entity, ts, value FROM v WHERE metric = '${CPU}'),
      paired AS (SELECT t.incident_id, t.value AS temperature, c.value AS cpu FROM temperature t ASOF JOIN cpu c ON c.entity = t.entity AND c.ts <= t.lagged),
      per_spike AS (SELECT incident_id, corr(temperature, cpu) AS r FROM paired GROUP BY 1)
      SELECT (SELECT count(*) FROM spikes) - count(*) FILTER (WHERE r > ${LAGGED_CORRELATION}) AS failures,
        format('{} of {} cpu_spike windows with correlation above {} (lowest {}, median {})',
          count(*) FILTER (WHERE r > ${LAGGED_CORRELATION}), (SELECT count(*) FROM spikes), ${LAGGED_CORRELATION}, round(min(r), 3), round(median(r), 3)) AS figure
      FROM per_spike`,
  },
  {
    name: 'datacenter: memory rises strictly in a leak and drops at the restart',
    description: `Inside every memory_leak until its restart (details.cause_end) memory rises at every tick; at the restart it falls by more than ${LEAK_DROP} points.`,
    sql: `WITH leaks AS (
        SELECT incident_id, entity, start, json_extract_string(details, '$.cause_end')::TIMESTAMP AS restart FROM incidents WHERE kind = 'memory_leak'),
      m AS (
        SELECT l.incident_id, v.ts, v.value, v.ts < l.restart AS leaking,
          v.value - lag(v.value) OVER (PARTITION BY l.incident_id ORDER BY v.ts) AS step
        FROM leaks l JOIN (${valuesOf([MEMORY])}) v ON v.entity = l.entity AND v.ts >= l.start AND v.ts < l.restart + INTERVAL 1 MINUTE),
      per_leak AS (
        SELECT incident_id, count(*) FILTER (WHERE leaking AND step <= 0) AS flat,
          max(value) FILTER (WHERE leaking) - arg_min(value, ts) FILTER (WHERE NOT leaking) AS drop
        FROM m GROUP BY 1)
      SELECT count(*) FILTER (WHERE flat > 0 OR NOT coalesce(drop > ${LEAK_DROP}, false)) AS failures,
        format('{} of {} leaks not rising strictly or not dropping at the restart ({} non-rising steps; smallest drop {} points)',
          count(*) FILTER (WHERE flat > 0 OR NOT coalesce(drop > ${LEAK_DROP}, false)), count(*), sum(flat), round(min(drop), 2)) AS figure
      FROM per_leak`,
  },
  {
    name: 'datacenter: every anomaly labels known entities, one at a time per entity',
    description: 'Each incident affects entities of the inventory and starts before it ends; the incidents of one entity never overlap.',
    sql: `WITH own AS (SELECT incident_id, entity, start, "end", lag("end") OVER (PARTITION BY entity ORDER BY start) AS previous_end FROM incidents),
      named AS (SELECT unnest(string_split(affected_entities, ',')) AS entity FROM incidents),
      unknown AS (SELECT count(*) AS n FROM named WHERE entity NOT IN (SELECT entity FROM entities))
      SELECT count(*) FILTER (WHERE start >= "end" OR previous_end > start) + (SELECT n FROM unknown) AS failures,
        format('{} incidents: {} empty, {} overlapping the previous one of their entity, {} unknown affected entities',
          count(*), count(*) FILTER (WHERE start >= "end"), count(*) FILTER (WHERE previous_end > start), (SELECT n FROM unknown)) AS figure
      FROM own`,
  },
  {
    name: 'datacenter: a z-score detector finds the labelled anomalies',
    description:
      `A z-score over each series' minute-to-minute changes (previous ${DETECTOR.windowMinutes} min, |z| > ${DETECTOR.threshold}) finds at least ` +
      `${DETECTOR.minRecall * 100} % of the incidents, with at most ${DETECTOR.maxOutside * 100} % of its alarm windows outside every label.`,
    sql: `WITH d AS (${DETECTOR_TOTAL_SQL})
      SELECT (CASE WHEN labelled > 0 AND recall < ${DETECTOR.minRecall} THEN 1 ELSE 0 END) + (CASE WHEN coalesce(outside_share, 0) > ${DETECTOR.maxOutside} THEN 1 ELSE 0 END) AS failures,
        format('recall {} ({} of {} incidents: {}); {} of {} alarm windows outside any label ({})',
          round(coalesce(recall, 1), 3), found, labelled, coalesce(per_kind, 'none'), outside, alarms, round(coalesce(outside_share, 0), 3)) AS figure
      FROM d`,
  },
];
