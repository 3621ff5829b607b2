/**
 * Values identified by the bytes of one or more text columns of a row (a row's resource, a MAP
 * column's entries), found through a hash DuckDB computes beside the columns (`hashSql`) and
 * confirmed byte for byte: a hash collision only costs a comparison, never a wrong value.
 */
import type { Utf8Column } from '../read/utf8-column.js';

/** SQL of the 31-bit hash of `expressions` (read as an int column). */
export function hashSql(expressions: string[]): string {
  return expressions.length === 0 ? '0' : `(hash(${expressions.join(', ')}) >> 33)::INTEGER`;
}

interface Entry {
  /** Each column's bytes of the row that made the entry (null for NULL). */
  keys: (Uint8Array | null)[];
  id: number;
}

export class BytesInterner {
  private readonly byHash = new Map<number, Entry[]>();
  private count = 0;

  /** The id of the row's key, or −1 when it is new (then `add` it). */
  find(hash: number, columns: Utf8Column[], row: number): number {
    const entries = this.byHash.get(hash);
    if (entries !== undefined) for (const entry of entries) if (matches(entry, columns, row)) return entry.id;
    return -1;
  }

  /** Records the row's key under a new id. */
  add(hash: number, columns: Utf8Column[], row: number): number {
    let entries = this.byHash.get(hash);
    if (entries === undefined) this.byHash.set(hash, (entries = []));
    const id = this.count++;
    entries.push({ id, keys: columns.map((column) => (column.length[row]! < 0 ? null : column.data.slice(column.start[row]!, column.start[row]! + column.length[row]!))) });
    return id;
  }
}

function matches(entry: Entry, columns: Utf8Column[], row: number): boolean {
  for (let c = 0; c < columns.length; c++) {
    const key = entry.keys[c]!;
    const column = columns[c]!;
    const length = column.length[row]!;
    if (key === null) {
      if (length >= 0) return false;
      continue;
    }
    if (length !== key.length) return false;
    const data = column.data;
    const start = column.start[row]!;
    for (let i = 0; i < length; i++) if (data[start + i] !== key[i]) return false;
  }
  return true;
}
