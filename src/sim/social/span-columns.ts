/**
 * Arrow columns of a partition's spans, shared by the `logs` and `spans` tables (and the values the
 * JSONL writers need). Release tags use a dictionary of the releases this batch actually uses.
 */
import { Int64, makeData, makeVector, type Vector } from 'apache-arrow';
import { int64From, indexedDictionaryColumn, NO_NULLS } from '../common/columns.js';
import { ACTIONS, SERVICES } from './actions.js';
import { boolColumn, intColumn, microsColumn } from '../common/arrow.js';
import * as E from './errors.js';
import { METRICS, OBJECT_TYPES } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { RELEASE_ID_TAG } from './releases.js';
import { ReleaseTagColumns } from './tag-columns.js';
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
  /** The partition's release tag columns; its `used` releases are the JSONL writers' release dictionary. */
  releaseTags: ReleaseTagColumns;
  /** Per-batch dictionaries the JSONL writers read. */
  releaseIds: string[];
  releaseIndex: Int32Array;
  messages: string[];
  messageIndex: Int32Array;
  ids: IdColumns;
}

/** Per error type: its log level (a lookup instead of a string comparison per row). */
const LEVEL_OF_TYPE = Int32Array.from(E.ERROR_TYPES, (_, t) => E.levelOf(t));

export function buildSpanColumns(plan: SocialPlan, spans: SpanRows, salt: number): SpanColumns {
  const n = spans.length;
  const b = buildIdColumns(spans, salt);
  // Messages: a dictionary of what this batch uses, in first-use order (releases: ReleaseTagColumns).
  const releases = spans.release.subarray(0, n);
  const releaseTags = new ReleaseTagColumns(plan.releases, releases);
  const messageLocal = new Map<number, number>();
  const messages: string[] = [];
  const messageIndex = new Int32Array(n);
  const service = new Int32Array(n);
  const action = new Int32Array(n);
  const isWrite = new Uint8Array(n);
  const level = new Int32Array(n);
  const errorCode = new Int32Array(n);
  const failed = new Uint8Array(n);
  const status = new Int32Array(n);
  const objectType = new Int32Array(n);
  const errorMessage = new Int32Array(n);
  const errorSource = new Int32Array(n);
  const errorType = new Int32Array(n);
  const persona = new Int32Array(n);
  const durationUs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const act = spans.action[i]!;
    const a = ACTIONS[act]!;
    const err = spans.errorMessage[i]!;
    const key = act * 1000 + err + 1;
    let message = messageLocal.get(key);
    if (message === undefined) {
      messageLocal.set(key, (message = messages.length));
      messages.push(err >= 0 ? `${a.name} failed: ${E.MESSAGES[err]}` : a.isWrite ? `${a.name} completed successfully` : `${a.name} returned data`);
    }
    messageIndex[i] = message;
    service[i] = a.serviceIndex;
    action[i] = act;
    isWrite[i] = a.isWrite ? 1 : 0;
    const type = spans.errorType[i]!;
    level[i] = type < 0 ? 0 : LEVEL_OF_TYPE[type]!;
    errorCode[i] = spans.errorCode[i]!;
    failed[i] = status[i] = 1 - spans.success[i]!;
    objectType[i] = spans.objectType[i]!;
    errorMessage[i] = err;
    errorSource[i] = spans.errorSource[i]!;
    errorType[i] = type;
    persona[i] = spans.persona[i]!;
    durationUs[i] = Math.round(spans.endUs[i]! - spans.startUs[i]!) * 1000;
  }
  const tags = releaseTags.columns(releases);
  const vectors: Record<string, Vector> = {
    timestamp: microsColumn(spans.startUs.subarray(0, n)),
    end_time: microsColumn(spans.endUs.subarray(0, n)),
    duration_ns: makeVector(makeData({ type: new Int64(), length: n, data: int64From(durationUs) })),
    level: indexedDictionaryColumn(level, DICT.levels, NO_NULLS),
    service: indexedDictionaryColumn(service, DICT.services, NO_NULLS),
    service_name: indexedDictionaryColumn(service, DICT.serviceIds, NO_NULLS),
    stack: indexedDictionaryColumn(service, DICT.stacks, NO_NULLS),
    action: indexedDictionaryColumn(action, DICT.actions, NO_NULLS),
    kind: indexedDictionaryColumn(new Int32Array(n), DICT.kinds, NO_NULLS),
    user_id: b.userId.vector(),
    request_id: b.requestId.vector(),
    success: boolColumn(spans.success.subarray(0, n)),
    is_write: boolColumn(isWrite),
    message: indexedDictionaryColumn(messageIndex, messages, NO_NULLS),
    trace_id: b.traceId.vector(),
    span_id: b.spanId.vector(),
    parent_span_id: b.parentSpanId.vector(),
    target_user_id: b.targetUserId.vector(),
    object_type: indexedDictionaryColumn(objectType, DICT.objectTypes),
    object_id: b.objectId.vector(),
    error_code: intColumn(errorCode, failed),
    status_code: indexedDictionaryColumn(status, DICT.status, NO_NULLS),
    error_message: indexedDictionaryColumn(errorMessage, DICT.errorMessages),
    error_source: indexedDictionaryColumn(errorSource, DICT.errorSources),
    error_type: indexedDictionaryColumn(errorType, DICT.errorTypes),
    upstream_request_id: b.upstreamRequestId.vector(),
    persona: indexedDictionaryColumn(persona, personaDictionary(plan), NO_NULLS),
    ...tags,
  };
    return {
    rows: n,
    vectors,
    releaseTags,
    releaseIds: releaseTags.used.map((r) => plan.releases.tags[r]![RELEASE_ID_TAG]!),
    releaseIndex: releaseTags.localIndex(releases),
    messages,
    messageIndex,
    ids: b,
  };
}
