/** After sending: do the backend's counts match the dataset's? */
import type { Counts, TargetCheck, VerifyContext } from '../types.js';

export interface VerifyOutcome {
  ok: boolean;
  /** Counts of the rows sent (the selected rows of the dataset). */
  expected: Counts;
  /** The same counts in summary.json, for a replay of whole tables. */
  summary?: Counts;
  backend: Counts;
  /** When counts differ: the periods (`…/date=…`) the backend holds too few or too many rows of, where the target can count them. */
  short?: { period: string; expected: number; backend: number }[];
}

export async function verifyCounts(check: TargetCheck, context: VerifyContext, expected: Counts, summary: Counts | undefined): Promise<VerifyOutcome> {
  const backend = await check.verify(context, expected);
  const ok = Object.keys(expected).every((key) => backend[key] === expected[key] && (summary?.[key] ?? expected[key]) === expected[key]);
  return { ok, expected, summary, backend };
}
