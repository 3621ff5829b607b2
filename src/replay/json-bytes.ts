/**
 * A growable byte buffer that writes JSON text straight as bytes: numbers exactly as JavaScript
 * prints them (String(n), the shortest round-trip form that JSON.stringify and Array#join use),
 * integers through a digit loop instead of a string per number. One writer is reused for every
 * body; `take()` copies the finished body out.
 */

/** "00" … "99" as byte pairs: integers are written two digits at a time. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 0x30 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 0x30 + (i % 10);
}

/** Integers below this print as plain digits and fit the two-part digit loop exactly. */
const DIGIT_LOOP_LIMIT = Number.MAX_SAFE_INTEGER;

export class JsonBytes {
  private buffer: Uint8Array;
  length = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = new Uint8Array(initialBytes);
  }

  /** Makes room for `bytes` more bytes (call before the unchecked writes below). */
  reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Copies out what was written and starts over. */
  take(): Uint8Array {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    return out;
  }

  /** The following writes assume `reserve` made room for them. */
  bytes(data: Uint8Array): void {
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  byte(value: number): void {
    this.buffer[this.length++] = value;
  }

  /** `value` exactly as String(value) prints it: at most 25 bytes. */
  number(value: number): void {
    if (Number.isInteger(value) && value < DIGIT_LOOP_LIMIT && value > -DIGIT_LOOP_LIMIT) {
      // -0 prints as "0" (as String(-0) does).
      if (value < 0) {
        this.buffer[this.length++] = 0x2d;
        value = -value;
      }
      this.safeInteger(value);
    } else {
      this.ascii(String(value));
    }
  }

  /** A non-negative safe integer, as two digit runs of at most 8 digits each. */
  private safeInteger(value: number): void {
    if (value < 1e8) return this.digits(value, 0);
    let high = Math.floor(value / 1e8);
    let low = value - high * 1e8;
    // Near 2^53 the division can round up to the next integer.
    if (low < 0) {
      high--;
      low += 1e8;
    }
    this.digits(high, 0);
    this.digits(low, 8);
  }

  /** `value` < 1e8 in decimal, left-padded with zeros to `width` digits (int32 arithmetic). */
  private digits(value: number, width: number): void {
    let count = value < 10 ? 1 : value < 100 ? 2 : value < 1e3 ? 3 : value < 1e4 ? 4 : value < 1e5 ? 5 : value < 1e6 ? 6 : value < 1e7 ? 7 : 8;
    if (count < width) count = width;
    const buffer = this.buffer;
    const first = this.length;
    let at = first + count;
    this.length = at;
    let rest = value | 0;
    while (rest >= 100) {
      const next = (rest / 100) | 0;
      const pair = (rest - next * 100) << 1;
      rest = next;
      buffer[--at] = PAIRS[pair + 1]!;
      buffer[--at] = PAIRS[pair]!;
    }
    if (rest >= 10) {
      buffer[--at] = PAIRS[(rest << 1) + 1]!;
      buffer[--at] = PAIRS[rest << 1]!;
    } else {
      buffer[--at] = 0x30 + rest;
    }
    while (at > first) buffer[--at] = 0x30;
  }

  /** Text known to be ASCII (number renderings). */
  private ascii(text: string): void {
    const buffer = this.buffer;
    for (let i = 0; i < text.length; i++) buffer[this.length++] = text.charCodeAt(i);
  }
}
