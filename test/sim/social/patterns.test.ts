/** The social-network kind, measured in its output: structure, personas, incidents, cascades, exemplars. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { socialInvariants } from '../../../src/sim/social/invariants.js';
import { buildPersonas } from '../../../src/sim/social/personas.js';
import { compileDataset, tempDir } from '../../helpers.js';
import { SOCIAL_FIXTURE, correlation, openSocialDataset, type Dataset } from './helpers.js';

let dir: string;
let db: Dataset;
let range: { start: string; end: string };

before(async () => {
  dir = tempDir('teleforge-social-');
  const result = compileDataset(SOCIAL_FIXTURE, dir, ['--workers', '2', '--quiet']);
  range = (result.summary as { time_range: { start: string; end: string } }).time_range;
  db = await openSocialDataset(dir);
});

after(() => db.close());

const num = (value: unknown): number => Number(value);

for (const invariant of socialInvariants) {
  test(`invariant ${invariant.name}: ${invariant.description}`, async () => {
    const [row] = await db.query(invariant.sql);
    assert.equal(num(row!.failures), 0, `${invariant.name}: ${String(row!.figure)}`);
  });
}

test('every table holds rows, and a root fans out to child spans sharing its trace', async () => {
  const [row] = await db.query(`SELECT (SELECT count(*) FROM logs) AS logs, (SELECT count(*) FROM spans) AS spans,
    (SELECT count(*) FROM logs WHERE parent_span_id IS NULL) AS roots, (SELECT count(DISTINCT trace_id) FROM spans) AS traces,
    (SELECT count(*) FROM samples) AS samples, (SELECT count(*) FROM series) AS series, (SELECT count(*) FROM releases) AS releases,
    (SELECT count(*) FROM deployments) AS deployments, (SELECT count(*) FROM incidents) AS incidents,
    (SELECT count(*) FROM samples s LEFT JOIN series r USING (series_id) WHERE r.series_id IS NULL) AS orphan_samples`);
  assert.equal(num(row!.roots), 4000);
  assert.equal(num(row!.traces), 4000);
  assert.equal(num(row!.logs), num(row!.spans));
  const fanout = num(row!.spans) / num(row!.roots);
  assert.ok(fanout > 1.8 && fanout < 4, `spans per root ${fanout}`);
  assert.ok(num(row!.samples) > 4 * num(row!.spans), 'five metrics per span (cache_hit for reads)');
  for (const table of ['series', 'releases', 'deployments', 'incidents']) assert.ok(num(row![table]) > 0, table);
  assert.equal(num(row!.orphan_samples), 0);
});

test('no timestamp outside the timeline', async () => {
  const [row] = await db.query(`SELECT
    (SELECT count(*) FROM logs WHERE timestamp < '${range.start}'::TIMESTAMPTZ OR timestamp >= '${range.end}'::TIMESTAMPTZ) AS logs,
    (SELECT count(*) FROM spans WHERE start_time < '${range.start}'::TIMESTAMPTZ OR end_time >= '${range.end}'::TIMESTAMPTZ) AS spans,
    (SELECT count(*) FROM samples WHERE ts < '${range.start}'::TIMESTAMPTZ OR ts >= '${range.end}'::TIMESTAMPTZ) AS samples,
    (SELECT count(*) FROM incidents WHERE start < '${range.start}'::TIMESTAMPTZ OR "end" > '${range.end}'::TIMESTAMPTZ) AS incidents,
    (SELECT count(*) FROM deployments WHERE start < '${range.start}'::TIMESTAMPTZ OR "end" > '${range.end}'::TIMESTAMPTZ) AS deployments`);
  for (const [table, count] of Object.entries(row!)) assert.equal(num(count), 0, table);
});

test('each persona follows its hourly and weekday weights', async () => {
  const personas = buildPersonas();
  const rows = await db.query(`SELECT persona, hour(timestamp) AS h, isodow(timestamp) - 1 AS d, count(*) AS n
    FROM logs WHERE parent_span_id IS NULL GROUP BY ALL`);
  const hourly = new Map<string, number[]>();
  const daily = new Map<string, number[]>();
  for (const r of rows) {
    const name = String(r.persona);
    (hourly.get(name) ?? hourly.set(name, new Array<number>(24).fill(0)).get(name)!)[num(r.h)]! += num(r.n);
    (daily.get(name) ?? daily.set(name, new Array<number>(7).fill(0)).get(name)!)[num(r.d)]! += num(r.n);
  }
  const hourCorrelations: number[] = [];
  const dayCorrelations: number[] = [];
  for (const persona of personas) {
    const observed = hourly.get(persona.name);
    const total = observed?.reduce((a, b) => a + b, 0) ?? 0;
    if (!observed || total < 40) continue;
    const flatHours = Math.max(...persona.hourlyWeights) - Math.min(...persona.hourlyWeights) < 1e-9;
    if (!flatHours) hourCorrelations.push(correlation(observed, persona.hourlyWeights));
    const flatWeek = Math.max(...persona.dailyWeights) - Math.min(...persona.dailyWeights) < 1e-9;
    if (!flatWeek) dayCorrelations.push(correlation(daily.get(persona.name)!, persona.dailyWeights));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(hourCorrelations.length >= 20 && dayCorrelations.length >= 10, 'enough personas measured');
  assert.ok(mean(hourCorrelations) > 0.7, `mean hourly correlation ${mean(hourCorrelations)}`);
  assert.ok(Math.min(...hourCorrelations) > 0.3, `weakest hourly correlation ${Math.min(...hourCorrelations)}`);
  assert.ok(mean(dayCorrelations) > 0.85, `mean weekday correlation ${mean(dayCorrelations)}`);
  assert.ok(Math.min(...dayCorrelations) > 0.6, `weakest weekday correlation ${Math.min(...dayCorrelations)}`);
});

test('per component, an affected service fails at least 5x as often inside its incident windows', async () => {
  const rows = await db.query(`WITH windows AS (
      SELECT json_extract_string(details, '$.component') AS component, json_extract_string(details, '$.target_id') AS target_id,
             unnest(string_split(json_extract_string(details, '$.services'), ',')) AS svc, start, "end"
      FROM incidents WHERE kind = 'infrastructure_incident'),
    tagged AS (
      SELECT w.component, l.success, EXISTS (SELECT 1 FROM windows x WHERE x.component = w.component AND x.target_id = l.target_id
               AND x.svc = w.svc AND l.timestamp >= x.start AND l.timestamp < x."end") AS inside
      FROM logs l JOIN (SELECT DISTINCT component, target_id, svc FROM windows) w ON w.target_id = l.target_id AND w.svc = l.stack || ':' || l.service)
    SELECT component, inside, count(*) AS n, avg(CASE WHEN success THEN 0 ELSE 1 END) AS rate FROM tagged GROUP BY ALL ORDER BY ALL`);
  const rates = new Map<string, { inside?: { n: number; rate: number }; outside?: { n: number; rate: number } }>();
  for (const r of rows) {
    const entry = rates.get(String(r.component)) ?? {};
    entry[r.inside ? 'inside' : 'outside'] = { n: num(r.n), rate: num(r.rate) };
    rates.set(String(r.component), entry);
  }
  let measured = 0;
  for (const [component, { inside, outside }] of rates) {
    if (!inside || !outside || inside.n < 12) continue;
    measured++;
    assert.ok(inside.rate >= 5 * outside.rate, `${component}: inside ${inside.rate} (n=${inside.n}) vs outside ${outside.rate}`);
  }
  assert.ok(measured >= 4, `components with enough requests inside incidents: ${measured}`);
});

test('infrastructure failures cascade to callers as dependency:<stack:service> with upstream_request_id', async () => {
  const [row] = await db.query(`SELECT count(*) AS cascades, count(DISTINCT l.error_source) AS sources,
      count(*) FILTER (WHERE d.error_source LIKE 'infrastructure:%') AS from_infrastructure,
      count(*) FILTER (WHERE l.error_type <> d.error_type OR l.error_code <> d.error_code) AS changed
    FROM logs l JOIN logs d ON d.request_id = l.upstream_request_id AND d.trace_id = l.trace_id
    WHERE l.error_source LIKE 'dependency:%'`);
  assert.ok(num(row!.from_infrastructure) > 0, 'some cascades start at an infrastructure failure');
  assert.ok(num(row!.sources) >= 3, `distinct dependency sources ${String(row!.sources)}`);
  assert.equal(num(row!.changed), 0, 'a cascade keeps the failed dependency\'s error type and code');
  const [roots] = await db.query(`SELECT count(*) AS n FROM logs WHERE parent_span_id IS NULL AND error_source LIKE 'dependency:%'`);
  assert.ok(num(roots!.n) > 0, 'cascades reach root requests');
});

test('levels: INFO on success, WARN on client errors, ERROR on server and infrastructure errors', async () => {
  const rows = await db.query(`SELECT DISTINCT level, success, error_type, error_code FROM logs ORDER BY ALL`);
  for (const r of rows) {
    const code = r.error_code === null ? null : num(r.error_code);
    if (r.success) assert.ok(r.level === 'INFO' && code === null && r.error_type === null);
    else if (r.error_type === 'client') assert.ok(r.level === 'WARN' && [400, 401, 403, 404, 422, 429].includes(code!), JSON.stringify(r));
    else if (r.error_type === 'rate_limit') assert.ok(r.level === 'WARN' && code === 429);
    else assert.ok(r.level === 'ERROR' && ['server', 'database', 'cache', 'queue', 'internal', 'search'].includes(String(r.error_type)), JSON.stringify(r));
  }
  const levels = new Set(rows.map((r) => r.level));
  assert.deepEqual([...levels].sort(), ['ERROR', 'INFO', 'WARN']);
});

test('exemplars on every error, every slow request and about 1 % of the rest', async () => {
  const [row] = await db.query(`SELECT
      count(*) FILTER (WHERE (r.success = 'false' OR s.value > 500) AND s.trace_id IS NULL) AS missing,
      count(*) FILTER (WHERE r.success = 'false' OR s.value > 500) AS flagged,
      count(*) FILTER (WHERE r.success = 'true' AND s.value <= 500) AS ordinary,
      count(*) FILTER (WHERE r.success = 'true' AND s.value <= 500 AND s.trace_id IS NOT NULL) AS sampled
    FROM samples s JOIN series r USING (series_id) WHERE r.metric = 'request_duration_ms'`);
  assert.equal(num(row!.missing), 0);
  assert.ok(num(row!.flagged) > 0);
  const share = num(row!.sampled) / num(row!.ordinary);
  assert.ok(share > 0.004 && share < 0.02, `share of ordinary requests with an exemplar ${share}`);
  const [other] = await db.query(`SELECT count(*) AS n FROM samples s JOIN series r USING (series_id) WHERE s.trace_id IS NOT NULL AND r.metric <> 'request_duration_ms'`);
  assert.equal(num(other!.n), 0, 'exemplars ride on request_duration_ms only');
});

test('the 20 release tags agree with release_id in logs, spans and series', async () => {
  const parts = ['environment', 'provider', 'account', 'region', 'partition', 'target_type', 'target', 'application', 'stack', 'service', 'tag', 'release'];
  const composite = `provider_id = concat_ws(':', environment, provider, account) AND region_id = provider_id || ':' || region
    AND partition_id = region_id || ':' || partition AND target_id = partition_id || ':' || target_type || ':' || target
    AND stack_id = application || ':' || stack AND service_id = stack_id || ':' || service
    AND deployment_id = target_id || ':' || service_id || ':' || tag AND release_id = deployment_id || ':' || release
    AND release_id = concat_ws(':', ${parts.join(', ')})`;
  for (const table of ['logs', 'spans', 'series', 'releases']) {
    const [row] = await db.query(`SELECT count(*) FILTER (WHERE NOT (${composite})) AS bad, count(*) AS n FROM ${table}`);
    assert.equal(num(row!.bad), 0, table);
    assert.ok(num(row!.n) > 0, table);
  }
});

test("each series' labels MAP holds the seed's metric tags, agreeing with its columns", async () => {
  const [row] = await db.query(`SELECT count(*) AS n,
    count(*) FILTER (WHERE labels['release_id'] IS DISTINCT FROM release_id OR labels['service'] IS DISTINCT FROM service
      OR labels['stack'] IS DISTINCT FROM stack OR labels['success'] NOT IN ('true', 'false') OR labels['is_write'] NOT IN ('true', 'false')
      OR labels['action'] IS NULL OR labels['persona'] IS NULL OR cardinality(labels) NOT IN (7, 8)) AS bad,
    count(DISTINCT labels['persona']) AS personas FROM series`);
  assert.ok(num(row!.n) > 0);
  assert.equal(num(row!.bad), 0);
  assert.ok(num(row!.personas) > 10, 'label values come from many label sets');
});
