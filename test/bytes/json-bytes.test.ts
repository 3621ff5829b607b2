import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonBytes } from '../../src/bytes/json-bytes.js';

const EDGES = [
  0, -0, 1, -1, 7, 9, 10, 99, 100, 101, 1e7 - 1, 1e7, 1e8 - 1, 1e8, 1e8 + 1, 1e16 / 3, 2 ** 31, 2 ** 32 + 5, 1767571200000, 1767657585000,
  536870912000, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2 ** 53 + 2, 1e21 - 65536, 1e21, 1.5e300, -1e-7, 1e-7, 5e-324, 0.1, 0.5, -2.5,
  729758.8706220731, 235377.23939821962, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, -Number.MIN_VALUE,
];

/** Deterministic doubles over every magnitude, and integers of every digit count around 1e8 multiples. */
function spread(count: number): number[] {
  const values: number[] = [];
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const magnitude = 10 ** Math.floor(next() * 40 - 12);
    values.push((next() - 0.5) * magnitude, Math.round((next() - 0.5) * magnitude), Math.floor(next() * 2 ** 53), Math.round(next() * 1e3) * 1e8 - 1);
  }
  return values;
}

/** mulberry32: uniforms in [0, 1) from a seed, the same on every run. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const bits = new Float64Array(1);
const ordinal = new BigInt64Array(bits.buffer);
/** The double `ulps` representable steps away from a positive `value`. */
function ulpsAway(value: number, ulps: number): number {
  bits[0] = value;
  ordinal[0]! += BigInt(ulps);
  return bits[0]!;
}

/** An integer of 1 to 17 digits, uniform in its digit count's range. */
function integerOfDigits(random: () => number): number {
  const digits = 1 + Math.floor(random() * 17);
  return Math.floor(10 ** (digits - 1) + random() * 9 * 10 ** (digits - 1));
}

/** Both signs of every value. */
const signed = (values: number[]): number[] => values.flatMap((value) => [value, -value]);

/** k / 10^d for d = 0..9 and k of every digit count: the decimals the short path is for, and longer ones. */
function decimals(random: () => number, count: number): number[] {
  return signed(Array.from({ length: count }, () => integerOfDigits(random) / 10 ** Math.floor(random() * 10)));
}

/** Counters floored to centiseconds and nanoseconds, as the k8s simulator writes them. */
function quantized(random: () => number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const value = random() * 10 ** Math.floor(random() * 16 - 3);
    return i % 2 ? Math.floor(value * 100) / 100 : Math.floor(value * 1e9) / 1e9;
  });
}

/** Results of arithmetic on short decimals, whose shortest forms are long (0.1 + 0.2). */
function arithmetic(random: () => number, count: number): number[] {
  const short = () => Math.floor(random() * 10 ** Math.floor(1 + random() * 8)) / 10 ** Math.floor(random() * 10);
  return signed([0.1 + 0.2, 1.1 * 1.1, 0.3 - 0.1, ...Array.from({ length: count }, (_, i) => (i % 2 ? short() + short() : short() * short()))]);
}

/** Doubles with random mantissas over magnitudes 1e-30 … 1e30. */
function doubles(random: () => number, count: number): number[] {
  return signed(Array.from({ length: count }, () => (random() + random() * 2 ** -26) * 10 ** Math.floor(random() * 60 - 30)));
}

/** Doubles a few ulps around the limits of the short path: 1e-6, 1e6, 1e12 and k = 1e15 at both scales. */
function nearLimits(): number[] {
  const limits = [1e-6, 1e6, 1e12, 999e-9, 1001e-9, (1e15 - 1) / 1e9, (1e15 - 1) / 1e3, 999_999.999999999, 999_999_999_999.999];
  const values = limits.flatMap((limit) => Array.from({ length: 41 }, (_, i) => ulpsAway(limit, i - 20)));
  for (let j = 0; j < 2_000; j++) values.push((1e15 - j) / 1e9, (1e15 + j) / 1e9, (1e15 - j) / 1e3, (1e15 + j) / 1e3, (1000 + j) / 1e9, (1000 - j / 2) / 1e9);
  return signed(values);
}

/** Fails with the first few values whose bytes differ from String(value). */
function assertWrittenAsString(values: number[]): void {
  const got = written(values).split(',');
  const wrong = values.flatMap((value, i) => (got[i] === String(value) ? [] : [`${String(value)} written as ${got[i]}`]));
  assert.deepEqual(wrong.slice(0, 10), []);
}

function written(values: number[]): string {
  const out = new JsonBytes(16);
  for (const value of values) {
    out.reserve(26);
    out.number(value);
    out.byte(0x2c);
  }
  return Buffer.from(out.take()).toString('latin1');
}

describe('JSON bytes', () => {
  it('writes every number exactly as String(n) prints it', () => {
    const values = [...EDGES, ...spread(20_000)];
    assert.equal(written(values), values.map((value) => `${String(value)},`).join(''));
  });

  it('writes millions of decimals, near-limit, quantized, computed and random values exactly as String(n)', () => {
    const random = uniforms(20260105);
    for (let round = 0; round < 3; round++) {
      assertWrittenAsString(decimals(random, 200_000));
      assertWrittenAsString(quantized(random, 200_000));
      assertWrittenAsString(arithmetic(random, 100_000));
      assertWrittenAsString(doubles(random, 100_000));
    }
    assertWrittenAsString(nearLimits());
  });

  it('writes timestamps as number() does, across changes of their first digits and outside 13 digits', () => {
    const times = [1767571200000, 1767571215000, 1767599999999, 1767600000000, 1767600015000, 1767571200000, 999999999999, 1e12, 1e13 - 1, 1e13, 1767571200000.5, -1767571200000, 1767571215000];
    for (let t = 1767500000000; t < 1767900000000; t += 15_000 * 97) times.push(t);
    const out = new JsonBytes(16);
    for (const time of times) {
      out.reserve(26);
      out.timestamp(time);
      out.byte(0x2c);
    }
    assert.equal(Buffer.from(out.take()).toString('latin1'), times.map((time) => `${String(time)},`).join(''));
  });

  it('grows past its first buffer and starts over after take()', () => {
    const out = new JsonBytes(4);
    out.reserve(40);
    out.number(123456789012);
    out.byte(0x2c);
    out.number(-0.25);
    assert.equal(Buffer.from(out.take()).toString(), '123456789012,-0.25');
    out.reserve(2);
    out.number(7);
    assert.equal(Buffer.from(out.take()).toString(), '7');
  });
});
