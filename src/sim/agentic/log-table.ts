/**
 * The `logs` table of a partition: OTel log records (events) tied to their span, with event time
 * (`timestamp`) and arrival (`observed_timestamp`). Bodies naming a person use the written (scrubbed)
 * name; there are few records per session, so bodies are built as text.
 */
import type { Table, Vector } from 'apache-arrow';
import { microsColumn } from '../common/arrow.js';
import { AsciiColumn } from '../common/ascii-column.js';
import { NO_NULLS, indexedDictionaryColumn, stringColumn, tableOf } from '../common/columns.js';
import { CLASSIFICATIONS, INTERNAL, RESTRICTED } from './catalog.js';
import { E_CONFLICT, E_DECISION, E_ESCALATION, E_FAILURE, E_HANDOFF, E_PROMPT, LOG_EVENTS } from './names.js';
import type { AgenticPlan } from './plan.js';
import type { LogRows, SpanRows } from './rows.js';
import { sessionIdColumns } from './span-table.js';
import type { Dictionaries } from './vocab.js';

const ids = { span: new AsciiColumn() };
const sessionIds = { trace: new AsciiColumn(), conversation: new AsciiColumn() };
const LEVELS = Object.freeze([...new Set(LOG_EVENTS.map((e) => e.level))]);
const LEVEL_OF = Int32Array.from(LOG_EVENTS, (e) => LEVELS.indexOf(e.level));
const EVENT_NAMES = Object.freeze(LOG_EVENTS.map((e) => e.name));
/** Events that name their human. */
const NAMES_PERSON = new Set([E_PROMPT, E_ESCALATION, E_DECISION]);

export function logsTable(plan: AgenticPlan, d: Dictionaries, spans: SpanRows, logs: LogRows): Table {
  const n = logs.length;
  for (const column of Object.values(ids)) column.reset(n);
  const level = new Int32Array(n);
  const event = new Int32Array(n);
  const service = new Int32Array(n);
  const tenant = new Int32Array(n);
  const user = new Int32Array(n);
  const person = new Int32Array(n);
  const error = new Int32Array(n).fill(-1);
  const decision = new Int32Array(n).fill(-1);
  const repo = new Int32Array(n).fill(-1);
  const classification = new Int32Array(n);
  const sessionOf = new Int32Array(n);
  const messages: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const span = logs.span[i]!;
    const s = spans.session[span]!;
    const session = plan.sessions[s]!;
    const e = logs.event[i]!;
    const detail = logs.detail[i]!;
    sessionOf[i] = s;
    ids.span.hex(spans.spanId[2 * span]!).hex(spans.spanId[2 * span + 1]!).end();
    level[i] = LEVEL_OF[e]!;
    event[i] = e;
    service[i] = spans.service[span]!;
    tenant[i] = session.tenant;
    user[i] = session.user;
    person[i] = NAMES_PERSON.has(e) ? session.user : -1;
    classification[i] = NAMES_PERSON.has(e) ? RESTRICTED : INTERNAL;
    if (e === E_FAILURE || e === E_ESCALATION) error[i] = detail;
    if (e === E_DECISION) decision[i] = detail;
    if (e === E_CONFLICT) repo[i] = detail;
    messages[i] = message(plan, d, spans, span, e, detail, session.user);
  }
  const dict = (indices: Int32Array, values: readonly string[]) => indexedDictionaryColumn(indices, values);
  const full = (indices: Int32Array, values: readonly string[]) => indexedDictionaryColumn(indices, values, NO_NULLS);
  const { traceId, conversationId } = sessionIdColumns(plan, sessionOf, sessionIds);
  const columns: Record<string, Vector> = {
    timestamp: microsColumn(logs.timeUs.subarray(0, n)),
    observed_timestamp: microsColumn(logs.observedUs.subarray(0, n)),
    level: full(level, LEVELS),
    message: stringColumn(messages),
    trace_id: traceId,
    span_id: ids.span.vector(),
    service_name: full(service, d.services),
    'event.name': full(event, EVENT_NAMES),
    'tenant.id': full(tenant, d.tenants),
    'gen_ai.conversation.id': conversationId,
    'user.id': full(user, d.userIds),
    'user.name': dict(person, d.userNames),
    'error.type': dict(error, d.errors),
    'agentic.decision': dict(decision, d.decisions),
    'vcs.repository.name': dict(repo, d.repos),
  };
  if (plan.world.privacy.data_classification) columns['data.classification'] = full(classification, CLASSIFICATIONS);
  return tableOf(columns);
}

function message(plan: AgenticPlan, d: Dictionaries, spans: SpanRows, span: number, event: number, detail: number, user: number): string {
  const agent = spans.agent[span]! >= 0 ? d.agents[spans.agent[span]!]! : 'agent';
  switch (event) {
    case E_PROMPT:
      return `${d.userNames[user]} started a ${d.workflows[plan.sessions[spans.session[span]!]!.workflow]} session`;
    case E_FAILURE:
      return `${agent} failed: ${d.errors[detail]}`;
    case E_ESCALATION:
      return `escalated to ${d.userNames[user]} <${d.userEmails[user]}> after ${d.errors[detail]}`;
    case E_DECISION:
      return `${d.userNames[user]} decided ${d.decisions[detail]} on the work of ${agent}`;
    case E_HANDOFF:
      return `${d.agents[detail]} handed off its work`;
    default:
      return `merge conflict in ${d.repos[detail]}`;
  }
}
