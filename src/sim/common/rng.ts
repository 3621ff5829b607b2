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
