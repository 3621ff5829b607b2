/** A row of block characters, one per value, scaled to the largest value (▁ for the smallest share). */
const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return values.map(() => ' ').join('');
  return values.map((value) => BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((value / max) * (BLOCKS.length - 1) + 0.5))]!).join('');
}
