/** Query results written by DuckDB's own writers (CSV, JSON array, Parquet), to a file or stdout. */
import { createReadStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TeleforgeError } from '../errors.js';
import { sqlString } from './sql-text.js';
import type { QuerySession } from './session.js';

export type ExportFormat = 'csv' | 'json' | 'parquet';

const COPY_OPTIONS: Record<ExportFormat, string> = {
  csv: 'FORMAT csv, HEADER true',
  json: 'FORMAT json, ARRAY true',
  parquet: 'FORMAT parquet, COMPRESSION zstd',
};

/** Writes the result of `sql` to `out` (temp name, then rename), or to stdout when `out` is absent. */
export async function exportQuery(session: QuerySession, sql: string, format: ExportFormat, out?: string): Promise<void> {
  // As a subquery, DESCRIBE, SHOW and SUMMARIZE export too.
  const select = `FROM (${sql.trim().replace(/;+\s*$/, '')})`;
  if (out) {
    const temp = `${out}.tmp-${process.pid}`;
    try {
      await session.read(`COPY (${select}) TO ${sqlString(temp)} (${COPY_OPTIONS[format]})`);
      await rename(temp, out);
    } catch (error) {
      // The temp name is ours; the user named `out`.
      if (error instanceof TeleforgeError) throw new TeleforgeError(error.code, error.message.replaceAll(temp, out), error.exitCode);
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'teleforge-query-'));
  try {
    const file = join(dir, `result.${format}`);
    await session.read(`COPY (${select}) TO ${sqlString(file)} (${COPY_OPTIONS[format]})`);
    await pipeline(createReadStream(file), process.stdout, { end: false }).catch(ignoreClosedPipe);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `teleforge query … | head` closes stdout early: not an error. */
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}
