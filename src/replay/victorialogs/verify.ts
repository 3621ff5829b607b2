/** Counts in VictoriaLogs: `* | stats count() as n` over the replayed time range, polled until stable. */
import { getJson, type HttpClient } from '../send/http.js';
import { pollCounts } from '../check/poll.js';
import type { Counts, VerifyContext } from '../types.js';

export function countQuery(startMs: number, endMs: number): string {
  return `_time:[${new Date(startMs).toISOString()}, ${new Date(endMs + 1).toISOString()}) | stats count() as n`;
}

async function count(http: HttpClient, query: string): Promise<number> {
  const answer = (await getJson(http, `/select/logsql/query?${new URLSearchParams({ query })}`)) as { n?: string } | null;
  return Number(answer?.n ?? 0);
}

export async function countVictoriaLogs(context: VerifyContext, expected: Counts, pollMs = 10_000): Promise<Counts> {
  const query = countQuery(context.startMs, context.endMs);
  return pollCounts(async () => ({ logs: await count(context.http, query) }), expected, pollMs);
}
