/** Before sending: would the backend's retention drop the data? After: do its counts match? */
import { formatDuration } from '../../util/duration.js';
import type { HttpClient } from '../send/http.js';
import type { Counts, ReplayTarget, TargetCheck, VerifyContext } from '../types.js';

export interface VerifyOutcome {
  ok: boolean;
  /** Counts of the rows sent (the selected rows of the dataset). */
  expected: Counts;
  /** The same counts in summary.json, for a replay of whole tables. */
  summary?: Counts;
  backend: Counts;
}

export async function verifyCounts(check: TargetCheck, context: VerifyContext, expected: Counts, summary: Counts | undefined): Promise<VerifyOutcome> {
  const backend = await check.verify(context, expected);
  const ok = Object.keys(expected).every((key) => backend[key] === expected[key] && (summary?.[key] ?? expected[key]) === expected[key]);
  return { ok, expected, summary, backend };
}

/** A warning when rows older than the backend's retention would be dropped (silently, by VictoriaMetrics). */
export async function retentionWarning(target: ReplayTarget, http: HttpClient, startMs: number, shifted: boolean): Promise<string | undefined> {
  if (!target.check?.retentionMs) return undefined;
  const retention = await target.check.retentionMs(http).catch(() => null);
  if (retention === null) return undefined;
  const oldest = Date.now() - retention;
  if (startMs >= oldest) return undefined;
  return (
    `${target.name} at ${http.describe()} keeps ${formatDuration(retention)} of data (-retentionPeriod): rows before ${new Date(oldest).toISOString()} ` +
    `would be dropped silently (the data starts ${new Date(startMs).toISOString()}); ${shifted ? 'raise -retentionPeriod' : 'use --shift-to-now or raise -retentionPeriod'}`
  );
}
