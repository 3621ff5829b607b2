/** Files appear under their final names only when complete: write to a temp name, then rename. */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
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

/**
 * Like writeFileAtomic, for a file produced in pieces: `produce` hands each chunk to `write`, which
 * hashes and writes it straight away, so the whole file is never in memory at once.
 */
export function writeStreamAtomic(root: string, relative: string, produce: (write: (chunk: Uint8Array | string) => void) => void): { bytes: number; sha256: string } {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    produce((chunk) => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(data);
      bytes += data.byteLength;
      writeSync(fd, data);
    });
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  return { bytes, sha256: hash.digest('hex') };
}
