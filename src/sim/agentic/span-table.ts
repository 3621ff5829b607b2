/**
 * The `spans` table of a partition: OTel span fields, common attributes as columns under their
 * semantic-convention names, links and events as JSON, the rest in an `attributes` MAP. Lost spans
 * are left out here, after their ids were drawn (their children keep naming them as parent).
 */
import type { Table, Vector } from 'apache-arrow';
import { intColumn, microsColumn } from '../common/arrow.js';
import { AsciiColumn } from '../common/ascii-column.js';
import { NO_NULLS, indexedDictionaryColumn, tableOf } from '../common/columns.js';
import { Scratch } from '../common/scratch.js';
import { codedLabelsColumn } from '../common/dictionaries.js';
import { utf8Values } from '../common/dictionaries.js';
import { CLASSIFICATIONS, DESKTOP } from './catalog.js';
import { FINISH_REASONS, KINDS, LINK_TYPES, OPERATIONS } from './names.js';
import type { AgenticPlan } from './plan.js';
import type { SpanRows } from './rows.js';
import type { Dictionaries } from './vocab.js';

const ids = { span: new AsciiColumn(), parent: new AsciiColumn(), links: new AsciiColumn(), events: new AsciiColumn() };
const sessionIds = { trace: new AsciiColumn(), conversation: new AsciiColumn() };
const encoder = new TextEncoder();
/**
 * Column arrays kept from partition to partition (a process writes one at a time): allocating
 * ~25 arrays of a partition's length each time made V8 collect for their external memory.
 */
const ints: Array<Scratch<Int32Array>> = [];
const doubles = { start: new Scratch((length) => new Float64Array(length)), end: new Scratch((length) => new Float64Array(length)), arrival: new Scratch((length) => new Float64Array(length)) };
const bytes = new Scratch((length) => new Uint8Array(length));
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

/** Builders of a table's session ids: each table has its own, its batch's vectors are views into them. */
export interface SessionIdBuilders {
  trace: AsciiColumn;
  conversation: AsciiColumn;
}

/**
 * `trace_id` and `gen_ai.conversation.id` of rows whose sessions are `sessions`, as dictionary
 * columns over the sessions present: ids repeat for every span of a session, so each is written
 * once per file instead of once per row.
 */
export function sessionIdColumns(plan: AgenticPlan, sessions: Int32Array, builders: SessionIdBuilders): { traceId: Vector; conversationId: Vector } {
  const local = new Int32Array(sessions.length);
  const seen = new Map<number, number>();
  // Sized for the worst case (a session per row): the builder does not grow its offsets.
  builders.trace.reset(sessions.length);
  builders.conversation.reset(sessions.length);
  let previous = -1;
  let current = -1;
  for (let k = 0; k < sessions.length; k++) {
    const s = sessions[k]!;
    if (s !== previous) {
      const found = seen.get(s);
      if (found === undefined) {
        seen.set(s, (current = seen.size));
        traceHex(builders.trace, plan, s).end();
        conversationId(builders.conversation, plan, s).end();
      } else current = found;
      previous = s;
    }
    local[k] = current;
  }
  return { traceId: indexedDictionaryColumn(local, builders.trace.vector(), NO_NULLS), conversationId: indexedDictionaryColumn(local, builders.conversation.vector(), NO_NULLS) };
}

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
  let taken = 0;
  const int = () => (ints[taken++] ??= new Scratch((length) => new Int32Array(length))).take(n);
  const name = int();
  const kind = int();
  const service = int();
  const status = int();
  const error = int();
  const errorType = int();
  const tenant = int();
  const user = int();
  const humanUser = int();
  const humanEmail = int();
  const operation = int();
  const oldProvider = int();
  const newProvider = int();
  const agent = int();
  const agentId = int();
  const model = int();
  const responseModel = int();
  const inTokens = int();
  const outTokens = int();
  const tool = int();
  const phase = int();
  const classification = int();
  const schema = int();
  const start = doubles.start.take(n);
  const end = doubles.end.take(n);
  const arrival = doubles.arrival.take(n);
  const present = bytes.take(n);
  const offsets = new Int32Array(n + 1);
  const keyIndices = new Int32Array(2 * n);
  const valueIndices = new Int32Array(2 * n);
  const agents = d.agents.length;
  let entries = 0;
  const sessionOf = int();
  for (let k = 0; k < n; k++) {
    const i = keep[k]!;
    const s = spans.session[i]!;
    const session = plan.sessions[s]!;
    const t = session.tenant;
    sessionOf[k] = s;
    ids.span.hex(spans.spanId[2 * i]!).hex(spans.spanId[2 * i + 1]!).end();
    const p = spans.parent[i]!;
    if (p < 0) ids.parent.nullValue();
    else ids.parent.hex(spans.spanId[2 * p]!).hex(spans.spanId[2 * p + 1]!).end();
    start[k] = spans.startUs[i]!;
    end[k] = spans.endUs[i]!;
    arrival[k] = spans.arrivalUs[i]!;
    name[k] = spans.name[i]!;
    kind[k] = spans.kind[i]!;
    service[k] = spans.service[i]!;
    status[k] = spans.status[i]!;
    error[k] = errorType[k] = spans.errorType[i]!;
    tenant[k] = t;
    user[k] = session.user;
    humanUser[k] = humanEmail[k] = spans.human[i] ? session.user : -1;
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
    model[k] = responseModel[k] = op === 1 ? m : -1;
    inTokens[k] = spans.inputTokens[i]!;
    outTokens[k] = spans.outputTokens[i]!;
    present[k] = op === 1 ? 1 : 0;
    tool[k] = spans.tool[i]!;
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
  // A column with nulls rewrites its indices: no two columns share an array.
  const dict = (indices: Int32Array, values: readonly string[]) => indexedDictionaryColumn(indices, values);
  const full = (indices: Int32Array, values: readonly string[]) => indexedDictionaryColumn(indices, values, NO_NULLS);
  const { traceId, conversationId: conversation } = sessionIdColumns(plan, sessionOf, sessionIds);
  const columns: Record<string, Vector> = {
    trace_id: traceId,
    span_id: ids.span.vector(),
    parent_span_id: ids.parent.vector(),
    name: full(name, d.names.list),
    kind: full(kind, KINDS),
    service_name: full(service, d.services),
    start_time: microsColumn(start),
    end_time: microsColumn(end),
    arrival_time: microsColumn(arrival),
    status_code: full(status, STATUS),
    status_message: dict(error, d.errors),
    'tenant.id': full(tenant, d.tenants),
    'gen_ai.conversation.id': conversation,
    'user.id': full(user, d.userIds),
    'user.name': dict(humanUser, d.userNames),
    'user.email': dict(humanEmail, d.userEmails),
    'gen_ai.operation.name': dict(operation, OPERATIONS),
    'gen_ai.system': dict(oldProvider, d.providers),
    'gen_ai.provider.name': dict(newProvider, d.providers),
    'gen_ai.agent.name': dict(agent, d.agents),
    'gen_ai.agent.id': dict(agentId, d.agentIds),
    'gen_ai.request.model': dict(model, d.models),
    'gen_ai.response.model': dict(responseModel, d.models),
    'gen_ai.usage.input_tokens': intColumn(inTokens, present),
    'gen_ai.usage.output_tokens': intColumn(outTokens, present),
    'gen_ai.tool.name': dict(tool, d.tools),
    'error.type': dict(errorType, d.errors),
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
