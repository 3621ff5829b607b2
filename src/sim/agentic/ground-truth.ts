/**
 * labels/incidents.parquet of an agentic-ide plan: every agent failure (with its recovery and
 * escalation), merge conflict, network partition, lost span, burst and schema switch. Lost spans
 * are found by replaying the sessions that overlap a network partition of their tenant.
 */
import type { Incident } from '../common/incidents.js';
import { SEMCONV } from './catalog.js';
import type { AgenticPlan } from './plan.js';
import { LogRows, SpanRows } from './rows.js';
import { SessionWriter } from './session.js';
import { F_ESCALATE, F_FAIL, F_RETRY, coordinatedRepos, pushSlotUs } from './steps.js';
import { dictionaries } from './vocab.js';

const hex = (word: number) => (word >>> 0).toString(16).padStart(8, '0');
const iso = (ms: number) => new Date(ms).toISOString();

export function agenticIncidents(plan: AgenticPlan): Incident[] {
  const d = dictionaries(plan);
  const incidents: Incident[] = [];
  const traceOf = (s: number) => plan.sessions[s]!.trace.map(hex).join('');
  const steps = plan.steps;
  plan.sessions.forEach((session, s) => {
    const scope = `tenant=${d.tenants[session.tenant]}`;
    for (let i = plan.firstStep[s]!; i < plan.firstStep[s + 1]!; i++) {
      if (steps.flags[i]! & F_FAIL) {
        incidents.push({
          kind: 'agent_failure',
          startMs: Math.floor(steps.failUs[i]! / 1000),
          endMs: Math.ceil(steps.recoveryEndUs[i]! / 1000),
          scope,
          severity: 'warning',
          expectedSignals: `invoke_agent ${d.agents[steps.agent[i]!]} span with status ERROR and error.type=${d.errors[steps.errorType[i]!]}, an exception event, an agent_recovery span linked to it${steps.flags[i]! & F_RETRY ? ', a retry linked to it' : ''}${steps.flags[i]! & F_ESCALATE ? ', an escalate_to_human span and log' : ''}`,
          details: { trace_id: traceOf(s), agent: d.agents[steps.agent[i]!]!, phase: d.phases[steps.phase[i]!]!, error_type: d.errors[steps.errorType[i]!]!, escalated: steps.flags[i]! & F_ESCALATE ? 1 : 0, retried: steps.flags[i]! & F_RETRY ? 1 : 0 },
        });
      }
      coordinatedRepos(steps, i, plan.tenants.repos.dependsOn).forEach((repo, push) => {
        if (!(steps.conflictMask[i]! & (1 << push))) return;
        const [from, to] = pushSlotUs(steps, i, push);
        incidents.push({
          kind: 'merge_conflict', startMs: Math.floor(from / 1000), endMs: Math.ceil(to / 1000), scope, severity: 'info',
          expectedSignals: `execute_tool git_push span with status ERROR, error.type=merge_conflict, and a vcs.merge_conflict log`,
          details: { trace_id: traceOf(s), repository: d.repos[repo]! },
        });
      });
    }
  });
  const net = plan.world.network_partitions;
  for (const windows of plan.networkPartitions) {
    for (const w of windows) {
      incidents.push({
        kind: 'network_partition', startMs: w.startMs, endMs: w.endMs, scope: `tenant=${d.tenants[w.tenant]}`, severity: 'warning',
        expectedSignals: `desktop spans ending inside arrive after ${iso(w.endMs)} + ${net.sync_delay / 1000}s (arrival_time, observed_timestamp); ${net.data_loss_rate} of them are lost (lost_span)`,
        details: { service: 'agentic-ide-desktop', sync_delay_ms: net.sync_delay, data_loss_rate: net.data_loss_rate },
      });
    }
  }
  incidents.push(...lostSpans(plan));
  plan.bursts.startMs.forEach((startMs, b) => {
    incidents.push({
      kind: 'burst', startMs, endMs: plan.bursts.endMs[b]!, scope: 'all_tenants', severity: 'info',
      expectedSignals: `session starts per hour × ${plan.world.burst_multiplier} over the calendar's rate`, details: { multiplier: plan.world.burst_multiplier },
    });
  });
  plan.tenants.switchMs.forEach((at, t) => {
    if (!Number.isFinite(at)) return;
    incidents.push({
      kind: 'schema_switch', startMs: at, endMs: at, scope: `tenant=${d.tenants[t]}`, severity: 'info',
      expectedSignals: `spans starting from here carry ${SEMCONV.after.providerAttribute} and schema_url ${SEMCONV.after.schemaUrl} instead of ${SEMCONV.before.providerAttribute}`,
      details: { from_version: SEMCONV.before.version, to_version: SEMCONV.after.version, renamed: `${SEMCONV.before.providerAttribute}->${SEMCONV.after.providerAttribute}` },
    });
  });
  return incidents;
}

/** Every span dropped by a network partition, found by writing again the sessions that overlap one. */
function lostSpans(plan: AgenticPlan): Incident[] {
  const d = dictionaries(plan);
  const spans = new SpanRows();
  const logs = new LogRows();
  const writer = new SessionWriter(plan, d.names, spans, logs);
  const out: Incident[] = [];
  plan.sessions.forEach((session, s) => {
    const windows = plan.networkPartitions[session.tenant]!;
    if (!windows.some((w) => w.startMs * 1000 < session.endUs && w.endMs * 1000 > session.startUs)) return;
    spans.reset();
    logs.reset();
    writer.write(s);
    for (let i = 0; i < spans.length; i++) {
      if (!spans.lost[i]) continue;
      const p = spans.parent[i]!;
      out.push({
        kind: 'lost_span', startMs: Math.floor(spans.endUs[i]! / 1000), endMs: Math.floor(spans.endUs[i]! / 1000), scope: `tenant=${d.tenants[session.tenant]}`, severity: 'info',
        expectedSignals: 'absent from spans on purpose (dropped by a network partition); its children still name it as parent',
        details: {
          trace_id: session.trace.map(hex).join(''),
          span_id: hex(spans.spanId[2 * i]!) + hex(spans.spanId[2 * i + 1]!),
          parent_span_id: p < 0 ? '' : hex(spans.spanId[2 * p]!) + hex(spans.spanId[2 * p + 1]!),
          name: d.names.list[spans.name[i]!]!,
        },
      });
    }
  });
  return out;
}
