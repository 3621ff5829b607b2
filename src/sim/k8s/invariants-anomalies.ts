/** Invariants that tie the injected anomalies in labels/incidents.parquet to what the samples show. */
import type { Invariant } from '../types.js';
import { SAMPLE_STEPS } from './invariant-sql.js';

/** The scrape target of each series, written as incident scopes are (`pod=…`, `node=…`, `kafka=…`). */
const SERIES_TARGETS = `
  targets AS (
    SELECT series_id,
      CASE WHEN pod IS NOT NULL THEN 'pod=' || pod
           WHEN job = 'node-exporter' THEN 'node=' || instance
           ELSE 'kafka=kafka-exporter' END AS scope
    FROM series)`;

/** Requests answered per step and deployment, split into 500s and all, with each step's spike window (if any). */
const REQUEST_STEPS = `${SAMPLE_STEPS},
  spikes AS (
    SELECT incident_id, start, "end", json_extract_string(details, '$.service') AS service, json_extract_string(details, '$.env') AS env
    FROM incidents WHERE kind = 'error_spike'),
  requests AS (
    SELECT se.service, se.env, se.labels['status'] = '500' AS error, st.ts, st.delta
    FROM steps st JOIN series se USING (series_id)
    WHERE se.metric = 'http_requests_total' AND st.start_ts = st.previous_start),
  located AS (
    SELECT r.*, p.incident_id AS spike FROM requests r
    LEFT JOIN spikes p ON p.service = r.service AND p.env = r.env AND r.ts > p.start AND r.ts <= p."end"),
  -- One pass over \`located\` for both shares: read twice, DuckDB would materialize every step.
  shares AS (
    SELECT spike, service, env, sum(delta) FILTER (WHERE error) / nullif(sum(delta), 0) AS share FROM located GROUP BY ALL),
  inside AS (SELECT spike, share FROM shares WHERE spike IS NOT NULL),
  outside AS (SELECT service, env, share FROM shares WHERE spike IS NULL),
  ratios AS (
    SELECT p.incident_id, i.share AS inside, o.share AS outside, i.share / nullif(o.share, 0) AS ratio
    FROM spikes p LEFT JOIN inside i ON i.spike = p.incident_id LEFT JOIN outside o ON o.service = p.service AND o.env = p.env)`;

/** A spike is visible when the 500 share inside its window is at least this many times the share outside. */
const SPIKE_RATIO = 5;

export const anomalyInvariants: Invariant[] = [
  {
    name: 'k8s: error spikes visible in 500 share',
    description: `Inside each error_spike window the share of 500 answers of its deployment is at least ${SPIKE_RATIO}× the share outside spikes.`,
    sql: `WITH ${REQUEST_STEPS}
      SELECT count(*) FILTER (WHERE inside IS NOT NULL AND NOT coalesce(ratio >= ${SPIKE_RATIO}, inside > 0)) AS failures,
        format('{} of {} spikes with a 500 share under {}× outside (lowest ratio {}, median inside {}, outside {}); {} without scraped requests',
          count(*) FILTER (WHERE inside IS NOT NULL AND NOT coalesce(ratio >= ${SPIKE_RATIO}, inside > 0)), count(*), ${SPIKE_RATIO},
          coalesce(round(min(ratio), 1)::VARCHAR, '-'), coalesce(round(median(inside), 4)::VARCHAR, '-'), coalesce(round(median(outside), 4)::VARCHAR, '-'), count(*) FILTER (WHERE inside IS NULL)) AS figure,
        CASE WHEN count(*) FILTER (WHERE inside IS NOT NULL) = 0 THEN 'no error spike with scraped requests in this dataset' END AS skip
      FROM ratios`,
  },
  {
    name: 'k8s: no samples inside scrape gaps',
    description: 'A target has no sample inside any of its scrape_gap windows [start, end).',
    sql: `WITH ${SERIES_TARGETS},
      gaps AS (SELECT scope, start, "end" FROM incidents WHERE kind = 'scrape_gap'),
      hits AS (
        SELECT count(*) AS n FROM gaps g JOIN targets t USING (scope) JOIN samples s USING (series_id)
        WHERE s.ts >= g.start AND s.ts < g."end")
      SELECT hits.n AS failures, format('{} samples inside {} scrape gaps', hits.n, (SELECT count(*) FROM gaps)) AS figure FROM hits`,
  },
  {
    name: 'k8s: no samples inside scraper outages',
    description: 'No target has a sample inside a cluster-wide scrape_outage window [start, end).',
    sql: `WITH outages AS (SELECT start, "end" FROM incidents WHERE kind = 'scrape_outage'),
      hits AS (SELECT count(*) AS n FROM samples s JOIN outages o ON s.ts >= o.start AND s.ts < o."end")
      SELECT hits.n AS failures, format('{} samples inside {} outages', hits.n, (SELECT count(*) FROM outages)) AS figure FROM hits`,
  },
];
