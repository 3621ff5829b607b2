/**
 * Which samples files a chart reads. Above 50M samples (30 days of k8s: 436M), charts of single
 * series and of latency quantiles read one partition's files only: the file name with the most
 * files, i.e. one partition's series for the whole timeline (a k8s partition owns its targets).
 */
import { basename, join } from 'node:path';
import { dataFiles } from '../dataset/open.js';
import { sqlString } from '../query/sql-text.js';
import type { ReportContext } from './context.js';
import type { MetricsTables } from './metrics-tables.js';

const BIG_SAMPLES_TABLE = 50_000_000;

export function isBigSamplesTable(context: ReportContext, tables: MetricsTables): boolean {
  return context.session.dataset.summary.tables[tables.samples.name]!.rows > BIG_SAMPLES_TABLE;
}

/**
 * A `read_parquet` of the files a chart reads (columns as written): every file, or one partition's
 * of a big table; only the `metrics`' directories when the table is partitioned by metric.
 */
export function samplesSource(context: ReportContext, tables: MetricsTables, options: { onePartition: boolean; metrics?: string[] }): string | undefined {
  let files = dataFiles(context.session.dataset, tables.samples.name);
  const { metrics } = options;
  if (metrics && tables.samples.partitionColumns?.includes('metric')) {
    const directories = new Set(metrics.map((metric) => `metric=${metric}`));
    files = files.filter((file) => file.split('/').some((part) => directories.has(part)));
  }
  if (options.onePartition && isBigSamplesTable(context, tables)) files = onePartitionFiles(files);
  if (files.length === 0) return undefined;
  return `read_parquet([${files.map((file) => sqlString(join(context.session.dataset.dir, file))).join(', ')}], hive_partitioning = false)`;
}

/** The files of the partition with the most files (ties: the first name). */
function onePartitionFiles(files: string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    const name = basename(file);
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name)!.push(file);
  }
  let best: string[] = [];
  for (const name of [...byName.keys()].sort()) if (byName.get(name)!.length > best.length) best = byName.get(name)!;
  return best;
}
