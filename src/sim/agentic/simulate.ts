/**
 * One partition of an agentic-ide compile: the sessions starting in its time slice as spans, logs
 * and session rows, the metrics of its buckets (with the calls of sessions carried over from the
 * slice before), and what it scrubbed. The first partition also writes the plan's tables.
 */
import type { Batch } from '../../contract/batch.js';
import { logsTable } from './log-table.js';
import { MetricsAccumulator } from './metrics.js';
import { AuditLog, sessionsTable, tenantsTable, transitionsTable } from './plan-tables.js';
import { findPartition, type AgenticPlan, type Partition } from './plan.js';
import { LogRows, SpanRows } from './rows.js';
import { SessionWriter } from './session.js';
import { deliveredRows, spansTable } from './span-table.js';
import { AUDIT_TABLE, LOGS_TABLE, SAMPLES_TABLE, SERIES_TABLE, SESSIONS_TABLE, SPANS_TABLE, TENANTS_TABLE, TRANSITIONS_TABLE } from './tables.js';
import { dictionaries, type Dictionaries } from './vocab.js';

const spans = new SpanRows();
const logs = new LogRows();
const carriedSpans = new SpanRows();
const carriedLogs = new LogRows();

/** Writes the partition's sessions into the shared buffers; returns spans written and lost per session. */
function writeSessions(plan: AgenticPlan, d: Dictionaries, p: Partition): { written: Int32Array; lost: Int32Array } {
  spans.reset();
  logs.reset();
  const writer = new SessionWriter(plan, d.names, spans, logs);
  const written = new Int32Array(p.end - p.first);
  const lost = new Int32Array(p.end - p.first);
  for (let s = p.first; s < p.end; s++) {
    const from = spans.length;
    writer.write(s);
    let missing = 0;
    for (let i = from; i < spans.length; i++) missing += spans.lost[i]!;
    written[s - p.first] = spans.length - from - missing;
    lost[s - p.first] = missing;
  }
  return { written, lost };
}

/** Person-naming values of the partition, per tenant, table and column. */
function audit(plan: AgenticPlan, p: Partition, keep: Int32Array): AuditLog {
  const log = new AuditLog();
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k]!;
    if (!spans.human[i]) continue;
    const session = plan.sessions[spans.session[i]!]!;
    for (const column of ['user.name', 'user.email']) log.record(session.tenant, 'spans', column, session.user, spans.startUs[i]!);
  }
  for (let i = 0; i < logs.length; i++) {
    const session = plan.sessions[spans.session[logs.span[i]!]!]!;
    const event = logs.event[i]!;
    if (event === 0 || event === 2 || event === 3) {
      log.record(session.tenant, 'logs', 'user.name', session.user, logs.timeUs[i]!);
      log.record(session.tenant, 'logs', 'message', session.user, logs.timeUs[i]!);
    }
  }
  for (let s = p.first; s < p.end; s++) {
    const session = plan.sessions[s]!;
    for (const column of ['user.name', 'user.email']) log.record(session.tenant, 'sessions', column, session.user, session.startUs);
  }
  return log;
}

export function* simulateAgenticPartition(plan: AgenticPlan, key: string): Generator<Batch> {
  const p = findPartition(plan, key);
  const ordinal = plan.partitions.indexOf(p);
  const d = dictionaries(plan);
  if (ordinal === 0) {
    yield { table: TENANTS_TABLE.name, date: null, data: tenantsTable(plan, d) };
    yield { table: TRANSITIONS_TABLE.name, date: null, data: transitionsTable(plan) };
  }
  const { written, lost } = writeSessions(plan, d, p);
  const keep = deliveredRows(spans);
  const date = p.month;
  yield { table: LOGS_TABLE.name, date, data: logsTable(plan, d, spans, logs) };
  yield { table: SPANS_TABLE.name, date, data: spansTable(plan, d, spans, keep) };
  yield { table: SESSIONS_TABLE.name, date, data: sessionsTable(plan, d, p, written, lost) };
  const metrics = new MetricsAccumulator(plan, d, p);
  metrics.addCalls(spans);
  carriedSpans.reset();
  carriedLogs.reset();
  const carried = new SessionWriter(plan, d.names, carriedSpans, carriedLogs);
  for (const s of p.carried) carried.write(s);
  metrics.addCalls(carriedSpans);
  metrics.addWorkflows();
  const tables = metrics.tables(ordinal);
  yield { table: SAMPLES_TABLE.name, date, data: tables.samples };
  yield { table: SERIES_TABLE.name, date: null, data: tables.series };
  if (plan.world.privacy.audit_trail) yield { table: AUDIT_TABLE.name, date, data: audit(plan, p, keep).table(plan, d, key) };
}
