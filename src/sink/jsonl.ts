/** JSON-lines files, optionally zstd-compressed (`.jsonl.zst`, one zstd frame per 4 MiB chunk). */
import type { Table } from 'apache-arrow';
import { compress } from 'zstd-napi';
import type { Batch } from '../contract/batch.js';
import { writeStreamAtomic } from './files.js';
import { JsonlWriter } from '../bytes/jsonl-writer.js';

/** Writes a batch as JSON lines to `root/relative` (temp name, then rename). Synchronous by design. */
export function writeJsonlFile(root: string, relative: string, batch: Batch, zstd: boolean): { bytes: number; sha256: string; rows: number } {
  let rows = 0;
  const written = writeStreamAtomic(root, relative, (write) => {
    const writer = new JsonlWriter((chunk) => write(zstd ? compress(chunk) : chunk));
    if (batch.writeJsonl) batch.writeJsonl(writer);
    else writeRowsGeneric(writer, batch.data);
    writer.flush();
    rows = writer.rows;
  });
  return { ...written, rows };
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
