/** After sending: do the backend's counts match the dataset's? */
import type { Counts, TargetCheck, VerifyContext } from '../types.js';

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
