/**
 * The writer's long loops, each alone in a function with nothing after the loop but the return of
 * its results. V8 optimizes a long loop on the stack (OSR) during its first call, before the code after
 * the loop has ever run; that code then has no type feedback, and the cached on-stack code
 * deoptimized there on every later call (a 30-day k8s worker: ~1,300 deopts, and each call's loop
 * ran unoptimized until the next on-stack entry, boxing every value: 120 MiB of garbage a
 * partition). `warmUp` below runs each kernel on tiny inputs of every element type it meets, often
 * enough for V8 to keep feedback, so its code after the loop has it before the first long call.
 */

const TWO_32 = 4294967296;

/** Smallest and largest value (NaN never enters: it never compares). */
export interface Range {
  min: number;
  max: number;
}

/** Signed int64 values given as little-endian 32-bit word pairs, as exact doubles in `out`. */
export function signedWordsToNumbers(words: Int32Array, count: number, out: Float64Array): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const value = words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0);
    out[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/** The same for unsigned int64 values. */
export function unsignedWordsToNumbers(words: Int32Array, count: number, out: Float64Array): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const value = (words[2 * i + 1]! >>> 0) * TWO_32 + (words[2 * i]! >>> 0);
    out[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/** Positions of the smallest and largest of `count` int64 values given as word pairs. */
export interface Extremes {
  minAt: number;
  maxAt: number;
}

/**
 * Exact extremes of int64 values (signed, or unsigned when `unsigned`) compared word by word:
 * doubles round values above 2^53, and statistics must be exact.
 */
export function int64Extremes(words: Int32Array, count: number, unsigned: boolean): Extremes {
  let minAt = 0;
  let maxAt = 0;
  let minHigh = unsigned ? words[1]! >>> 0 : words[1]!;
  let minLow = words[0]! >>> 0;
  let maxHigh = minHigh;
  let maxLow = minLow;
  for (let i = 1; i < count; i++) {
    const high = unsigned ? words[2 * i + 1]! >>> 0 : words[2 * i + 1]!;
    const low = words[2 * i]! >>> 0;
    if (high < minHigh || (high === minHigh && low < minLow)) {
      minHigh = high;
      minLow = low;
      minAt = i;
    }
    if (high > maxHigh || (high === maxHigh && low > maxLow)) {
      maxHigh = high;
      maxLow = low;
      maxAt = i;
    }
  }
  return { minAt, maxAt };
}

/** The range of the first `count` values. */
export function rangeOf(values: Int32Array | Float64Array, count: number): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/** BYTE_STREAM_SPLIT: byte k of each 8-byte value goes to stream k of `target` from `at`; one pass, eight sequential writers. */
export function splitBytes(target: Uint8Array, at: number, values: Uint8Array, count: number): void {
  for (let i = 0, j = 0; i < count; i++, j += 8) {
    const s = at + i;
    target[s] = values[j]!;
    target[s + count] = values[j + 1]!;
    target[s + 2 * count] = values[j + 2]!;
    target[s + 3 * count] = values[j + 3]!;
    target[s + 4 * count] = values[j + 4]!;
    target[s + 5 * count] = values[j + 5]!;
    target[s + 6 * count] = values[j + 6]!;
    target[s + 7 * count] = values[j + 7]!;
  }
}

/** The validity bits of rows [from, to) as 0/1 bytes in `levels`; returns how many are 0 (null). */
export function definitionLevels(validity: Uint8Array, from: number, to: number, levels: Uint8Array): number {
  let nulls = 0;
  for (let i = from; i < to; i++) {
    const defined = (validity[i >> 3]! >> (i & 7)) & 1;
    levels[i - from] = defined;
    nulls += 1 - defined;
  }
  return nulls;
}

/** Calls enough for V8 to give each kernel a feedback vector, and then to fill it on every path. */
const WARM_UP_CALLS = 32;

function warmUp(): void {
  const words = new Int32Array([1, -1]);
  const pairs = new Int32Array([1, -1, 2, 0]);
  const numbers = new Float64Array(1);
  const bytes = new Uint8Array(8);
  for (let call = 0; call < WARM_UP_CALLS; call++) {
    signedWordsToNumbers(words, 1, numbers);
    unsignedWordsToNumbers(words, 1, numbers);
    rangeOf(words, 1);
    int64Extremes(pairs, 2, false);
    int64Extremes(pairs, 2, true);
    rangeOf(numbers, 1);
    splitBytes(bytes, 0, bytes, 1);
    definitionLevels(bytes, 0, 2, bytes);
  }
}

warmUp();
