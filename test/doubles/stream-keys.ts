/**
 * The stream of a stored line: its stream fields' values as canonical JSON (absent or null count
 * as ""), e.g. `[["service","api"],["level","INFO"]]`. The lines of one stream nearly always spell
 * their values with the same bytes, so each key is built once and found again by those bytes
 * (hashed, then compared), without a string per line.
 */

const QUOTE = 0x22;
const ABSENT = 0xffffffff;

export class StreamKeys {
  private readonly prefixes: string[];
  private readonly known = new Map<number, { signature: Uint8Array; key: string }[]>();
  /** The values' bytes of the current line, each after its 4-byte length (ABSENT when missing). */
  private signature = new Uint8Array(256);

  constructor(names: string[]) {
    this.prefixes = names.map((name) => `[${JSON.stringify(name)},`);
  }

  /** The key of the line whose field i has its value at bytes[starts[first + i], ends[first + i]) (start -1: absent). */
  key(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, first: number): string {
    const length = this.sign(bytes, starts, ends, first);
    const signature = this.signature;
    let hash = 0x811c9dc5;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ signature[i]!, 0x01000193);
    let bucket = this.known.get(hash);
    for (const entry of bucket ?? []) {
      if (entry.signature.length === length && sameBytes(entry.signature, signature, length)) return entry.key;
    }
    const key = this.build(bytes, starts, ends, first);
    if (!bucket) this.known.set(hash, (bucket = []));
    bucket.push({ signature: signature.slice(0, length), key });
    return key;
  }

  private sign(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, first: number): number {
    let length = 0;
    for (let i = 0; i < this.prefixes.length; i++) {
      const from = starts[first + i]!;
      const size = from < 0 ? 0 : ends[first + i]! - from;
      if (length + 4 + size > this.signature.length) {
        const grown = new Uint8Array(2 * (length + 4 + size));
        grown.set(this.signature.subarray(0, length));
        this.signature = grown;
      }
      const signature = this.signature;
      const written = from < 0 ? ABSENT : size;
      signature[length] = written & 0xff;
      signature[length + 1] = (written >>> 8) & 0xff;
      signature[length + 2] = (written >>> 16) & 0xff;
      signature[length + 3] = written >>> 24;
      length += 4;
      // A byte loop: values are short, and a subarray per value would cost more than it copies.
      for (let j = 0; j < size; j++) signature[length + j] = bytes[from + j]!;
      length += size;
    }
    return length;
  }

  private build(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, first: number): string {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    let key = '[';
    for (let i = 0; i < this.prefixes.length; i++) {
      const from = starts[first + i]!;
      const raw = from < 0 ? 'null' : text.toString('utf8', from, ends[first + i]);
      const canonical = raw === 'null' ? '""' : text[from] === QUOTE && !raw.includes('\\') ? raw : JSON.stringify(JSON.parse(raw));
      key += `${i > 0 ? ',' : ''}${this.prefixes[i]}${canonical}]`;
    }
    return `${key}]`;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
