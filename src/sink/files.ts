/** Files appear under their final names only when complete: write to a temp name, then rename. */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
  return writeStreamAtomic(root, relative, (write) => write(data));
}

/**
 * Writes a file produced in pieces to a temp name, then renames it: `produce` hands each chunk to
 * `write`, which hashes and writes it straight away, so the whole file is never in memory at once.
 */
export function writeStreamAtomic(root: string, relative: string, produce: (write: (chunk: Uint8Array | string) => void) => void): { bytes: number; sha256: string } {
  const path = join(root, relative);
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openCreatingDirectory(temp);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    produce((chunk) => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(data);
      bytes += data.byteLength;
      // write(2) may take less than asked (2 GiB at most per call), so loop as writeFileSync does.
      for (let offset = 0; offset < data.byteLength; ) offset += writeSync(fd, data, offset);
    });
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  return { bytes, sha256: hash.digest('hex') };
}

/** Directories are made on the first miss only: a compile writes thousands of files into few of them. */
function openCreatingDirectory(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    makeDirectories(dirname(path));
    return openSync(path, 'w');
  }
}

/**
 * `mkdir -p` one level at a time. Node's `{ recursive: true }` loops forever where mkdir(2) answers
 * ENOENT below a parent that exists (`/proc/teleforge`), and on a read-only file system reports
 * ENOENT instead of EROFS; here the first level that cannot be made throws its own error.
 */
export function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let current = resolve(path); !existsSync(current) && dirname(current) !== current; current = dirname(current)) missing.push(current);
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Another worker made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
