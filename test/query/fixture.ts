/** A small compiled k8s dataset for the query tests, and ways to tamper with copies of it. */
import { openDataset } from '../../src/dataset/open.js';
import { cpSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
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
 * as written, no hive columns). The rewritten file replaces the original.
 */
export async function rewriteParquet(files: string[], select: string): Promise<void> {
  const { instance, connection } = await openDuckDB();
  try {
    for (const file of files) {
      await connection.run(`CREATE OR REPLACE VIEW f AS SELECT * FROM read_parquet('${file}', hive_partitioning = false)`);
      await connection.run(`COPY (${select}) TO '${file}.new' (FORMAT parquet)`);
      renameSync(`${file}.new`, file);
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
