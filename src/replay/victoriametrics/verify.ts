/**
 * Counts in VictoriaMetrics after a replay: `GET /internal/force_flush` makes fresh samples
 * searchable, then instant queries over exactly the replayed range count samples and series.
 * Counts are polled: data appears within a few seconds.
 */
import { getJson, type HttpClient } from '../send/http.js';
import { pollCounts } from '../check/poll.js';
import { flagValue, parseVmDuration } from '../check/retention.js';
import type { Counts, VerifyContext } from '../types.js';

const ALL = '{__name__=~".+"}';

async function instantValue(http: HttpClient, query: string, timeMs: number): Promise<number> {
  const params = new URLSearchParams({ query, time: (timeMs / 1000).toFixed(3), nocache: '1' });
  const answer = (await getJson(http, `/api/v1/query?${params}`)) as { data?: { result?: { value?: [number, string] }[] } };
  const value = answer.data?.result?.[0]?.value?.[1];
  return value === undefined ? 0 : Number(value);
}

/** Samples stored in [startMs, endMs] (inclusive), after a flush; no polling (verify has already waited for fresh data). */
export async function countSamplesInRange(http: HttpClient, startMs: number, endMs: number): Promise<number> {
  await flush(http);
  return instantValue(http, `sum(count_over_time(${ALL}[${Math.max(1, endMs - startMs + 1)}ms]))`, endMs);
}

/**
 * Re-sent samples are a no-op only under deduplication: without -dedup.minScrapeInterval the
 * server keeps both copies of a sample (same series, same timestamp) and counts grow.
 */
export async function dedupRefusal(http: HttpClient): Promise<string | undefined> {
  const response = await http.request('GET', '/metrics');
  const value = response.status === 200 ? flagValue(response.text, 'dedup.minScrapeInterval') : undefined;
  const ms = value === undefined ? undefined : parseVmDuration(value);
  if (ms !== undefined && ms > 0) return undefined;
  const found = value === undefined ? 'does not report -dedup.minScrapeInterval on /metrics' : `runs with -dedup.minScrapeInterval=${value}`;
  return `it ${found}, so re-sent samples would be stored twice; restart it with -dedup.minScrapeInterval=1ms`;
}

async function flush(http: HttpClient): Promise<void> {
  const response = await http.request('GET', '/internal/force_flush');
  if (response.status !== 200) throw new Error(`GET /internal/force_flush answered ${response.status}`);
}

export async function countVictoriaMetrics(context: VerifyContext, expected: Counts, pollMs = 10_000): Promise<Counts> {
  const { http, startMs, endMs } = context;
  await flush(http);
  // count_over_time looks back over (time - window, time]: this window covers [startMs, endMs].
  const window = `${Math.max(1, endMs - startMs + 1)}ms`;
  const read = async (): Promise<Counts> => ({
    samples: await instantValue(http, `sum(count_over_time(${ALL}[${window}]))`, endMs),
    series: await instantValue(http, `count(count_over_time(${ALL}[${window}]))`, endMs),
  });
  return pollCounts(read, expected, pollMs);
}
