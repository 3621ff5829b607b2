/**
 * Volumes per day summarized for a terminal: a month of days is listed day by day, half a year by
 * week, longer timelines by month (a one-year dataset listed 365 lines per table).
 */
export type Grain = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

export function grainFor(firstDate: string, lastDate: string): Grain {
  const days = (Date.parse(lastDate) - Date.parse(firstDate)) / DAY_MS + 1;
  return days <= 31 ? 'day' : days <= 26 * 7 ? 'week' : 'month';
}

/** The period a `YYYY-MM-DD` date falls in: itself, the Monday of its week, or `YYYY-MM`. */
export function periodOf(date: string, grain: Grain): string {
  if (grain === 'day') return date;
  if (grain === 'month') return date.slice(0, 7);
  const ms = Date.parse(date);
  const sinceMonday = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Sums `rows` (and `bytes`, when every day has them) per period, in period order. */
export function byPeriod<T extends { date: string; rows: number; bytes?: number }>(days: T[], grain: Grain): Map<string, { rows: number; bytes?: number }> {
  const periods = new Map<string, { rows: number; bytes?: number }>();
  const withBytes = days.every((day) => day.bytes !== undefined);
  for (const day of days) {
    const key = periodOf(day.date, grain);
    const entry = periods.get(key) ?? { rows: 0, ...(withBytes ? { bytes: 0 } : {}) };
    entry.rows += day.rows;
    if (withBytes) entry.bytes! += day.bytes!;
    periods.set(key, entry);
  }
  return new Map([...periods].sort(([a], [b]) => (a < b ? -1 : 1)));
}
