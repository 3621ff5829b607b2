/** Files appear under their final names only when complete: write to a temp name, then rename. */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FileRecord {
  /** Path relative to the dataset directory, with forward slashes. */
  path: string;
  table: string;
  format: 'parquet' | 'jsonl';
  date: string | null;
  rows: number;
  bytes: number;
  sha256: string;
}

/**
 * Writes `data` to `root/relative` atomically and returns its size and sha256. Synchronous on
 * purpose: the callers (compile workers, one partition at a time) have nothing else to do while a
 * file is written, and the thread-pool round trips of fs/promises cost more CPU than the writes.
 */
export async function writeFileAtomic(root: string, relative: string, data: Uint8Array | string): Promise<{ bytes: number; sha256: string }> {
  const path = join(root, relative);
  const temp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, data);
  } catch (error) {
    // Directories are made on the first miss only: a compile writes thousands of files into few of them.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, data);
  }
  renameSync(temp, path);
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  return { bytes, sha256: createHash('sha256').update(data).digest('hex') };
}
