/** Files appear under their final names only when complete: write to a temp name, then rename. */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
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

/** Writes `data` to `root/relative` atomically and returns its size and sha256. */
export async function writeFileAtomic(root: string, relative: string, data: Uint8Array | string): Promise<{ bytes: number; sha256: string }> {
  const path = join(root, relative);
  const temp = `${path}.tmp-${process.pid}`;
  // Directories are made on the first miss only: a compile writes thousands of files into few of them.
  await writeFile(temp, data).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, data);
  });
  await rename(temp, path);
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  return { bytes, sha256: createHash('sha256').update(data).digest('hex') };
}
