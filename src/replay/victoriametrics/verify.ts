/**
 * Counts in VictoriaMetrics after a replay: `GET /internal/force_flush` makes fresh samples
 * searchable, then instant queries over exactly the replayed range count samples and series.
 * Counts are polled: data appears within a few seconds.
 */
import { getJson, type HttpClient } from '../send/http.js';
import { pollCounts } from '../check/poll.js';
import type { Counts, VerifyContext } from '../types.js';

const ALL = '{__name__=~".+"}';

async function instantValue(http: HttpClient, query: string, timeMs: number): Promise<number> {
  const params = new URLSearchParams({ query, time: (timeMs / 1000).toFixed(3), nocache: '1' });
  const answer = (await getJson(http, `/api/v1/query?${params}`)) as { data?: { result?: { value?: [number, string] }[] } };
  const value = answer.data?.result?.[0]?.value?.[1];
  return value === undefined ? 0 : Number(value);
}

export async function countVictoriaMetrics(context: VerifyContext, expected: Counts, pollMs = 10_000): Promise<Counts> {
  const { http, startMs, endMs } = context;
  const flush = await http.request('GET', '/internal/force_flush');
  if (flush.status !== 200) throw new Error(`GET /internal/force_flush answered ${flush.status}`);
  // count_over_time looks back over (time - window, time]: this window covers [startMs, endMs].
  const window = `${Math.max(1, endMs - startMs + 1)}ms`;
  const read = async (): Promise<Counts> => ({
    samples: await instantValue(http, `sum(count_over_time(${ALL}[${window}]))`, endMs),
    series: await instantValue(http, `count(count_over_time(${ALL}[${window}]))`, endMs),
  });
  return pollCounts(read, expected, pollMs);
}
