/**
 * Target `victoriametrics`: samples tables → `POST /api/v1/import` (JSON lines, gzip optional),
 * labels from the series table; verify with `/internal/force_flush` + `/api/v1/query`;
 * accepted window from the `retentionPeriod` / `futureRetention` flags on `/metrics` (default 1 month);
 * --repair needs `-dedup.minScrapeInterval` (read from `/metrics`) so that a re-sent sample is a no-op.
 */
import { labelSetCountSql, summaryRows } from '../check/counts.js';
import { flagWindow } from '../check/retention.js';
import type { ReplayTarget } from '../types.js';
import { createImportEncoder, loadSeries } from './encode.js';
import { countSamplesInRange, countVictoriaMetrics, dedupRefusal } from './verify.js';

export const victoriaMetricsTarget: ReplayTarget = {
  name: 'victoriametrics',
  description: 'VictoriaMetrics /api/v1/import (JSON lines per series; samples + series tables)',
  roles: ['samples'],
  async createEncoder(_table, tables, context) {
    return createImportEncoder(await loadSeries(tables, context), context);
  },
  defaults: { batchSize: 20_000 },
  check: {
    expectedCounts: (_table, selection) => ['count(*) AS samples', labelSetCountSql(selection)],
    summaryCounts: (selected) => ({ samples: summaryRows(selected) }),
    verify: (context, expected) => countVictoriaMetrics(context, expected),
    window: (http) => flagWindow(http, { retentionPeriod: '1', futureRetention: '2d' }),
    countRange: countSamplesInRange,
    resendRefusal: dedupRefusal,
  },
};
