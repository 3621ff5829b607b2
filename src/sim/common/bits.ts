/** Sets bits [from, to) of an Arrow validity bitmap (least significant bit first). */
export function setBits(bitmap: Uint8Array, from: number, to: number): void {
  let i = from;
  for (; i < to && (i & 7) !== 0; i++) bitmap[i >> 3]! |= 1 << (i & 7);
  const wholeBytesEnd = to & ~7;
  if (i < wholeBytesEnd) {
    bitmap.fill(0xff, i >> 3, wholeBytesEnd >> 3);
    i = wholeBytesEnd;
  }
  for (; i < to; i++) bitmap[i >> 3]! |= 1 << (i & 7);
}

const TWO_32 = 4294967296;

/** The high 32 bits of the 64-bit product of two unsigned 32-bit numbers (16-bit limbs: exact in doubles). */
function mulHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const mid = a0 * b1 + a1 * b0 + Math.floor(p00 / 65536);
  return (a1 * b1 + Math.floor(mid / 65536)) >>> 0;
}

/**
 * splitmix64 (a bijection of 64-bit numbers) of (hi, lo) on 32-bit words, without a BigInt per
 * value: writes the low word to out[at] and the high word to out[at + 1] (a little-endian uint64).
 */
export function splitmix64Words(hi: number, lo: number, out: Uint32Array, at: number): void {
  let l = lo + 0x7f4a7c15;
  let h = (hi + 0x9e3779b9 + (l >= TWO_32 ? 1 : 0)) >>> 0;
  l >>>= 0;
  // z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
  l = (l ^ ((l >>> 30) | (h << 2))) >>> 0;
  h = (h ^ (h >>> 30)) >>> 0;
  h = (mulHigh32(l, 0x1ce4e5b9) + Math.imul(h, 0x1ce4e5b9) + Math.imul(l, 0xbf58476d)) >>> 0;
  l = Math.imul(l, 0x1ce4e5b9) >>> 0;
  // z = (z ^ (z >> 27)) * 0x94d049bb133111eb
  l = (l ^ ((l >>> 27) | (h << 5))) >>> 0;
  h = (h ^ (h >>> 27)) >>> 0;
  h = (mulHigh32(l, 0x133111eb) + Math.imul(h, 0x133111eb) + Math.imul(l, 0x94d049bb)) >>> 0;
  l = Math.imul(l, 0x133111eb) >>> 0;
  // z ^ (z >> 31)
  out[at] = (l ^ ((l >>> 31) | (h << 1))) >>> 0;
  out[at + 1] = (h ^ (h >>> 31)) >>> 0;
}
