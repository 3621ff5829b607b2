/**
 * The time window a VictoriaMetrics-family server (VictoriaMetrics, VictoriaLogs) accepts, from
 * what it reports about itself: its command-line flags are exported on `/metrics` as
 * `flag{name="retentionPeriod", value="100y", is_set="true"} 1`.
 */
import type { HttpClient } from '../send/http.js';
import type { AcceptedWindow } from '../types.js';

const MONTH_MS = 31 * 86_400_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/** A VictoriaMetrics duration flag: `100y`, `7d`, `12h`; a bare number counts months. */
export function parseVmDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * MONTH_MS;
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w|y))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) total += Number(match[1]) * UNIT_MS[match[2]!]!;
  return total;
}

/** A flag's value from a `/metrics` page, or undefined when the server does not export it. */
export function flagValue(metricsText: string, name: string): string | undefined {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith('flag{') && candidate.includes(`name="${name}"`));
  return line === undefined ? undefined : /value="([^"]*)"/.exec(line)?.[1];
}

/**
 * The server's window from its flags, or the given defaults for flags it does not export
 * (VictoriaMetrics 1.79 has no -futureRetention: its 2-day future limit is built in).
 */
export async function flagWindow(http: HttpClient, defaults: { retentionPeriod: string; futureRetention: string }): Promise<AcceptedWindow | null> {
  const response = await http.request('GET', '/metrics');
  if (response.status !== 200) return null;
  const window: AcceptedWindow = {};
  for (const [name, side] of [['retentionPeriod', 'past'], ['futureRetention', 'future']] as const) {
    const reported = flagValue(response.text, name);
    const ms = parseVmDuration(reported ?? defaults[name]);
    if (ms !== undefined) window[side] = { ms, limit: `-${name}=${reported ?? `${defaults[name]} (default)`}` };
  }
  return window;
}
