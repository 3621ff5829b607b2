/** JSON-lines files, optionally zstd-compressed (`.jsonl.zst`, one zstd frame per 4 MiB chunk). */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Table } from 'apache-arrow';
import { compress } from 'zstd-napi';
import type { Batch } from '../sim/types.js';
import { JsonlWriter } from './jsonl-writer.js';

/** Writes a batch as JSON lines to `root/relative` (temp name, then rename). Synchronous by design. */
export function writeJsonlFile(root: string, relative: string, batch: Batch, zstd: boolean): { bytes: number; sha256: string; rows: number } {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  const writer = new JsonlWriter((chunk) => {
    const data = zstd ? compress(chunk) : chunk;
    hash.update(data);
    bytes += data.byteLength;
    writeSync(fd, data);
  });
  try {
    if (batch.writeJsonl) batch.writeJsonl(writer);
    else writeRowsGeneric(writer, batch.data);
    writer.flush();
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  return { bytes, sha256: hash.digest('hex'), rows: writer.rows };
}

/** Any Arrow table, row by row; 64-bit integers as JSON numbers when exact, else strings. */
function writeRowsGeneric(out: JsonlWriter, table: Table): void {
  for (const row of table) {
    out.raw(JSON.stringify(row?.toJSON() ?? null, jsonValue));
    out.endRow();
  }
}

function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') return value.toJSON();
  return value;
}
