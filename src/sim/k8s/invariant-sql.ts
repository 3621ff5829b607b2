/** SQL shared by the k8s invariants. */

/**
 * Consecutive samples of every series, as `steps` (delta and previous start_ts). Samples are sorted
 * by (series_id, ts) within each file (validate checks it), so in file order the previous row of
 * the same series and day is its previous sample: a streaming `lag() OVER ()` finds it without
 * sorting every row. The step across midnight comes from each series' last sample of the day before.
 */
export const SAMPLE_STEPS = `
  in_file AS (
    SELECT series_id, ts, value, start_ts, date,
      lag(series_id) OVER () AS previous_series, lag(date) OVER () AS previous_date,
      lag(value) OVER () AS previous_value, lag(start_ts) OVER () AS previous_start
    FROM samples),
  days AS (
    SELECT series_id, date, min(ts) AS ts, arg_min(value, ts) AS first_value, arg_min(start_ts, ts) AS first_start,
      arg_max(value, ts) AS last_value, arg_max(start_ts, ts) AS last_start
    FROM samples GROUP BY series_id, date),
  steps AS (
    SELECT series_id, ts, start_ts, value - previous_value AS delta, previous_start
    FROM in_file WHERE series_id = previous_series AND date = previous_date
    UNION ALL
    SELECT series_id, ts, first_start, first_value - lag(last_value) OVER w, lag(last_start) OVER w
    FROM days WINDOW w AS (PARTITION BY series_id ORDER BY date))`;
