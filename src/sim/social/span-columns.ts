/**
 * Arrow columns of a partition's spans, shared by the `logs` and `spans` tables (and the values the
 * JSONL writers need). Release tags use a dictionary of the releases this batch actually uses.
 */
import { Int64, makeData, makeVector, type Vector } from 'apache-arrow';
import { ACTIONS, SERVICES } from './actions.js';
import { boolColumn, dictionaryColumn, intColumn, microsColumn } from './arrow.js';
import { AsciiColumn } from './ascii-column.js';
import * as E from './errors.js';
import { METRICS, OBJECT_TYPES } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { TAG_NAMES } from './releases.js';
import { tagColumns } from './tag-columns.js';
import type { SpanRows } from './rows.js';

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

/** Words are hex-encoded per id; these builders are reused from batch to batch. */
const builders = {
  traceId: new AsciiColumn(),
  spanId: new AsciiColumn(),
  parentSpanId: new AsciiColumn(),
  requestId: new AsciiColumn(),
  upstreamRequestId: new AsciiColumn(),
  userId: new AsciiColumn(),
  targetUserId: new AsciiColumn(),
  objectId: new AsciiColumn(),
};
const USER_PREFIX = new TextEncoder().encode('user_');
const OBJECT_PREFIXES = OBJECT_TYPES.map((t) => new TextEncoder().encode(`${t}_`));
const LONG_OBJECT_IDS = new Set(['post', 'story'].map((t) => OBJECT_TYPES.indexOf(t)));

export interface SpanColumns {
  rows: number;
  /** Column name → vector, for both tables. */
  vectors: Record<string, Vector>;
  /** Per-batch dictionaries the JSONL writers read. */
  releaseIds: string[];
  releaseIndex: Int32Array;
  messages: string[];
  messageIndex: Int32Array;
  ids: typeof builders;
}

/** Stable 48-bit user id words: a pure function of (scenario, user index). */
export function userWords(salt: number, user: number): [number, number] {
  return [mix32(user ^ salt), mix32(user + 0x9e3779b9 + salt) & 0xffff];
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export function buildSpanColumns(plan: SocialPlan, spans: SpanRows, salt: number): SpanColumns {
  const n = spans.length;
  for (const b of Object.values(builders)) b.reset(n);
  const b = builders;
  const ints = (f: (i: number) => number) => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return out;
  };
  const words = spans.traceId;
  for (let i = 0; i < n; i++) {
    b.traceId.hex(words[4 * i]!).hex(words[4 * i + 1]!).hex(words[4 * i + 2]!).hex(words[4 * i + 3]!).end();
    b.spanId.hex(spans.spanId[2 * i]!).hex(spans.spanId[2 * i + 1]!).end();
    const r = spans.requestId;
    b.requestId.hex(r[4 * i]!).hex(r[4 * i + 1]!).hex(r[4 * i + 2]!).hex(r[4 * i + 3]!).end();
    const p = spans.parent[i]!;
    if (p < 0) b.parentSpanId.nullValue();
    else b.parentSpanId.hex(spans.spanId[2 * p]!).hex(spans.spanId[2 * p + 1]!).end();
    const u = spans.upstream[i]!;
    if (u < 0) b.upstreamRequestId.nullValue();
    else b.upstreamRequestId.hex(r[4 * u]!).hex(r[4 * u + 1]!).hex(r[4 * u + 2]!).hex(r[4 * u + 3]!).end();
    const [ua, ub] = userWords(salt, spans.user[i]!);
    b.userId.bytes(USER_PREFIX).hex(ua).hex(ub, 4).end();
    const tu = spans.targetUser[i]!;
    if (tu < 0) b.targetUserId.nullValue();
    else {
      const [ta, tb] = userWords(salt, tu);
      b.targetUserId.bytes(USER_PREFIX).hex(ta).hex(tb, 4).end();
    }
    const o = spans.objectType[i]!;
    if (o < 0) b.objectId.nullValue();
    else {
      b.objectId.bytes(OBJECT_PREFIXES[o]!).hex(spans.objectId[2 * i]!);
      if (LONG_OBJECT_IDS.has(o)) b.objectId.hex(spans.objectId[2 * i + 1]!);
      else b.objectId.hex(spans.objectId[2 * i + 1]!, 4);
      b.objectId.end();
    }
  }

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
