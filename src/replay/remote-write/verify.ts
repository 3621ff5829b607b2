/**
 * Counts in a Prometheus-compatible server after a remote write: `/api/v1/series` over the
 * replayed range counts series, and per metric name an instant `sum(count_over_time(name[range]))`
 * at its end counts samples (Prometheus refuses one query over all names: `count_over_time` drops
 * the name and leaves equal label sets). The query API is the write URL without `/api/v1/write`
 * (or --query-url); VictoriaMetrics is asked to flush first.
 */
import { createHttpClient, getJson, type HttpClient } from '../send/http.js';
import { pollCounts } from '../check/poll.js';
import type { Counts, VerifyContext } from '../types.js';

const ALL = '{__name__=~".+"}';
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The query base URL: --query-url, else the write URL with its remote write path removed. */
export function queryUrl(writeUrl: string, given: string | undefined): string {
  if (given) return given;
  const url = new URL(writeUrl);
  url.pathname = url.pathname.replace(/\/api\/v1\/write\/?$/, '').replace(/\/api\/v1\/push\/?$/, '');
  url.search = '';
  return url.toString();
}

async function instantValue(http: HttpClient, query: string, timeMs: number): Promise<number> {
  const params = new URLSearchParams({ query, time: seconds(timeMs) });
  const answer = (await getJson(http, `/api/v1/query?${params}`)) as { data?: { result?: { value?: [number, string] }[] } };
  const value = answer.data?.result?.[0]?.value?.[1];
  return value === undefined ? 0 : Number(value);
}

export async function countRemoteWrite(context: VerifyContext, expected: Counts, pollMs = 10_000): Promise<Counts> {
  const http = createHttpClient({ url: queryUrl(context.url, context.targetOptions['query-url']), headers: context.headers, connections: 1, timeoutMs: 30_000 });
  try {
    // VictoriaMetrics makes fresh samples searchable on demand; Prometheus answers 404 and needs nothing.
    await http.request('GET', '/internal/force_flush').catch(() => undefined);
    const window = `${Math.max(1, context.endMs - context.startMs + 1)}ms`;
    const range = new URLSearchParams({ 'match[]': ALL, start: seconds(context.startMs), end: seconds(context.endMs) });
    const read = async (): Promise<Counts> => {
      const series = ((await getJson(http, `/api/v1/series?${range}`)) as { data?: Record<string, string>[] }).data ?? [];
      const names = [...new Set(series.map((labels) => labels.__name__ ?? ''))].sort();
      let samples = 0;
      for (const name of names) samples += await instantValue(http, `sum(count_over_time({__name__=${JSON.stringify(name)}}[${window}]))`, context.endMs);
      return { samples, series: series.length };
    };
    return await pollCounts(read, expected, pollMs);
  } finally {
    http.close();
  }
}
