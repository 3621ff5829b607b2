/**
 * Tables of the world itself: `tenants` (with their schema switch), `transitions` (the Markov
 * matrix as data, for checks), `sessions` (one row per session of a slice) and `audit` (what a
 * slice scrubbed, per tenant, table and column).
 */
import { makeVector, type Table } from 'apache-arrow';
import { intColumn, microsColumn } from '../common/arrow.js';
import { AsciiColumn } from '../common/ascii-column.js';
import { NO_NULLS, dictionaryColumn, indexedDictionaryColumn, stringColumn, tableOf, timestampColumn, int64From } from '../common/columns.js';
import { SEMCONV } from './catalog.js';
import { SCRUB_METHOD } from './pii.js';
import type { AgenticPlan, Partition } from './plan.js';
import { conversationId, traceHex } from './span-table.js';
import { F_COLLAB, F_DECISION, F_ESCALATE, F_FAIL, F_HANDOFF } from './steps.js';
import type { Dictionaries } from './vocab.js';

export function tenantsTable(plan: AgenticPlan, d: Dictionaries): Table {
  const { tenants, world } = plan;
  const rows = Array.from({ length: tenants.count }, (_, t) => t);
  const switched = rows.map((t) => Number.isFinite(tenants.switchMs[t]!));
  const present = Uint8Array.from(switched, (s) => (s ? 1 : 0));
  const bitmap = new Uint8Array((rows.length + 7) >> 3);
  rows.forEach((t) => present[t] && (bitmap[t >> 3]! |= 1 << (t & 7)));
  return tableOf({
    'tenant.id': indexedDictionaryColumn(Int32Array.from(rows), d.tenants, NO_NULLS),
    name: stringColumn(tenants.name),
    size: dictionaryColumn(tenants.size),
    users: intColumn(Int32Array.from(rows, (t) => tenants.userStart[t + 1]! - tenants.userStart[t]!)),
    repositories: intColumn(Int32Array.from(rows, (t) => tenants.repoStart[t + 1]! - tenants.repoStart[t]!)),
    time_zones: stringColumn(rows.map((t) => tenants.regions[t]!.map((r) => world.regions[r]!.time_zone).join(','))),
    provider: indexedDictionaryColumn(Int32Array.from(tenants.model), d.providers, NO_NULLS),
    model: indexedDictionaryColumn(Int32Array.from(tenants.model), d.models, NO_NULLS),
    business_start: intColumn(Int32Array.from(rows, () => world.business_hours.start)),
    business_end: intColumn(Int32Array.from(rows, () => world.business_hours.end)),
    schema_version_before: dictionaryColumn(rows.map(() => SEMCONV.before.version)),
    schema_version_after: dictionaryColumn(rows.map(() => SEMCONV.after.version)),
    schema_switch: timestampColumn(int64From(rows.map((t) => (switched[t] ? tenants.switchMs[t]! : 0))), { bitmap, nullCount: rows.length - present.reduce((a, b) => a + b, 0) }),
  });
}

export function transitionsTable(plan: AgenticPlan): Table {
  const rows: Array<[string, string, string, number]> = [];
  for (const workflow of plan.vocabulary.workflows) {
    const matrix = plan.world.workflows[workflow]!.transitions;
    for (const from of Object.keys(matrix).sort()) for (const to of Object.keys(matrix[from]!).sort()) rows.push([workflow, from, to, matrix[from]![to]!]);
  }
  return tableOf({
    workflow: dictionaryColumn(rows.map((r) => r[0])),
    from_phase: dictionaryColumn(rows.map((r) => r[1])),
    to_phase: dictionaryColumn(rows.map((r) => r[2])),
    probability: makeVector(Float64Array.from(rows, (r) => r[3])),
  });
}

const ids = { trace: new AsciiColumn(), conversation: new AsciiColumn() };

/** Sessions [p.first, p.end), with the spans each wrote and lost. */
export function sessionsTable(plan: AgenticPlan, d: Dictionaries, p: Partition, written: Int32Array, lost: Int32Array): Table {
  const n = p.end - p.first;
  ids.trace.reset(n);
  ids.conversation.reset(n);
  const { users } = plan.tenants;
  const count = (flag: number) => {
    const out = new Int32Array(n);
    for (let k = 0; k < n; k++) for (let i = plan.firstStep[p.first + k]!; i < plan.firstStep[p.first + k + 1]!; i++) if (plan.steps.flags[i]! & flag) out[k]!++;
    return out;
  };
  const session = (k: number) => plan.sessions[p.first + k]!;
  /** Rows of plan.steps of the partition's k-th session. */
  const stepRows = (k: number) => Array.from({ length: session(k).stepCount }, (_, j) => plan.firstStep[p.first + k]! + j);
  for (let k = 0; k < n; k++) {
    traceHex(ids.trace, plan, p.first + k).end();
    conversationId(ids.conversation, plan, p.first + k).end();
  }
  const user = Int32Array.from({ length: n }, (_, k) => session(k).user);
  const region = Int32Array.from(user, (u) => users.region[u]!);
  const regions = plan.world.regions;
  return tableOf({
    'gen_ai.conversation.id': ids.conversation.vector(),
    trace_id: ids.trace.vector(),
    'tenant.id': indexedDictionaryColumn(Int32Array.from({ length: n }, (_, k) => session(k).tenant), d.tenants, NO_NULLS),
    'user.id': indexedDictionaryColumn(user, d.userIds, NO_NULLS),
    'user.name': indexedDictionaryColumn(user.slice(), d.userNames, NO_NULLS),
    'user.email': indexedDictionaryColumn(user.slice(), d.userEmails, NO_NULLS),
    region: indexedDictionaryColumn(region, Object.freeze(regions.map((r) => r.name)), NO_NULLS),
    time_zone: indexedDictionaryColumn(region.slice(), Object.freeze(regions.map((r) => r.time_zone)), NO_NULLS),
    utc_offset_minutes: intColumn(Int32Array.from(region, (r) => Math.round(regions[r]!.utc_offset * 60))),
    workflow: indexedDictionaryColumn(Int32Array.from({ length: n }, (_, k) => session(k).workflow), d.workflows, NO_NULLS),
    start: microsColumn(Float64Array.from({ length: n }, (_, k) => session(k).startUs)),
    end: microsColumn(Float64Array.from({ length: n }, (_, k) => session(k).endUs)),
    steps: intColumn(Int32Array.from({ length: n }, (_, k) => session(k).stepCount)),
    phase_path: stringColumn(Array.from({ length: n }, (_, k) => stepRows(k).map((i) => d.phases[plan.steps.phase[i]!]).join('>'))),
    failures: intColumn(count(F_FAIL)),
    escalations: intColumn(count(F_ESCALATE)),
    handoffs: intColumn(count(F_HANDOFF)),
    collaborations: intColumn(count(F_COLLAB)),
    decisions: intColumn(count(F_DECISION)),
    coordinated_repositories: intColumn(Int32Array.from({ length: n }, (_, k) => stepRows(k).reduce((sum, i) => sum + plan.steps.coordCount[i]!, 0))),
    spans: intColumn(written),
    lost_spans: intColumn(lost),
  });
}

export interface AuditEntry {
  tenant: number;
  table: string;
  column: string;
  values: number;
  subjects: Set<number>;
  firstUs: number;
  lastUs: number;
}

/** Counts of person-naming values per (tenant, table, column), for the audit table. */
export class AuditLog {
  readonly entries = new Map<string, AuditEntry>();

  record(tenant: number, table: string, column: string, user: number, us: number): void {
    const key = `${table}\u0000${column}\u0000${String(tenant).padStart(6, '0')}`;
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { tenant, table, column, values: 0, subjects: new Set(), firstUs: us, lastUs: us }));
    entry.values++;
    entry.subjects.add(user);
    entry.firstUs = Math.min(entry.firstUs, us);
    entry.lastUs = Math.max(entry.lastUs, us);
  }

  table(plan: AgenticPlan, d: Dictionaries, partition: string): Table {
    const rows = [...this.entries.keys()].sort().map((key) => this.entries.get(key)!);
    return tableOf({
      partition: dictionaryColumn(rows.map(() => partition)),
      'tenant.id': indexedDictionaryColumn(Int32Array.from(rows, (r) => r.tenant), d.tenants, NO_NULLS),
      table_name: dictionaryColumn(rows.map((r) => r.table)),
      column_name: dictionaryColumn(rows.map((r) => r.column)),
      action: dictionaryColumn(rows.map(() => (plan.world.privacy.pii_scrubbing ? SCRUB_METHOD : 'retained'))),
      values: intColumn(Int32Array.from(rows, (r) => r.values)),
      subjects: intColumn(Int32Array.from(rows, (r) => r.subjects.size)),
      first_time: microsColumn(Float64Array.from(rows, (r) => r.firstUs)),
      last_time: microsColumn(Float64Array.from(rows, (r) => r.lastUs)),
    });
  }
}
