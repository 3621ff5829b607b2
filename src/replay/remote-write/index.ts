/**
 * Target `remote-write`: samples tables → Prometheus remote write 1.0 (`POST` to --url, e.g.
 * http://127.0.0.1:9090/api/v1/write): snappy-compressed protobuf WriteRequests, labels from the
 * series table. Verify counts with PromQL on the same server (or --query-url); the accepted window
 * from Prometheus' or VictoriaMetrics' own status (window.ts).
 */
import { badArgument } from '../../errors.js';
import { labelSetCountSql, summaryRows } from '../check/counts.js';
import { createHttpClient } from '../send/http.js';
import { httpPostTransport } from '../send/http-post.js';
import type { ReplayTarget } from '../types.js';
import { createRemoteWriteEncoder, loadSeriesLabels } from './encode.js';
import { countRemoteWrite } from './verify.js';
import { remoteWriteWindow } from './window.js';

/** --url as given, or with the standard `/api/v1/write` path when it names only the server. */
export function writeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/api/v1/write';
  return parsed.toString();
}

export const remoteWriteTarget: ReplayTarget = {
  name: 'remote-write',
  description: 'Prometheus remote write 1.0 (snappy protobuf; Prometheus, VictoriaMetrics, Mimir, Thanos, ...)',
  roles: ['samples'],
  async createEncoder(_table, tables, context) {
    return createRemoteWriteEncoder(await loadSeriesLabels(tables, context), context);
  },
  check: {
    expectedCounts: (_table, selection) => ['count(*) AS samples', labelSetCountSql(selection)],
    summaryCounts: (selected) => ({ samples: summaryRows(selected) }),
    verify: (context, expected) => countRemoteWrite(context, expected),
    window: (http) => remoteWriteWindow(http),
  },
  // The plain HTTP POST transport, posting to the full --url (the remote write endpoint itself).
  createTransport(context) {
    if (context.gzip) throw badArgument('--gzip: remote write bodies are snappy-compressed already');
    return httpPostTransport(createHttpClient({ url: writeUrl(context.url), headers: context.headers, connections: context.workers, timeoutMs: context.timeoutMs }));
  },
};
