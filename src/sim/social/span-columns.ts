/**
 * Arrow columns of a partition's spans, shared by the `logs` and `spans` tables (and the values the
 * JSONL writers need). Release tags use a dictionary of the releases this batch actually uses.
 */
import { Int64, makeData, makeVector, type Vector } from 'apache-arrow';
import { ACTIONS, SERVICES } from './actions.js';
import { boolColumn, dictionaryColumn, intColumn, microsColumn } from './arrow.js';
import * as E from './errors.js';
import { METRICS, OBJECT_TYPES } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { TAG_NAMES } from './releases.js';
import { tagColumns } from './tag-columns.js';
import type { SpanRows } from './rows.js';
import { buildIdColumns, type IdColumns } from './span-ids.js';

const frozen = (values: readonly string[]): readonly string[] => Object.freeze([...values]);
export const DICT = {
  levels: frozen(E.LEVELS),
  services: frozen(SERVICES.map((s) => s.name)),
  serviceIds: frozen(SERVICES.map((s) => `social:${s.key}`)),
  stacks: frozen(SERVICES.map((s) => s.stack)),
  actions: frozen(ACTIONS.map((a) => a.name)),
  objectTypes: frozen(OBJECT_TYPES),
  errorTypes: frozen(E.ERROR_TYPES),
  errorSources: frozen(E.ERROR_SOURCES),
  errorMessages: frozen(E.MESSAGES),
  status: frozen(['OK', 'ERROR']),
  kinds: frozen(['SERVER']),
  booleans: frozen(['false', 'true']),
  metrics: frozen(METRICS.map((m) => m.name)),
  metricTypes: frozen(METRICS.map((m) => m.type)),
  metricUnits: frozen(METRICS.map((m) => m.unit)),
};
let personaNames: readonly string[] = [];

/** Persona names as a (cached) dictionary. */
export function personaDictionary(plan: SocialPlan): readonly string[] {
  if (personaNames.length !== plan.personas.length) personaNames = frozen(plan.personas.map((p) => p.name));
  return personaNames;
}

export interface SpanColumns {
  rows: number;
  /** Column name → vector, for both tables. */
  vectors: Record<string, Vector>;
  /** Per-batch dictionaries the JSONL writers read. */
  releaseIds: string[];
  releaseIndex: Int32Array;
  messages: string[];
  messageIndex: Int32Array;
  ids: IdColumns;
}

export function buildSpanColumns(plan: SocialPlan, spans: SpanRows, salt: number): SpanColumns {
  const n = spans.length;
  const b = buildIdColumns(spans, salt);
  const ints = (f: (i: number) => number) => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return out;
  };
  // Releases and messages: dictionaries of what this batch uses, in first-use order.
  const releaseLocal = new Map<number, number>();
  const releaseIndex = ints((i) => {
    const r = spans.release[i]!;
    let local = releaseLocal.get(r);
    if (local === undefined) releaseLocal.set(r, (local = releaseLocal.size));
    return local;
  });
  const used = [...releaseLocal.keys()];
  const messageLocal = new Map<number, number>();
  const messages: string[] = [];
  const messageIndex = ints((i) => {
    const action = spans.action[i]!;
    const err = spans.errorMessage[i]!;
    const key = action * 1000 + err + 1;
    let local = messageLocal.get(key);
    if (local === undefined) {
      messageLocal.set(key, (local = messages.length));
      const name = ACTIONS[action]!.name;
      messages.push(err >= 0 ? `${name} failed: ${E.MESSAGES[err]}` : ACTIONS[action]!.isWrite ? `${name} completed successfully` : `${name} returned data`);
    }
    return local;
  });
  const serviceOf = ints((i) => ACTIONS[spans.action[i]!]!.serviceIndex);
  const errorCode = ints((i) => spans.errorCode[i]!);
  const failed = Uint8Array.from(spans.success.subarray(0, n), (ok) => 1 - ok);
  const tags = tagColumns(plan.releases, n, (i) => spans.release[i]!);
  const durationNs = new BigInt64Array(n);
  for (let i = 0; i < n; i++) durationNs[i] = BigInt(Math.round(spans.endUs[i]! - spans.startUs[i]!)) * 1000n;
  const vectors: Record<string, Vector> = {
    timestamp: microsColumn(spans.startUs.subarray(0, n)),
    end_time: microsColumn(spans.endUs.subarray(0, n)),
    duration_ns: intColumnBig(durationNs),
    level: dictionaryColumn(ints((i) => E.levelOf(spans.errorType[i]!)), DICT.levels),
    service: dictionaryColumn(serviceOf.slice(), DICT.services),
    service_name: dictionaryColumn(serviceOf.slice(), DICT.serviceIds),
    stack: dictionaryColumn(serviceOf, DICT.stacks),
    action: dictionaryColumn(ints((i) => spans.action[i]!), DICT.actions),
    kind: dictionaryColumn(new Int32Array(n), DICT.kinds),
    user_id: b.userId.vector(),
    request_id: b.requestId.vector(),
    success: boolColumn(spans.success.subarray(0, n)),
    is_write: boolColumn(Uint8Array.from(spans.action.subarray(0, n), (a) => (ACTIONS[a]!.isWrite ? 1 : 0))),
    message: dictionaryColumn(messageIndex.slice(), messages),
    trace_id: b.traceId.vector(),
    span_id: b.spanId.vector(),
    parent_span_id: b.parentSpanId.vector(),
    target_user_id: b.targetUserId.vector(),
    object_type: dictionaryColumn(ints((i) => spans.objectType[i]!), DICT.objectTypes),
    object_id: b.objectId.vector(),
    error_code: intColumn(errorCode, failed),
    status_code: dictionaryColumn(Int32Array.from(failed), DICT.status),
    error_message: dictionaryColumn(ints((i) => spans.errorMessage[i]!), DICT.errorMessages),
    error_source: dictionaryColumn(ints((i) => spans.errorSource[i]!), DICT.errorSources),
    error_type: dictionaryColumn(ints((i) => spans.errorType[i]!), DICT.errorTypes),
    upstream_request_id: b.upstreamRequestId.vector(),
    persona: dictionaryColumn(ints((i) => spans.persona[i]!), personaDictionary(plan)),
    ...tags,
  };
  return { rows: n, vectors, releaseIds: used.map((r) => plan.releases.tags[r]![TAG_NAMES.length - 1]!), releaseIndex, messages, messageIndex, ids: b };
}

function intColumnBig(values: BigInt64Array): Vector {
  return makeVector(makeData({ type: new Int64(), length: values.length, data: values }));
}
