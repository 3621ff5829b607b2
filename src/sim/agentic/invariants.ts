/** Properties of an agentic-ide dataset, checked by `teleforge validate` as SQL over its views. */
import type { Invariant } from '../types.js';
import { FIRST_NAMES, LAST_NAMES } from './catalog.js';
import { MAX_STEPS } from './steps.js';

const ratio = (failures: string, figure: string) => `SELECT (${failures})::BIGINT AS failures, ${figure} AS figure`;

/** Spans named as lost by the ground truth. */
const LOST = `SELECT json_extract_string(details, '$.trace_id') AS trace_id, json_extract_string(details, '$.span_id') AS span_id FROM incidents WHERE kind = 'lost_span'`;

/** Linked spans: the link's target and type. */
const LINKS = `SELECT trace_id, span_id, start_time, "tenant.id" AS tenant, json_extract_string(links, '$[0].trace_id') AS link_trace,
  json_extract_string(links, '$[0].span_id') AS link_span, json_extract_string(links, '$[0].attributes."agentic.link.type"') AS link_type FROM spans WHERE links IS NOT NULL`;

/** Text columns of every table, scanned for raw personal data. */
const TEXT_COLUMNS: Record<string, string[]> = {
  spans: ['name', 'status_message', 'user.name', 'user.email', 'links', 'events', 'error.type', 'gen_ai.tool.name'],
  logs: ['message', 'user.name', 'error.type', 'agentic.decision', 'vcs.repository.name'],
  sessions: ['user.name', 'user.email', 'phase_path', 'region', 'time_zone'],
  tenants: ['name', 'time_zones'],
  audit: ['table_name', 'column_name'],
  incidents: ['scope', 'expected_signals', 'details'],
};
const EMAIL = `'[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z0-9.-]+'`;
const NAME = `'(${FIRST_NAMES.join('|')}) (${LAST_NAMES.join('|')})'`;
const PII_SCAN = Object.entries(TEXT_COLUMNS)
  .flatMap(([table, columns]) => [
    ...columns.map((c) => `SELECT count(*) AS n FROM ${table} WHERE regexp_matches("${c}"::VARCHAR, ${EMAIL}) OR regexp_matches("${c}"::VARCHAR, ${NAME})`),
    ...(table === 'spans' ? [`SELECT count(*) AS n FROM spans WHERE regexp_matches(to_json(attributes)::VARCHAR, ${EMAIL}) OR regexp_matches(to_json(attributes)::VARCHAR, ${NAME})`] : []),
    `SELECT count(*) AS n FROM series WHERE regexp_matches(to_json(labels)::VARCHAR, ${EMAIL})`,
  ])
  .join(' UNION ALL ');

export const agenticInvariants: Invariant[] = [
  {
    name: 'span_times_ordered',
    description: 'every span starts no later than it ends and arrives no earlier',
    sql: ratio(
      `SELECT count(*) FROM spans WHERE end_time < start_time OR arrival_time < end_time`,
      `'spans: ' || (SELECT count(*) FROM spans)`,
    ),
  },
  {
    name: 'parents_exist_unless_lost',
    description: 'every parent_span_id is a span of the same trace, or a span the ground truth lists as lost; no lost span is present',
    sql: ratio(
      `(SELECT count(*) FROM spans c WHERE c.parent_span_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM spans p WHERE p.trace_id = c.trace_id AND p.span_id = c.parent_span_id)
         AND NOT EXISTS (SELECT 1 FROM (${LOST}) l WHERE l.trace_id = c.trace_id AND l.span_id = c.parent_span_id))
       + (SELECT count(*) FROM (${LOST}) l JOIN spans s ON s.trace_id = l.trace_id AND s.span_id = l.span_id)`,
      `'lost spans listed: ' || (SELECT count(*) FROM (${LOST}))`,
    ),
  },
  {
    name: 'children_within_parents',
    description: 'a child span starts no earlier and ends no later than its parent',
    sql: ratio(
      `SELECT count(*) FROM spans c JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id WHERE c.start_time < p.start_time OR c.end_time > p.end_time`,
      `'child spans: ' || (SELECT count(*) FROM spans WHERE parent_span_id IS NOT NULL)`,
    ),
  },
  {
    name: 'links_follow_their_source',
    description: 'a link names a span of the same trace and tenant (or a lost one); handoffs, recoveries, retries and escalations start after their source ends',
    sql: ratio(
      `SELECT count(*) FROM (${LINKS}) l LEFT JOIN spans s ON s.trace_id = l.link_trace AND s.span_id = l.link_span
       WHERE l.link_trace <> l.trace_id
          OR (s.span_id IS NULL AND NOT EXISTS (SELECT 1 FROM (${LOST}) x WHERE x.trace_id = l.link_trace AND x.span_id = l.link_span))
          OR s."tenant.id" <> l.tenant
          OR (l.link_type <> 'collaboration' AND l.start_time < s.end_time)`,
      `'handoffs: ' || (SELECT count(*) FROM (${LINKS}) WHERE link_type = 'handoff') || ', links: ' || (SELECT count(*) FROM (${LINKS}))`,
    ),
  },
  {
    name: 'tenant_isolation',
    description: 'no trace, conversation, user or repository appears under two tenants, in spans, logs, sessions or metrics',
    sql: ratio(
      `(SELECT count(*) FROM (SELECT trace_id FROM (SELECT trace_id, "tenant.id" t FROM spans UNION ALL SELECT trace_id, "tenant.id" FROM logs UNION ALL SELECT trace_id, "tenant.id" FROM sessions) GROUP BY trace_id HAVING count(DISTINCT t) > 1))
       + (SELECT count(*) FROM (SELECT c FROM (SELECT "gen_ai.conversation.id" c, "tenant.id" t FROM spans UNION ALL SELECT "gen_ai.conversation.id", "tenant.id" FROM sessions) GROUP BY c HAVING count(DISTINCT t) > 1))
       + (SELECT count(*) FROM (SELECT u FROM (SELECT "user.id" u, "tenant.id" t FROM spans UNION ALL SELECT "user.id", "tenant.id" FROM logs UNION ALL SELECT "user.id", "tenant.id" FROM sessions) GROUP BY u HAVING count(DISTINCT t) > 1))
       + (SELECT count(*) FROM (SELECT r FROM (SELECT attributes['vcs.repository.name'] r, "tenant.id" t FROM spans WHERE attributes['vcs.repository.name'] IS NOT NULL
            UNION ALL SELECT "vcs.repository.name", "tenant.id" FROM logs WHERE "vcs.repository.name" IS NOT NULL) GROUP BY r HAVING count(DISTINCT t) > 1))
       + (SELECT count(*) FROM series WHERE labels['tenant.id'] IS DISTINCT FROM "tenant.id")`,
      `'tenants: ' || (SELECT count(DISTINCT "tenant.id") FROM spans)`,
    ),
  },
  {
    name: 'business_hours_per_time_zone',
    description: "in every time zone with 100+ sessions, most start in local weekday business hours and a weekend hour has under half a business hour's starts",
    sql: `WITH bounds AS (SELECT date_trunc('day', min(start)) AS a, date_trunc('day', max(start)) + INTERVAL 1 day AS b FROM sessions),
      zones AS (SELECT DISTINCT s.time_zone, s.utc_offset_minutes AS off, t.business_start AS b0, t.business_end AS b1 FROM sessions s JOIN tenants t ON t."tenant.id" = s."tenant.id"),
      hours AS (SELECT z.time_zone, g.h + to_minutes(z.off) AS t, z.b0, z.b1 FROM zones z, bounds, generate_series(bounds.a, bounds.b - INTERVAL 1 hour, INTERVAL 1 hour) g(h)),
      hour_counts AS (SELECT time_zone, count(*) FILTER (WHERE isodow(t) > 5) AS weekend_hours,
          count(*) FILTER (WHERE isodow(t) <= 5 AND hour(t) >= b0 AND hour(t) < b1) AS business_hours FROM hours GROUP BY ALL),
      local AS (SELECT s.time_zone, s.start + to_minutes(s.utc_offset_minutes) AS t, z.b0, z.b1 FROM sessions s JOIN zones z ON z.time_zone = s.time_zone),
      shape AS (SELECT time_zone, count(*) AS n,
          count(*) FILTER (WHERE isodow(t) <= 5 AND hour(t) >= b0 AND hour(t) < b1) AS business, count(*) FILTER (WHERE isodow(t) > 5) AS weekend FROM local GROUP BY ALL)
      SELECT count(*) FILTER (WHERE n >= 100 AND (business / n < 0.6 OR (weekend_hours > 0 AND weekend / weekend_hours > 0.5 * business / greatest(business_hours, 1))))::BIGINT AS failures,
        coalesce(string_agg(time_zone || ' ' || round(100 * business / n) || '% in business hours, ' || round(weekend / greatest(weekend_hours, 1), 2) || ' vs ' || round(business / greatest(business_hours, 1), 2) || ' per weekend vs business hour', '; ' ORDER BY time_zone), 'no sessions') AS figure
      FROM shape JOIN hour_counts USING (time_zone)`,
  },
  {
    name: 'markov_transitions_match_matrix',
    description: 'phase transitions of the sessions follow the transition matrix: each observed frequency within 4 standard errors + 0.01 of its probability, none outside the matrix',
    sql: `WITH ends AS (SELECT any_value(to_phase) AS e FROM transitions WHERE to_phase NOT IN (SELECT from_phase FROM transitions)),
      paths AS (SELECT workflow, steps, string_split(phase_path, '>') AS p FROM sessions),
      idx AS (SELECT workflow, steps, p, generate_subscripts(p, 1) AS i FROM paths),
      pairs AS (SELECT workflow, p[i] AS f, coalesce(p[i + 1], (SELECT e FROM ends)) AS t FROM idx WHERE i < len(p) OR steps < ${MAX_STEPS}),
      observed AS (SELECT workflow, f, t, count(*) AS n FROM pairs GROUP BY ALL),
      totals AS (SELECT workflow, f, sum(n) AS total FROM observed GROUP BY ALL),
      compared AS (SELECT m.probability AS p, coalesce(o.n, 0) AS n, tt.total FROM transitions m JOIN totals tt ON tt.workflow = m.workflow AND tt.f = m.from_phase
                   LEFT JOIN observed o ON o.workflow = m.workflow AND o.f = m.from_phase AND o.t = m.to_phase)
      SELECT ((SELECT count(*) FROM compared WHERE total >= 30 AND abs(n / total - p) > 4 * sqrt(p * (1 - p) / total) + 0.01)
        + (SELECT count(*) FROM observed o WHERE NOT EXISTS (SELECT 1 FROM transitions m WHERE m.workflow = o.workflow AND m.from_phase = o.f AND m.to_phase = o.t AND m.probability > 0)))::BIGINT AS failures,
        'transitions observed: ' || (SELECT count(*) FROM pairs) AS figure`,
  },
  {
    name: 'metrics_match_spans',
    description: 'every GenAI histogram point (token sums and counts by type, call counts) equals a recomputation from the chat spans of its bucket',
    sql: `WITH iv AS (SELECT max(epoch_us(ts) - epoch_us(start_ts)) + 1000 AS us FROM samples),
      chat AS (SELECT "tenant.id" AS tenant, CASE WHEN "gen_ai.system" IS NULL THEN 'gen_ai.provider.name' ELSE 'gen_ai.system' END AS attr,
          coalesce("gen_ai.system", "gen_ai.provider.name") AS provider, "gen_ai.request.model" AS model,
          make_timestamp((epoch_us(end_time) // iv.us) * iv.us) AS bucket, "gen_ai.usage.input_tokens" AS input, "gen_ai.usage.output_tokens" AS output
        FROM spans, iv WHERE "gen_ai.operation.name" = 'chat'),
      expected AS (SELECT tenant, attr, provider, model, bucket, 'input' AS token, sum(input) AS total, count(*) AS calls FROM chat GROUP BY ALL
        UNION ALL SELECT tenant, attr, provider, model, bucket, 'output', sum(output), count(*) FROM chat GROUP BY ALL),
      got AS (SELECT labels['tenant.id'] AS tenant, CASE WHEN labels['gen_ai.system'] IS NULL THEN 'gen_ai.provider.name' ELSE 'gen_ai.system' END AS attr,
          coalesce(labels['gen_ai.system'], labels['gen_ai.provider.name']) AS provider, labels['gen_ai.request.model'] AS model, start_ts AS bucket, labels['gen_ai.token.type'] AS token,
          max(value) FILTER (WHERE metric = 'gen_ai.client.token.usage_sum') AS total, max(value) FILTER (WHERE metric = 'gen_ai.client.token.usage_count') AS calls
        FROM metrics WHERE metric IN ('gen_ai.client.token.usage_sum', 'gen_ai.client.token.usage_count') GROUP BY ALL),
      calls AS (SELECT labels['tenant.id'] AS tenant, start_ts AS bucket, sum(value) AS n FROM metrics WHERE metric = 'gen_ai.client.operation.duration_count' GROUP BY ALL),
      chat_calls AS (SELECT tenant, bucket, count(*) AS n FROM chat GROUP BY ALL)
      SELECT ((SELECT count(*) FROM expected e FULL JOIN got g USING (tenant, attr, provider, model, bucket, token) WHERE e.total IS DISTINCT FROM g.total OR e.calls IS DISTINCT FROM g.calls)
        + (SELECT count(*) FROM chat_calls c FULL JOIN calls m USING (tenant, bucket) WHERE c.n IS DISTINCT FROM m.n))::BIGINT AS failures,
        'points compared: ' || (SELECT count(*) FROM got) AS figure`,
  },
  {
    name: 'no_raw_pii',
    description: 'no text column of any table holds an e-mail address or a generated "First Last" name (they are keyed hashes when pii_scrubbing is on)',
    sql: ratio(`SELECT sum(n) FROM (${PII_SCAN})`, `'text columns scanned: ' || ${Object.values(TEXT_COLUMNS).flat().length + 2}`),
  },
  {
    name: 'schema_versions_as_declared',
    description: "GenAI spans carry gen_ai.system and the 1.36.0 schema_url before their tenant's switch, gen_ai.provider.name and 1.37.0 from it on",
    sql: ratio(
      `SELECT count(*) FROM spans s JOIN tenants t ON t."tenant.id" = s."tenant.id"
       WHERE CASE WHEN t.schema_switch IS NOT NULL AND s.start_time >= t.schema_switch
         THEN s.schema_url NOT LIKE '%/' || t.schema_version_after OR ("gen_ai.operation.name" IN ('chat', 'invoke_agent') AND ("gen_ai.provider.name" IS NULL OR "gen_ai.system" IS NOT NULL))
         ELSE s.schema_url NOT LIKE '%/' || t.schema_version_before OR ("gen_ai.operation.name" IN ('chat', 'invoke_agent') AND ("gen_ai.system" IS NULL OR "gen_ai.provider.name" IS NOT NULL)) END`,
      `'tenants switched: ' || (SELECT count(*) FROM tenants WHERE schema_switch IS NOT NULL) || ' of ' || (SELECT count(*) FROM tenants)`,
    ),
  },
];
