/** A small compiled k8s dataset for the query tests, and ways to tamper with copies of it. */
import { openDataset } from '../../src/dataset/open.js';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Summary } from '../../src/dataset/summary.js';
import { openDuckDB } from '../../src/util/duckdb.js';
import { openSession, type QuerySession } from '../../src/query/session.js';
import { FIXTURES, compileDataset, tempDir } from '../helpers.js';

/** By default 30 hours: two `date=` partitions (the second one short), every anomaly kind present. */
export function compileFixture(duration = '30h', extra: string[] = []): string {
  const dir = join(tempDir('teleforge-query-'), 'k8s');
  compileDataset(join(FIXTURES, 'k8s-test.yaml'), dir, ['--duration', duration, '--quiet', ...extra]);
  return dir;
}

export function copyDataset(dir: string): string {
  const copy = join(tempDir('teleforge-tamper-'), 'k8s');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Every samples Parquet file, in path order (below `date=…/metric=…/`). */
export function samplesFiles(dir: string): string[] {
  const root = join(dir, 'metrics/samples');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.parquet'))
    .sort()
    .map((path) => join(root, path));
}

/**
 * Rewrites Parquet files through DuckDB: `select` is a query over the view `f` (one file, columns
 * as written, no hive columns). The rewritten file replaces the original and summary.json records
 * its new size (the dataset stays openable: its content is what the tests tamper with).
 */
export async function rewriteParquet(files: string[], select: string): Promise<void> {
  const { instance, connection } = await openDuckDB();
  try {
    for (const file of files) {
      await connection.run(`CREATE OR REPLACE VIEW f AS SELECT * FROM read_parquet('${file}', hive_partitioning = false)`);
      await connection.run(`COPY (${select}) TO '${file}.new' (FORMAT parquet)`);
      renameSync(`${file}.new`, file);
      recordSize(file);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The default fixture compiled, with a query session over it (close it `after`). */
export async function openFixture(): Promise<{ dir: string; session: QuerySession }> {
  const dir = compileFixture();
  return { dir, session: await openSession(openDataset(dir)) };
}

/** Records a rewritten file's size in its dataset's summary.json (the nearest one above it). */
export function recordSize(file: string): void {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'summary.json'))) dir = dirname(dir);
  const summaryPath = join(dir, 'summary.json');
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
  const path = relative(dir, file);
  for (const table of Object.values(summary.tables)) for (const entry of table.files) if (entry.path === path) entry.bytes = statSync(file).size;
  writeFileSync(summaryPath, JSON.stringify(summary, null, 2));
}
