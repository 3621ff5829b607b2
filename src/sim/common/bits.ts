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
