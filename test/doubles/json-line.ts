/**
 * Checks that a line of bytes is exactly one JSON object (RFC 8259 syntax, whitespace around it
 * allowed) without building it, and finds where the values of chosen top-level keys lie. The
 * VictoriaLogs double runs it on every line it receives: JSON.parse would build objects only to
 * throw them away.
 */

export interface LineFields {
  /** Byte range [start, end) of each wanted key's value, or -1 when the key is absent. */
  starts: Int32Array;
  ends: Int32Array;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ESCAPABLE = new Set([...'"\\/bfnrtu'].map((c) => c.charCodeAt(0)));
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const isHex = (byte: number) => isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);

class Malformed extends Error {}

export class JsonLineChecker {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  /** Whether the last string scanned had an escape. */
  private escaped = false;
  /** Wanted keys as the bytes of their JSON string form (`"name"`). */
  private readonly keys: Uint8Array[];
  readonly fields: LineFields;

  constructor(private readonly names: string[]) {
    this.keys = names.map((name) => Buffer.from(JSON.stringify(name)));
    this.fields = { starts: new Int32Array(names.length), ends: new Int32Array(names.length) };
  }

  /** Undefined when bytes[start, end) is one JSON object; else 'not JSON' or 'not an object' (another JSON value). */
  check(bytes: Uint8Array, start: number, end: number): 'not JSON' | 'not an object' | undefined {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    this.fields.starts.fill(-1);
    try {
      this.space();
      const object = this.peek() === 0x7b;
      if (object) this.object(true);
      else this.value();
      this.space();
      if (this.at !== this.end) return 'not JSON';
      return object ? undefined : 'not an object';
    } catch (error) {
      if (error instanceof Malformed) return 'not JSON';
      throw error;
    }
  }

  private peek(): number {
    return this.at < this.end ? this.bytes[this.at]! : -1;
  }

  private expect(byte: number): void {
    if (this.peek() !== byte) throw new Malformed();
    this.at++;
  }

  private space(): void {
    for (let byte = this.peek(); byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d; byte = this.peek()) this.at++;
  }

  private value(): void {
    const byte = this.peek();
    if (byte === 0x7b) this.object(false);
    else if (byte === 0x5b) this.array();
    else if (byte === QUOTE) this.string();
    else if (byte === 0x2d || isDigit(byte)) this.number();
    else if (byte === 0x74) this.literal('true');
    else if (byte === 0x66) this.literal('false');
    else if (byte === 0x6e) this.literal('null');
    else throw new Malformed();
  }

  private object(top: boolean): void {
    this.expect(0x7b);
    this.space();
    if (this.peek() === 0x7d) return void this.at++;
    for (;;) {
      const keyStart = this.at;
      this.string();
      const keyEnd = this.at;
      const keyEscaped = this.escaped;
      this.space();
      this.expect(0x3a);
      this.space();
      const valueStart = this.at;
      this.value();
      if (top) this.record(keyStart, keyEnd, keyEscaped, valueStart);
      this.space();
      if (this.peek() === 0x7d) return void this.at++;
      this.expect(0x2c);
      this.space();
    }
  }

  private array(): void {
    this.expect(0x5b);
    this.space();
    if (this.peek() === 0x5d) return void this.at++;
    for (;;) {
      this.value();
      this.space();
      if (this.peek() === 0x5d) return void this.at++;
      this.expect(0x2c);
      this.space();
    }
  }

  /** A JSON string at `at` (the hottest path: one pass over the bytes in locals). */
  private string(): void {
    const bytes = this.bytes;
    const end = this.end;
    let at = this.at;
    if (at >= end || bytes[at] !== QUOTE) throw new Malformed();
    at++;
    this.escaped = false;
    for (;;) {
      if (at >= end) throw new Malformed();
      const byte = bytes[at++]!;
      if (byte === QUOTE) break;
      if (byte < 0x20) throw new Malformed();
      if (byte !== BACKSLASH) continue;
      this.escaped = true;
      if (at >= end || !ESCAPABLE.has(bytes[at]!)) throw new Malformed();
      if (bytes[at++] === 0x75) {
        for (let i = 0; i < 4; i++) {
          if (at >= end || !isHex(bytes[at]!)) throw new Malformed();
          at++;
        }
      }
    }
    this.at = at;
  }

  private number(): void {
    if (this.peek() === 0x2d) this.at++;
    if (this.peek() === 0x30) this.at++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.at++;
      this.digits();
    }
    if (this.peek() === 0x65 || this.peek() === 0x45) {
      this.at++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.at++;
      this.digits();
    }
  }

  private digits(): void {
    if (!isDigit(this.peek())) throw new Malformed();
    while (isDigit(this.peek())) this.at++;
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) this.expect(word.charCodeAt(i));
  }

  /** Where the value of the key spelled by bytes[keyStart, keyEnd) lies, if it is wanted (a repeated key keeps its last value, as JSON.parse does). */
  private record(keyStart: number, keyEnd: number, keyEscaped: boolean, valueStart: number): void {
    const length = keyEnd - keyStart;
    let decoded: string | undefined;
    for (let k = 0; k < this.keys.length; k++) {
      const key = this.keys[k]!;
      let same = key.length === length;
      for (let i = 0; i < length && same; i++) same = key[i] === this.bytes[keyStart + i];
      // A key written with escapes is compared decoded.
      if (!same && keyEscaped) {
        decoded ??= JSON.parse(Buffer.from(this.bytes.subarray(keyStart, keyEnd)).toString('utf8')) as string;
        same = decoded === this.names[k];
      }
      if (same) {
        this.fields.starts[k] = valueStart;
        this.fields.ends[k] = this.at;
      }
    }
  }
}
