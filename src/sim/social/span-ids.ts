/** The id columns of a partition's spans, hex-encoded from the random words drawn for them. */
import { AsciiColumn } from '../common/ascii-column.js';
import { OBJECT_TYPES } from './metrics.js';
import type { SpanRows } from './rows.js';

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

export type IdColumns = typeof builders;

/** Stable 48-bit user id words: a pure function of (scenario, user index). */
export function userWords(salt: number, user: number): [number, number] {
  return [mix32(user ^ salt), mix32(user + 0x9e3779b9 + salt) & 0xffff];
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Fills the id columns (trace, span, parent, request, upstream, user, target user, object) of every span. */
export function buildIdColumns(spans: SpanRows, salt: number): IdColumns {
  const n = spans.length;
  const b = builders;
  for (const column of Object.values(builders)) column.reset(n);
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

  return b;
}
