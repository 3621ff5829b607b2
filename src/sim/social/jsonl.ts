/**
 * The seed's JSON shapes, byte for byte what its Python generator prints: logs with the 21 keys in
 * order (`%Y-%m-%dT%H:%M:%S.%fZ` timestamps), metrics as {"metric","ts","value","tags"} with epoch
 * seconds and Python float formatting (`164.0`, not `164`).
 */
import type { JsonlWriter } from '../../bytes/jsonl-writer.js';
import { ACTIONS } from './actions.js';
import * as E from './errors.js';
import { METRICS, OBJECT_TYPES, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import type { SampleRows, SpanRows } from './rows.js';
import { labelSetTags } from './series-labels.js';
import type { SpanColumns } from './span-columns.js';

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const quoted = (bytes: Uint8Array, out: JsonlWriter) => out.raw('"').append(bytes).raw('"');

/** `2025-05-08T01:03:51.349506Z` from epoch microseconds. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${pad(us - Math.floor(us / 1_000_000) * 1_000_000, 6)}Z`;
}

/** Python's repr of a float: shortest round-trip digits, always with a decimal point. */
export function pythonFloat(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) || !Number.isFinite(value) ? text : `${text}.0`;
}

export function writeLogsJsonl(out: JsonlWriter, spans: SpanRows, c: SpanColumns): void {
  const nullable = (has: boolean, write: () => void) => (has ? write() : out.raw('null'));
  for (let i = 0; i < c.rows; i++) {
    const a = ACTIONS[spans.action[i]!]!;
    const failed = spans.success[i] === 0;
    out.raw(`{"timestamp":"${isoMicros(spans.startUs[i]!)}","level":"${E.LEVELS[E.levelOf(spans.errorType[i]!)]}","service":`).string(a.service);
    out.raw(',"stack":').string(a.stack).raw(',"action":').string(a.name).raw(',"user_id":');
    quoted(c.ids.userId.value(i), out).raw(',"request_id":');
    quoted(c.ids.requestId.value(i), out).raw(failed ? ',"success":false,"message":' : ',"success":true,"message":');
    out.string(c.messages[c.messageIndex[i]!]!).raw(',"release_id":').string(c.releaseIds[c.releaseIndex[i]!]!).raw(',"trace_id":');
    quoted(c.ids.traceId.value(i), out).raw(',"span_id":');
    quoted(c.ids.spanId.value(i), out).raw(',"parent_span_id":');
    nullable(spans.parent[i]! >= 0, () => quoted(c.ids.parentSpanId.value(i), out));
    out.raw(',"target_user_id":');
    nullable(spans.targetUser[i]! >= 0, () => quoted(c.ids.targetUserId.value(i), out));
    out.raw(',"object_type":');
    const obj = spans.objectType[i]!;
    nullable(obj >= 0, () => out.string(OBJECT_TYPES[obj]!));
    out.raw(',"object_id":');
    nullable(obj >= 0, () => quoted(c.ids.objectId.value(i), out));
    out.raw(',"error_code":');
    nullable(failed, () => out.raw(String(spans.errorCode[i])));
    out.raw(',"error_message":');
    nullable(failed, () => out.string(E.MESSAGES[spans.errorMessage[i]!]!));
    out.raw(',"error_source":');
    nullable(failed, () => out.string(E.ERROR_SOURCES[spans.errorSource[i]!]!));
    out.raw(',"error_type":');
    nullable(failed, () => out.string(E.ERROR_TYPES[spans.errorType[i]!]!));
    out.raw(',"upstream_request_id":');
    nullable(spans.upstream[i]! >= 0, () => quoted(c.ids.requestId.value(spans.upstream[i]!), out));
    out.raw('}');
    out.endRow();
  }
}

/** Metric lines in samples order; exemplar rows carry trace_id and request_id after the seed's tags. */
export function writeMetricsJsonl(out: JsonlWriter, plan: SocialPlan, spans: SpanRows, samples: SampleRows, series: SeriesIndex, order: Int32Array, c: SpanColumns): void {
  const tagJson = new Map<number, string>();
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const s = samples.series[i]!;
    const set = series.labelSet[s]!;
    let tags = tagJson.get(set);
    if (tags === undefined) {
      tags = JSON.stringify(Object.fromEntries(labelSetTags(plan, series, set))).slice(0, -1);
      tagJson.set(set, tags);
    }
    const metric = METRICS[series.metric[s]!]!;
    const span = samples.span[i]!;
    const value = samples.value[i]!;
    out.raw(`{"metric":"${metric.name}","ts":${pythonFloat(spans.startUs[span]! / 1_000_000)},"value":${metric.float ? pythonFloat(value) : String(value)},"tags":`).raw(tags);
    if (samples.exemplar[i]) {
      out.raw(',"trace_id":');
      quoted(c.ids.traceId.value(span), out).raw(',"request_id":');
      quoted(c.ids.requestId.value(span), out);
    }
    out.raw('}}');
    out.endRow();
  }
}
