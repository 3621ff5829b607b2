/**
 * Target `remote-write`: samples tables → Prometheus remote write 1.0 (`POST` to --url, e.g.
 * http://127.0.0.1:9090/api/v1/write): snappy-compressed protobuf WriteRequests, labels from the
 * series table. Verify counts with PromQL on the same server (or --query-url).
 */
import { labelSetCountSql } from '../series-count.js';
import { badArgument } from '../../errors.js';
import { createHttpClient } from '../http.js';
import { DEFAULT_RETRY } from '../retry.js';
import { httpSender } from '../sender.js';
import type { ReplayTarget } from '../types.js';
import { createRemoteWriteEncoder, loadSeriesLabels } from './encode.js';
import { REMOTE_WRITE_OPTIONS } from './options.js';
import { countRemoteWrite } from './verify.js';

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
  defaultWorkers: 2,
  defaultBatchSize: 10_000,
  options: REMOTE_WRITE_OPTIONS,
  async createEncoder(_table, tables, context) {
    return createRemoteWriteEncoder(await loadSeriesLabels(tables, context), context);
  },
  expectedCounts: (_table, selection) => ['count(*) AS samples', labelSetCountSql(selection)],
  summaryCounts: (selected) => ({
    samples: selected.reduce((sum, table) => sum + table.summaryRows, 0),
  }),
  verify: (context, expected) => countRemoteWrite(context, expected),
  retentionMs: async () => null,
  // The engine's HTTP sender, posting to the full --url (the remote write endpoint itself).
  createSender(context) {
    if (context.gzip) throw badArgument('--gzip: remote write bodies are snappy-compressed already');
    const http = createHttpClient({ url: writeUrl(context.url), headers: context.headers, connections: context.workers, timeoutMs: context.timeoutMs });
    return { ...httpSender(http, { ...DEFAULT_RETRY, maxRetries: context.maxRetries }, context.metrics, context.stopped), rejected: () => ({}), close: () => http.close() };
  },
};
