/**
 * Deterministic random streams. Every stream is seeded by (seed, scenario hash, stream name, key),
 * so a partition draws the same numbers whichever process runs it and in whatever order.
 */
import seedrandom from 'seedrandom';

/** Uniform in [0, 1). */
export type Rng = () => number;

export function createRng(seed: number, scenarioHash: string, stream: string, key: string | number = ''): Rng {
  // alea: 3× faster than the default ARC4 and good enough for simulation.
  return seedrandom.alea(`${seed}:${scenarioHash}:${stream}:${key}`);
}

/** Uniform in [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

/** Integer uniform in [low, high]. */
export function uniformInt(rng: Rng, low: number, high: number): number {
  return low + Math.floor((high - low + 1) * rng());
}

/** Exponential with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng());
}

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Times of a Poisson process with `ratePerMs` events per ms over [start, end). */
export function poissonTimes(rng: Rng, ratePerMs: number, start: number, end: number): number[] {
  const times: number[] = [];
  if (ratePerMs <= 0) return times;
  for (let t = start + exponential(rng, 1 / ratePerMs); t < end; t += exponential(rng, 1 / ratePerMs)) {
    times.push(Math.floor(t));
  }
  return times;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

const POD_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Random string over Kubernetes' pod-name alphabet (no vowels, no ambiguous digits). */
export function podSuffix(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += POD_SUFFIX_ALPHABET[Math.floor(rng() * POD_SUFFIX_ALPHABET.length)];
  return out;
}

/**
 * A family of streams keyed by integers (one per session, per entity), for when there are too
 * many keys to seed alea for each (its string hashing costs ~20 µs a stream): the family's name is
 * hashed once, and each key's stream is sfc32 seeded from it and the key.
 */
export function rngFamily(seed: number, scenarioHash: string, stream: string): (key: number) => Rng {
  const base = createRng(seed, scenarioHash, stream);
  const words = [0, 0, 0].map(() => (base() * 4294967296) >>> 0);
  return (key: number) => sfc32(words[0]! ^ key, words[1]!, words[2]! ^ Math.imul(key, 0x9e3779b9), key);
}

function sfc32(a: number, b: number, c: number, d: number): Rng {
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs still show the seed's structure.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Index i with probability weights[i] / sum(weights). */
export function pickWeighted(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng() * total;
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

/** The first index whose cumulative weight exceeds `u` (binary search of a non-decreasing CDF). */
export function searchCdf(cdf: ArrayLike<number>, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
