/**
 * Target `victorialogs`: logs tables → `POST /insert/jsonline` (few connections, large bodies);
 * verify with `GET /select/logsql/query?query=_time:[start, end) | stats count() as n`;
 * accepted window from the `retentionPeriod` / `futureRetention` flags on `/metrics` (default 7 days).
 */
import { flagWindow } from '../check/retention.js';
import { summaryRows } from '../check/counts.js';
import type { ReplayTarget } from '../types.js';
import { createJsonlineEncoder } from './encode.js';
import { countVictoriaLogs } from './verify.js';

export const victoriaLogsTarget: ReplayTarget = {
  name: 'victorialogs',
  description: 'VictoriaLogs /insert/jsonline (stream, time and message fields from the table declaration)',
  roles: ['logs'],
  createEncoder: (table, _tables, context) => createJsonlineEncoder(table, context),
  // Lines are rendered from one file at a time: a second DuckDB thread only added synchronisation
  // (measured: ~10 % more CPU per log and no faster).
  defaults: { readerThreads: 1 },
  check: {
    expectedCounts: () => ['count(*) AS logs'],
    summaryCounts: (selected) => ({ logs: summaryRows(selected) }),
    verify: (context, expected) => countVictoriaLogs(context, expected),
    window: (http) => flagWindow(http, { retentionPeriod: '7d', futureRetention: '2d' }),
  },
};
