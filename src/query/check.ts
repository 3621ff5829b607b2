/** One line of `teleforge validate`: a named check, its figure, and whether it passed. */
export interface CheckResult {
  name: string;
  passed: boolean;
  /** What was measured, for people (e.g. `0 duplicates in 3.26M rows`). */
  figure: string;
  /** Why a statistical check could not decide (too little data); such a check counts as passed. */
  skipped?: string;
}

export function check(name: string, passed: boolean, figure: string): CheckResult {
  return { name, passed, figure };
}

export function skipped(name: string, figure: string, reason: string): CheckResult {
  return { name, passed: true, figure, skipped: reason };
}

/** At most `limit` items, then `… N more`: failure figures stay one line. */
export function listSome(items: string[], limit = 3): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown}, … ${items.length - limit} more` : shown;
}
