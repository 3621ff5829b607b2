/**
 * Noise for the per-tick kernels: a datacenter draws ~6 normals per tick and entity, hundreds of
 * millions in a 30-day run, and Box–Muller over alea (~50 ns each) would cost more than the
 * encoding. A xorshift32 stream, seeded from the entity's own alea stream, picks one of 65,536
 * normal quantiles: a standard normal to within its 1/65,536 steps, with tails cut at ±4.2σ.
 */
import type { Rng } from '../common/rng.js';

const BITS = 16;
const QUANTILES = new Float64Array(1 << BITS);
for (let i = 0; i < QUANTILES.length; i++) QUANTILES[i] = normalQuantile((i + 0.5) / QUANTILES.length);

export class Noise {
  /** In a typed array: a 32-bit state in an object field would be a heap number, boxed on every store. */
  private readonly state = new Int32Array(1);

  constructor(rng: Rng) {
    this.state[0] = Math.floor(rng() * 4294967296) | 0 || 0x3779b9;
  }

  private next(): number {
    let x = this.state[0]!;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state[0] = x;
    return x;
  }

  /** Standard normal. */
  normal(): number {
    return QUANTILES[this.next() >>> (32 - BITS)]!;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return (this.next() >>> 0) / 4294967296;
  }
}

/**
 * An AR(1) process of stationary deviation `sigma` and correlation time `tauMs` sampled every
 * `intervalMs`: x ← φx + σ√(1 − φ²)·ε. Its statistics do not depend on the interval.
 */
export function arCoefficients(intervalMs: number, tauMs: number, sigma: number): { phi: number; innovation: number } {
  const phi = Math.exp(-intervalMs / tauMs);
  return { phi, innovation: sigma * Math.sqrt(1 - phi * phi) };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
