/**
 * The window a remote write server keeps, from what it reports. VictoriaMetrics exports its flags
 * on `/metrics` (same window as its import API). Prometheus appends only to its head block: a sample
 * older than the head's newest time minus half the block range (`storage.tsdb.min-block-duration`,
 * 2h) is refused "out of bounds", or minus `out_of_order_time_window` when that is larger ("too
 * old"); and what is older than `storage.tsdb.retention.time` is deleted at the next compaction.
 * The head's newest time is at least the server's clock for a Prometheus that scrapes anything.
 */
import { flagValue, flagWindow, parseVmDuration } from '../check/retention.js';
import { getJson, type HttpClient } from '../send/http.js';
import type { AcceptedWindow } from '../types.js';
import { queryUrl } from './verify.js';

/** Prometheus' retention when `storage.tsdb.retention.time` is 0 (and no size limit is set). */
const PROMETHEUS_DEFAULT_RETENTION = '15d';

/** The window of the server behind a remote write URL, or null when it is neither VictoriaMetrics nor Prometheus. */
export async function remoteWriteWindow(http: HttpClient, nowMs = Date.now()): Promise<AcceptedWindow | null> {
  const server = http.under(new URL(queryUrl(http.describe(), undefined)).pathname);
  const metrics = await server.request('GET', '/metrics');
  if (metrics.status === 200 && flagValue(metrics.text, 'retentionPeriod') !== undefined) {
    return flagWindow(server, { retentionPeriod: '1', futureRetention: '2d' });
  }
  const flags = ((await getJson(server, '/api/v1/status/flags')) as { data?: Record<string, string> }).data ?? {};
  const config = ((await getJson(server, '/api/v1/status/config')) as { data?: { yaml?: string } }).data?.yaml ?? '';
  const head = ((await getJson(server, '/api/v1/status/tsdb')) as { data?: { headStats?: { maxTime?: number } } }).data?.headStats;
  // An empty head reports maxTime as the smallest int64.
  const headMax = head?.maxTime !== undefined && head.maxTime > 0 ? head.maxTime : undefined;
  return prometheusWindow(flags, config, headMax, nowMs);
}

/** Prometheus' window from its flags, config and head statistics; `nowMs` is our clock. */
export function prometheusWindow(flags: Record<string, string>, configYaml: string, headMaxMs: number | undefined, nowMs: number): AcceptedWindow | null {
  const retentionFlag = flags['storage.tsdb.retention.time'];
  const blockFlag = flags['storage.tsdb.min-block-duration'] ?? '2h';
  if (retentionFlag === undefined) return null;
  const retentionText = parseVmDuration(retentionFlag) ? retentionFlag : PROMETHEUS_DEFAULT_RETENTION;
  const retention = parseVmDuration(retentionText)!;
  const oooText = /^\s*out_of_order_time_window:\s*(\S+)/m.exec(configYaml)?.[1] ?? '0s';
  const ooo = parseVmDuration(oooText) ?? 0;
  const inOrder = (parseVmDuration(blockFlag) ?? 7_200_000) / 2;
  // A head already ahead of our clock narrows the window by as much.
  const ahead = headMaxMs !== undefined && headMaxMs > nowMs ? headMaxMs - nowMs : 0;
  const head = Math.max(inOrder, ooo) - ahead;
  const answer = 'refuse them ("out of bounds" / "too old") or delete them at its next compaction';
  if (retention <= head) return { answer, past: { ms: retention, limit: `--storage.tsdb.retention.time=${retentionText}` } };
  const limit = ooo > inOrder ? `out_of_order_time_window=${oooText}` : `out_of_order_time_window=${oooText} (in-order appends reach back half of --storage.tsdb.min-block-duration=${blockFlag})`;
  return { answer, past: { ms: Math.max(0, head), limit, name: 'head block window' } };
}
