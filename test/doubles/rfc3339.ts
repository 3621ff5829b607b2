/**
 * Epoch milliseconds of a JSON time string as the VictoriaLogs double reads it: exactly what
 * Date.parse returns for the text (NaN when it rejects it). The usual form, `"YYYY-MM-DDTHH:MM:SS
 * [.mmm]Z"` with in-range fields, is read from the bytes by a digit parser; every other text
 * (other precisions, offsets, escapes, out-of-range fields) goes to Date.parse itself.
 */

const QUOTE = 0x22;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Value of `count` ASCII digits at bytes[at], or -1 when one of them is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The JSON string value at bytes[start, end) (quotes included) as epoch ms, like Date.parse of its text. */
export function parseTimeValue(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start - 2;
  if (bytes[start] === QUOTE && (length === 20 || length === 24) && bytes[end - 2] === 0x5a) {
    const at = start + 1;
    const year = digits(bytes, at, 4);
    const month = digits(bytes, at + 5, 2);
    const day = digits(bytes, at + 8, 2);
    const hour = digits(bytes, at + 11, 2);
    const minute = digits(bytes, at + 14, 2);
    const second = digits(bytes, at + 17, 2);
    const ms = length === 24 ? (bytes[at + 19] === 0x2e ? digits(bytes, at + 20, 3) : -1) : 0;
    const separators = bytes[at + 4] === 0x2d && bytes[at + 7] === 0x2d && bytes[at + 10] === 0x54 && bytes[at + 13] === 0x3a && bytes[at + 16] === 0x3a;
    // Years below 100 are left to Date.parse: Date.UTC would read them as 19xx.
    if (separators && year >= 100 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && ms >= 0) {
      const days = month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
      if (day <= days) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return bytes[start] === QUOTE ? Date.parse(stringValue(bytes, start, end)) : Number.NaN;
}

/** The text of the JSON string at bytes[start, end) (quotes included); decoded by JSON.parse only when it has escapes or non-ASCII. */
function stringValue(bytes: Uint8Array, start: number, end: number): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  for (let i = 1; i < text.length - 1; i++) {
    if (text[i] === 0x5c || text[i]! >= 0x80) return JSON.parse(text.toString('utf8')) as string;
  }
  return text.toString('latin1', 1, text.length - 1);
}
