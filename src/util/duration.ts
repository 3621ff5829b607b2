import { badArgument } from '../errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses `15s`, `90m`, `6h`, `30d`, `1w`, `1h30m` into milliseconds; returns undefined when malformed. */
export function tryParseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return Math.round(total);
}

/** The units a duration takes, as a message lists them. */
export const DURATION_UNITS = 'ms, s, m, h, d, w';

/**
 * Why `value` is not a positive duration, or undefined when it is one. A bare number is refused:
 * read as milliseconds, `scrape_interval: 15` meant 400M samples for an hour of 3 nodes.
 */
export function durationProblem(value: unknown): string | undefined {
  const ms = typeof value === 'string' ? tryParseDuration(value) : undefined;
  if (ms !== undefined && Number.isFinite(ms) && ms > 0) return undefined;
  const bare = /^[-+]?\d+(\.\d+)?$/.test(String(value).trim()) ? ' (a number without a unit)' : '';
  return `expected a positive duration with a unit (${DURATION_UNITS}) like 15s, 6h or 30d, got ${JSON.stringify(value)}${bare}`;
}

/** Milliseconds of a duration option; `what` names the option in the error. */
export function parseDuration(text: string, what: string): number {
  const problem = durationProblem(text);
  if (problem !== undefined) throw badArgument(`${what}: ${problem}`);
  return tryParseDuration(text)!;
}

/** Formats milliseconds compactly (`30d`, `6h`, `1h30m`, `15s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit]!;
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      rest -= n * size;
    }
  }
  return parts.join('');
}

export const DAY_MS = UNIT_MS.d!;

/** `YYYY-MM-DD` of a UTC timestamp in ms. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
