/** Backends make fresh data searchable after a moment: read counts until they match or stop changing. */
import { sleep } from '../../util/sleep.js';
import type { Counts } from '../types.js';

const same = (a: Counts, b: Counts) => Object.keys(b).every((key) => a[key] === b[key]);

export async function pollCounts(read: () => Promise<Counts>, expected: Counts, timeoutMs = 10_000, intervalMs = 250): Promise<Counts> {
  const deadline = performance.now() + timeoutMs;
  let counts = await read();
  let stable = 0;
  // Stop early once the counts have not moved for 3 s: they will not reach the expected values.
  while (!same(counts, expected) && performance.now() < deadline && stable * intervalMs < 3000) {
    await sleep(intervalMs);
    const next = await read();
    stable = same(next, counts) ? stable + 1 : 0;
    counts = next;
  }
  return counts;
}
