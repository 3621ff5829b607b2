/** What a data file really holds: size, sha256 and row count, read from the file itself. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Writable, type Readable } from 'node:stream';
import { DecompressStream } from 'zstd-napi';
import type { QuerySession } from './session.js';
import { sqlString } from './sql-text.js';

export async function fileBytesAndHash(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return { bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}

/** Rows of a Parquet file from its footer (DuckDB reads it), or lines of a JSONL file. */
export async function fileRows(session: QuerySession, path: string): Promise<number> {
  if (path.endsWith('.parquet')) {
    const [row] = await session.rows(`SELECT num_rows FROM parquet_file_metadata(${sqlString(path)})`);
    return Number(row?.num_rows ?? 0);
  }
  const source: Readable = createReadStream(path);
  let lines = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      done();
    },
  });
  if (path.endsWith('.zst')) await pipeline(source, new DecompressStream(), counter);
  else await pipeline(source, counter);
  return lines;
}
