/**
 * The `spans` table of a partition: OTel span fields, common attributes as columns under their
 * semantic-convention names, links and events as JSON, the rest in an `attributes` MAP. Lost spans
 * are left out here, after their ids were drawn (their children keep naming them as parent).
 */
import { Int64, makeData, makeVector, type Table, type Vector } from 'apache-arrow';
import { intColumn, microsColumn } from '../common/arrow.js';
import { AsciiColumn } from '../common/ascii-column.js';
import { NO_NULLS, indexedDictionaryColumn, int64From, tableOf } from '../common/columns.js';
import { codedLabelsColumn } from '../common/dictionaries.js';
import { utf8Values } from '../common/dictionaries.js';
import { CLASSIFICATIONS, DESKTOP } from './catalog.js';
import { FINISH_REASONS, KINDS, LINK_TYPES, OPERATIONS } from './names.js';
import type { AgenticPlan } from './plan.js';
import type { SpanRows } from './rows.js';
import type { Dictionaries } from './vocab.js';

const ids = { trace: new AsciiColumn(), span: new AsciiColumn(), parent: new AsciiColumn(), conversation: new AsciiColumn(), links: new AsciiColumn(), events: new AsciiColumn() };
const encoder = new TextEncoder();
const STATUS = Object.freeze(['UNSET', 'ERROR']);
const MAP_KEYS = utf8Values(['gen_ai.response.finish_reasons', 'gen_ai.tool.type', 'vcs.repository.name']);
const FUNCTION_VALUE = FINISH_REASONS.length;

/** Appends session `s`'s trace id (32 hex digits). */
export function traceHex(column: AsciiColumn, plan: AgenticPlan, s: number): AsciiColumn {
  const t = plan.sessions[s]!.trace;
  return column.hex(t[0]).hex(t[1]).hex(t[2]).hex(t[3]);
}

/** Appends session `s`'s conversation id. */
export function conversationId(column: AsciiColumn, plan: AgenticPlan, s: number): AsciiColumn {
  const t = plan.sessions[s]!.trace;
  return column.bytes(CONV_PREFIX).hex(t[3] ^ 0x5bd1e995).hex(t[2]);
}
const CONV_PREFIX = encoder.encode('conv_');

/** Rows of the buffer that were delivered. */
export function deliveredRows(spans: SpanRows): Int32Array {
  let kept = 0;
  for (let i = 0; i < spans.length; i++) if (!spans.lost[i]) kept++;
  const keep = new Int32Array(kept);
  for (let i = 0, k = 0; i < spans.length; i++) if (!spans.lost[i]) keep[k++] = i;
  return keep;
}

export function spansTable(plan: AgenticPlan, d: Dictionaries, spans: SpanRows, keep: Int32Array): Table {
  const n = keep.length;
  for (const column of Object.values(ids)) column.reset(n);
  const int = (length = n) => new Int32Array(length);
  const name = int();
  const kind = int();
  const service = int();
  const status = int();
  const error = int();
  const tenant = int();
  const user = int();
  const humanUser = int();
  const operation = int();
  const oldProvider = int();
  const newProvider = int();
  const agent = int();
  const agentId = int();
  const model = int();
  const inTokens = int();
  const outTokens = int();
  const tokensPresent = int();
  const tool = int();
  const workflow = int();
  const phase = int();
  const classification = int();
  const schema = int();
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const arrival = new Float64Array(n);
  const durationNs = new Float64Array(n);
  const offsets = int(n + 1);
  const keyIndices = int(2 * n);
  const valueIndices = int(2 * n);
  const agents = d.agents.length;
  let entries = 0;
  let previous = -1;
  for (let k = 0; k < n; k++) {
    const i = keep[k]!;
    const s = spans.session[i]!;
    const session = plan.sessions[s]!;
    const t = session.tenant;
    // A session's rows are contiguous: its ids are written once and then repeated.
    if (s === previous) {
      ids.trace.repeat(1);
      ids.conversation.repeat(1);
    } else {
      traceHex(ids.trace, plan, s).end();
      conversationId(ids.conversation, plan, s).end();
      previous = s;
    }
    ids.span.hex(spans.spanId[2 * i]!).hex(spans.spanId[2 * i + 1]!).end();
    const p = spans.parent[i]!;
    if (p < 0) ids.parent.nullValue();
    else ids.parent.hex(spans.spanId[2 * p]!).hex(spans.spanId[2 * p + 1]!).end();
    start[k] = spans.startUs[i]!;
    end[k] = spans.endUs[i]!;
    arrival[k] = spans.arrivalUs[i]!;
    durationNs[k] = (spans.endUs[i]! - spans.startUs[i]!) * 1000;
    name[k] = spans.name[i]!;
    kind[k] = spans.kind[i]!;
    service[k] = spans.service[i]!;
    status[k] = spans.status[i]!;
    error[k] = spans.errorType[i]!;
    tenant[k] = t;
    user[k] = session.user;
    humanUser[k] = spans.human[i] ? session.user : -1;
    const op = spans.operation[i]!;
    operation[k] = op;
    const switched = spans.startUs[i]! >= plan.tenants.switchMs[t]! * 1000;
    schema[k] = switched ? 1 : 0;
    const m = plan.tenants.model[t]!;
    const hasProvider = op === 0 || op === 1;
    oldProvider[k] = hasProvider && !switched ? m : -1;
    newProvider[k] = hasProvider && switched ? m : -1;
    const a = spans.agent[i]!;
    agent[k] = a;
    agentId[k] = a < 0 ? -1 : t * agents + a;
    model[k] = op === 1 ? m : -1;
    inTokens[k] = spans.inputTokens[i]!;
    outTokens[k] = spans.outputTokens[i]!;
    tokensPresent[k] = op === 1 ? 1 : 0;
    tool[k] = spans.tool[i]!;
    workflow[k] = session.workflow;
    phase[k] = spans.phase[i]!;
    classification[k] = spans.classification[i]!;
    offsets[k] = entries;
    if (op === 1) {
      keyIndices[entries] = 0;
      valueIndices[entries++] = spans.finish[i]!;
    } else if (op === 2) {
      keyIndices[entries] = 1;
      valueIndices[entries++] = FUNCTION_VALUE;
      if (spans.repo[i]! >= 0) {
        keyIndices[entries] = 2;
        valueIndices[entries++] = FUNCTION_VALUE + 1 + spans.repo[i]!;
      }
    }
    const l = spans.link[i]!;
    if (l < 0) ids.links.nullValue();
    else {
      ids.links.bytes(LINK_OPEN);
      traceHex(ids.links, plan, s).bytes(LINK_SPAN).hex(spans.spanId[2 * l]!).hex(spans.spanId[2 * l + 1]!).bytes(LINK_TYPE_BYTES[spans.linkType[i]!]!).end();
    }
    if (spans.status[i]! === 0) ids.events.nullValue();
    else ids.events.bytes(encoder.encode(exceptionEvent(d, spans, i))).end();
  }
  offsets[n] = entries;
  const dict = (indices: Int32Array, values: readonly string[]) => indexedDictionaryColumn(indices, values);
  const full = (indices: Int32Array, values: readonly string[]) => indexedDictionaryColumn(indices, values, NO_NULLS);
  const columns: Record<string, Vector> = {
    trace_id: ids.trace.vector(),
    span_id: ids.span.vector(),
    parent_span_id: ids.parent.vector(),
    name: full(name, d.names.list),
    kind: full(kind, KINDS),
    service_name: full(service, d.services),
    start_time: microsColumn(start),
    end_time: microsColumn(end),
    duration_ns: makeVector(makeData({ type: new Int64(), length: n, data: int64From(durationNs) })),
    arrival_time: microsColumn(arrival),
    status_code: full(status, STATUS),
    status_message: dict(error, d.errors),
    'tenant.id': full(tenant, d.tenants),
    'gen_ai.conversation.id': ids.conversation.vector(),
    'user.id': full(user, d.userIds),
    'user.name': dict(humanUser, d.userNames),
    'user.email': dict(humanUser.slice(), d.userEmails),
    'gen_ai.operation.name': dict(operation, OPERATIONS),
    'gen_ai.system': dict(oldProvider, d.providers),
    'gen_ai.provider.name': dict(newProvider, d.providers),
    'gen_ai.agent.name': dict(agent, d.agents),
    'gen_ai.agent.id': dict(agentId, d.agentIds),
    'gen_ai.request.model': dict(model, d.models),
    'gen_ai.response.model': dict(model.slice(), d.models),
    'gen_ai.usage.input_tokens': intColumn(inTokens, Uint8Array.from(tokensPresent)),
    'gen_ai.usage.output_tokens': intColumn(outTokens, Uint8Array.from(tokensPresent)),
    'gen_ai.tool.name': dict(tool, d.tools),
    'error.type': dict(error.slice(), d.errors),
    'agentic.workflow.type': full(workflow, d.workflows),
    'agentic.workflow.phase': dict(phase, d.phases),
  };
  if (plan.world.privacy.data_classification) columns['data.classification'] = full(classification, CLASSIFICATIONS);
  columns.schema_url = full(schema, d.schemaUrls);
  columns.links = ids.links.vector();
  columns.events = ids.events.vector();
  columns.attributes = codedLabelsColumn({ offsets, keyIndices, keys: MAP_KEYS, valueIndices, values: utf8Values(d.mapValues) });
  return tableOf(columns);
}

const LINK_OPEN = encoder.encode('[{"trace_id":"');
const LINK_SPAN = encoder.encode('","span_id":"');
const LINK_TYPE_BYTES = LINK_TYPES.map((type) => encoder.encode(`","attributes":{"agentic.link.type":"${type}"}}]`));

/** The OTel `exception` event a failed span records at its end. */
function exceptionEvent(d: Dictionaries, spans: SpanRows, i: number): string {
  const type = d.errors[spans.errorType[i]!]!;
  const what = spans.agent[i]! >= 0 ? `${d.agents[spans.agent[i]!]} failed` : spans.service[i] === DESKTOP ? 'tool call failed' : 'call failed';
  return JSON.stringify([{ name: 'exception', time_unix_nano: `${spans.endUs[i]}000`, attributes: { 'exception.type': type, 'exception.message': `${what}: ${type}` } }]);
}
