/** One line of `teleforge validate`: a named check, its figure, and whether it passed. */
export interface CheckResult {
  name: string;
  passed: boolean;
  /** What was measured, for people (e.g. `0 duplicates in 3.26M rows`). */
  figure: string;
}

export function check(name: string, passed: boolean, figure: string): CheckResult {
  return { name, passed, figure };
}

/** At most `limit` items, then `… N more`: failure figures stay one line. */
export function listSome(items: string[], limit = 3): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown}, … ${items.length - limit} more` : shown;
}
