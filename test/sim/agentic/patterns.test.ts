/**
 * The agentic-ide kind, measured in its output: every invariant, the seed's distributions (tenant
 * sizes, session durations, interaction and failure rates), late arrival and losses in network
 * partitions, derived metrics, schema versions against summary.json, and no raw personal data.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openDataset } from '../../../src/dataset/open.js';
import { openSession, type QuerySession } from '../../../src/query/session.js';
import { loadScenario } from '../../../src/plan/scenario.js';
import type { ResolvedScenario } from '../../../src/scenario/types.js';
import { agenticSimulator } from '../../../src/sim/agentic/index.js';
import { agenticInvariants } from '../../../src/sim/agentic/invariants.js';
import type { AgenticPlan } from '../../../src/sim/agentic/plan.js';
import type { AgenticWorld } from '../../../src/sim/agentic/world-schema.js';
import { FIXTURES, compileDataset, runCli, tempDir } from '../../helpers.js';

const FIXTURE = join(FIXTURES, 'agentic-test.yaml');
let dir: string;
let session: QuerySession;
let plan: AgenticPlan;

before(async () => {
  dir = tempDir('teleforge-agentic-');
  compileDataset(FIXTURE, dir, ['--workers', '2', '--quiet']);
  session = await openSession(openDataset(dir));
  const { scenario, scenarioHash } = loadScenario(FIXTURE);
  plan = agenticSimulator.createPlan({ scenario: scenario as ResolvedScenario<AgenticWorld>, scenarioHash });
});

after(() => session.close());

const one = async (sql: string) => (await session.rows(sql))[0]!;
const num = (value: unknown) => Number(value);

for (const invariant of agenticInvariants) {
  test(`invariant ${invariant.name}: ${invariant.description}`, async () => {
    const row = await one(invariant.sql);
    assert.equal(num(row.failures), 0, `${invariant.name}: ${String(row.figure)}`);
  });
}

test('spans add up to total_events, lost ones included; every table holds rows', async () => {
  const row = await one(`SELECT (SELECT count(*) FROM spans) AS spans, (SELECT count(*) FROM incidents WHERE kind = 'lost_span') AS lost,
    (SELECT sum(spans) FROM sessions) AS written, (SELECT sum(lost_spans) FROM sessions) AS session_lost, (SELECT count(*) FROM logs) AS logs,
    (SELECT count(*) FROM samples) AS samples, (SELECT count(*) FROM audit) AS audit, (SELECT count(*) FROM transitions) AS transitions`);
  assert.equal(num(row.spans) + num(row.lost), 80_000);
  assert.equal(num(row.written), num(row.spans));
  assert.equal(num(row.session_lost), num(row.lost));
  for (const table of ['logs', 'samples', 'audit', 'transitions']) assert.ok(num(row[table]) > 0, table);
});

test('attributes only where the conventions put them: people on human spans, tokens and models on chat, error.type on errors', async () => {
  const row = await one(`SELECT
    count(*) FILTER (WHERE ("user.name" IS NOT NULL OR "user.email" IS NOT NULL) AND name NOT IN ('human_prompt', 'escalate_to_human')) AS people,
    count(*) FILTER (WHERE ("gen_ai.response.model" IS NOT NULL OR "gen_ai.usage.input_tokens" IS NOT NULL) <> ("gen_ai.operation.name" = 'chat')) AS chat,
    count(*) FILTER (WHERE ("error.type" IS NOT NULL) <> (status_code = 'ERROR')) AS errors,
    count(*) FILTER (WHERE ("gen_ai.agent.name" IS NOT NULL) <> ("gen_ai.operation.name" = 'invoke_agent')) AS agents,
    count(*) FILTER (WHERE name = 'human_prompt' AND "user.email" IS NULL) AS prompts_without_person FROM spans`);
  for (const [what, count] of Object.entries(row)) assert.equal(num(count), 0, what);
});

test("tenant sizes follow the seed's distribution exactly (largest remainder: 4/3/2/1 of 10)", async () => {
  const rows = await session.rows(`SELECT size, count(*) AS n, min(users) AS lo, max(users) AS hi FROM tenants GROUP BY size ORDER BY size`);
  assert.deepEqual(rows.map((r) => [r.size, num(r.n)]), [['enterprise', 1], ['large', 2], ['medium', 3], ['small', 4]]);
  const users = Object.fromEntries(rows.map((r) => [String(r.size), [num(r.lo), num(r.hi)]]));
  assert.ok(users.small![1]! <= 8 && users.enterprise![0]! >= 100, JSON.stringify(users));
});

test('session durations: normal per workflow, cut to [min, max], mean near the configured one', async () => {
  const rows = await session.rows(`SELECT workflow, count(*) AS n, avg(epoch("end" - start)) AS mean, min(epoch("end" - start)) AS lo, max(epoch("end" - start)) AS hi FROM sessions GROUP BY workflow`);
  const config = plan.world.workflows;
  for (const row of rows) {
    const d = config[String(row.workflow)]!.session_duration;
    assert.ok(num(row.lo) >= d.min_seconds - 1e-6 && num(row.hi) <= d.max_seconds + 1e-6, `${row.workflow} within [min, max]`);
    assert.ok(Math.abs(num(row.mean) - d.mean_seconds) < 4 * (d.std_dev_seconds / Math.sqrt(num(row.n))) + 60, `${row.workflow} mean ${row.mean} vs ${d.mean_seconds}`);
  }
});

test('interactions and failures at their configured rates: collaboration 0.3, handoff 0.15, failure 0.1, escalation 0.3 of failures', async () => {
  const row = await one(`SELECT sum(steps) AS steps, sum(collaborations) AS collab, sum(handoffs) AS handoffs, sum(failures) AS failures, sum(escalations) AS escalations,
    count(*) - 0 AS sessions, sum(steps - 1) AS between FROM sessions`);
  const steps = num(row.steps);
  const near = (observed: number, expected: number, n: number, what: string) =>
    assert.ok(Math.abs(observed / n - expected) < 4 * Math.sqrt((expected * (1 - expected)) / n) + 0.005, `${what}: ${observed}/${n} vs ${expected}`);
  near(num(row.collab), 0.3, steps, 'collaboration');
  near(num(row.handoffs), 0.15, num(row.between), 'handoff');
  near(num(row.failures), 0.1, steps, 'failure');
  near(num(row.escalations), 0.3, num(row.failures), 'escalation');
  const spans = await one(`SELECT count(*) FILTER (WHERE name LIKE 'invoke_agent %' AND status_code = 'ERROR') AS failed, count(*) FILTER (WHERE name LIKE 'agent_recovery %') AS recoveries,
    count(*) FILTER (WHERE status_code = 'ERROR' AND events IS NULL) AS without_event FROM spans`);
  assert.ok(num(spans.failed) > 0 && num(spans.without_event) === 0, 'failed spans carry an exception event');
  const incidents = await one(`SELECT count(*) AS n FROM incidents WHERE kind = 'agent_failure'`);
  assert.equal(num(incidents.n), num(row.failures), 'every failure is in the ground truth');
});

test('network partitions: desktop spans ending inside arrive after the partition + sync delay, 20 % of them lost; cloud spans on time', async () => {
  const row = await one(`WITH w AS (SELECT start, "end", scope FROM incidents WHERE kind = 'network_partition'),
    inside AS (SELECT s.service_name, s.arrival_time, s.end_time, w."end" AS w_end FROM spans s JOIN w ON w.scope = 'tenant=' || s."tenant.id" AND s.end_time >= w.start AND s.end_time < w."end")
    SELECT count(*) FILTER (WHERE service_name = 'agentic-ide-desktop') AS desktop,
      count(*) FILTER (WHERE service_name = 'agentic-ide-desktop' AND arrival_time < w_end + INTERVAL 2 minute) AS early,
      count(*) FILTER (WHERE service_name = 'agentic-ide-cloud' AND arrival_time > end_time + INTERVAL 5 second) AS late_cloud,
      (SELECT count(*) FROM incidents WHERE kind = 'lost_span') AS lost FROM inside`);
  const desktop = num(row.desktop);
  const lost = num(row.lost);
  assert.ok(desktop > 500, `desktop spans in partitions: ${desktop}`);
  assert.equal(num(row.early), 0);
  assert.equal(num(row.late_cloud), 0);
  const rate = lost / (desktop + lost);
  assert.ok(Math.abs(rate - 0.2) < 4 * Math.sqrt(0.16 / (desktop + lost)) + 0.005, `loss rate ${rate}`);
  const outside = await one(`SELECT count(*) AS n FROM spans WHERE arrival_time > end_time + INTERVAL 5 second AND NOT EXISTS (SELECT 1 FROM incidents w WHERE w.kind = 'network_partition'
    AND w.scope = 'tenant=' || spans."tenant.id" AND spans.end_time >= w.start AND spans.end_time < w."end")`);
  assert.equal(num(outside.n), 0, 'late only inside partitions');
});

test('the GenAI token histogram of a tenant and hour equals the chat spans ending in it, bucket by bucket', async () => {
  const point = await one(`SELECT labels['tenant.id'] AS tenant, start_ts, ts FROM metrics WHERE metric = 'gen_ai.client.token.usage_count' AND labels['gen_ai.token.type'] = 'input' ORDER BY value DESC LIMIT 1`);
  const buckets = await session.rows(`SELECT labels['le'] AS le, value FROM metrics WHERE metric = 'gen_ai.client.token.usage_bucket' AND labels['tenant.id'] = '${point.tenant}'
    AND labels['gen_ai.token.type'] = 'input' AND start_ts = '${point.start_ts}'::TIMESTAMP`);
  const tokens = (await session.rows(`SELECT "gen_ai.usage.input_tokens" AS t FROM spans WHERE "tenant.id" = '${point.tenant}' AND "gen_ai.operation.name" = 'chat'
    AND end_time >= '${point.start_ts}'::TIMESTAMP AND end_time <= '${point.ts}'::TIMESTAMP`)).map((r) => num(r.t));
  assert.ok(tokens.length > 10 && buckets.length > 0);
  for (const b of buckets) {
    const le = b.le === '+Inf' ? Infinity : Number(b.le);
    assert.equal(num(b.value), tokens.filter((t) => t <= le).length, `le=${b.le}`);
  }
});

test('summary.json declares both convention versions, the rename and each tenant switch, as the tenants table and spans show', async () => {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { declarations: { semantic_conventions: { versions: Array<{ version: string }>; mappings: unknown[]; switches: Array<{ 'tenant.id': string; switched_at: string | null }> } } };
  const declared = summary.declarations.semantic_conventions;
  assert.deepEqual(declared.versions.map((v) => v.version), ['1.36.0', '1.37.0']);
  assert.deepEqual(declared.mappings, [{ from_version: '1.36.0', to_version: '1.37.0', renamed: { 'gen_ai.system': 'gen_ai.provider.name' } }]);
  const tenants = await session.rows(`SELECT "tenant.id" AS t, strftime(schema_switch, '%Y-%m-%dT%H:%M:%S.000Z') AS at FROM tenants ORDER BY 1`);
  assert.deepEqual(declared.switches.map((s) => [s['tenant.id'], s.switched_at]).sort(), tenants.map((r) => [r.t, r.at ?? null]));
  assert.equal(declared.switches.filter((s) => s.switched_at === null).length, 2, 'tenants_staying: 2');
  const observed = await session.rows(`SELECT "tenant.id" AS t, min(start_time) FILTER (WHERE "gen_ai.provider.name" IS NOT NULL) AS first_new,
    max(start_time) FILTER (WHERE "gen_ai.system" IS NOT NULL) AS last_old FROM spans GROUP BY 1`);
  for (const row of observed) {
    const at = declared.switches.find((s) => s['tenant.id'] === row.t)!.switched_at;
    if (at === null) assert.equal(row.first_new, null);
    else {
      const ms = (value: unknown) => Date.parse(`${String(value).replace(' ', 'T').slice(0, 23)}Z`);
      assert.ok(row.last_old === null || ms(row.last_old) < Date.parse(at), `${row.t}: old names before ${at}`);
      assert.ok(row.first_new === null || ms(row.first_new) >= Date.parse(at), `${row.t}: new names from ${at}`);
      assert.ok(row.last_old !== null || row.first_new !== null);
    }
  }
});

/** Every string of every Parquet file, as DuckDB reads it. */
async function allText(): Promise<string> {
  const files: string[] = [];
  const walk = (d: string) => readdirSync(d).forEach((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : name.endsWith('.parquet') && files.push(join(d, name))));
  walk(dir);
  let text = '';
  for (const file of files) {
    for (const row of await session.rows(`SELECT to_json(t)::VARCHAR AS j FROM read_parquet('${file}') t`)) text += String(row.j);
  }
  return text + readFileSync(join(dir, 'summary.json'), 'utf8');
}

test('no generated name or e-mail is written anywhere; the scrubbed ones are keyed hashes, and the audit counts them', async () => {
  const text = await allText();
  const users = plan.tenants.users;
  assert.ok(users.rawName.length > 100);
  for (const [i, name] of users.rawName.entries()) {
    assert.ok(!text.includes(name), `raw name ${name}`);
    assert.ok(!text.includes(users.rawEmail[i]!), `raw e-mail ${users.rawEmail[i]}`);
  }
  assert.match(users.name[0]!, /^pii_[0-9a-f]{16}$/);
  assert.ok(text.includes(users.name[0]!) || users.name.some((n) => text.includes(n)));
  const audit = await one(`SELECT sum("values") FILTER (WHERE table_name = 'sessions' AND column_name = 'user.email') AS emails, (SELECT count(*) FROM sessions) AS sessions,
    count(DISTINCT action) AS actions, any_value(action) AS action FROM audit`);
  assert.equal(num(audit.emails), num(audit.sessions));
  assert.equal(audit.action, 'hmac-sha256');
});

test('with pii_scrubbing off the names are written and validate fails no_raw_pii', () => {
  const out = tempDir('teleforge-agentic-raw-');
  compileDataset(FIXTURE, out, ['--set', 'world.privacy.pii_scrubbing=false', '--set', 'world.total_events=5000', '--quiet']);
  const result = runCli(['validate', out, '--json']);
  assert.notEqual(result.code, 0);
  const checks = (JSON.parse(result.stdout) as { checks: Array<{ name: string; passed: boolean }> }).checks;
  assert.equal(checks.find((c) => c.name === 'no_raw_pii')?.passed, false);
  assert.deepEqual(checks.filter((c) => !c.passed).map((c) => c.name), ['no_raw_pii']);
});

test('bad input: one line naming the field, exit 2, nothing written', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--set', 'world.workflows.research.transitions.plan.research=0.5'], /world\.workflows\.research\.transitions\.plan.*sum to/],
    [['--set', 'world.tenants.isolation_level=loose'], /world\.tenants\.isolation_level/],
    [['--set', 'world.phases.agent.test=QAAgent'], /world\.phases\.agent\.test/],
    [['--start', '2024-01-01T00:30:00Z'], /metrics_interval/],
  ];
  for (const [args, message] of cases) {
    const out = join(tempDir(), 'never');
    const result = runCli(['compile', FIXTURE, '--out', out, ...args]);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^teleforge: /);
    assert.match(result.stderr, message);
    assert.throws(() => statSync(out));
  }
});
