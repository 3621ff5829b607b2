/** The seed's per-span metrics, into the partition's samples and series. */
import { normal, uniformInt, type Rng } from '../common/rng.js';
import { ACTIONS } from './actions.js';
import { DURATION, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import type { SampleRows, SpanRows } from './rows.js';

/** The seed's five metrics of a span (cache_hit for reads only); exemplars on request_duration_ms. */
export function recordSpanMetrics(plan: SocialPlan, rng: Rng, spans: SpanRows, samples: SampleRows, series: SeriesIndex, row: number): void {
  const action = spans.action[row]!;
  const a = ACTIONS[action]!;
  const ok = spans.success[row]!;
  const t = spans.startUs[row]!;
  const persona = spans.persona[row]!;
  const release = spans.release[row]!;
  const obj = spans.objectType[row]!;
  const ms = Math.round((spans.endUs[row]! - t) / 10) / 100;
  const exemplar = ok === 0 || ms > plan.world.slow_request_ms || rng() < plan.world.exemplar_share;
  const set = series.set(action, ok, persona, release, obj);
  samples.add(series.series(set, DURATION, t), row, ms, exemplar);
  samples.add(series.series(set, 1, t), row, Math.max(64, Math.floor(0.1 * a.payloadBytes + normal(rng) * 0.1 * a.payloadSdBytes)), false);
  samples.add(series.series(set, 2, t), row, ok ? Math.max(64, Math.floor(a.payloadBytes + normal(rng) * a.payloadSdBytes)) : uniformInt(rng, 128, 512), false);
  samples.add(series.series(set, 3, t), row, ok ? uniformInt(rng, 1, 5) : uniformInt(rng, 0, 2), false);
  if (!a.isWrite) samples.add(series.series(set, 4, t), row, ok && rng() < 0.7 ? 1 : 0, false);
}
