/** `--shard i/N`: every N-th partition of the plan (or replay unit), starting at i. */
import { badArgument } from '../errors.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw badArgument(`--shard: '${text}' is not of the form i/N (e.g. 0/4)`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) throw badArgument(`--shard: '${text}' needs 0 ≤ i < N and N ≥ 1`);
  return { index, count };
}

export function selectShard<T>(partitions: T[], shard: Shard | undefined): T[] {
  if (!shard) return partitions;
  return partitions.filter((_, index) => index % shard.count === shard.index);
}

/** A compile slice past the plan's end would compile nothing, silently: refused with the plan's size. */
export function emptyShard(shard: Shard, partitions: number): Error {
  return badArgument(
    `--shard ${shard.index}/${shard.count}: this slice is empty: the plan has ${partitions} partitions, so slices ${partitions}–${shard.count - 1} of ${shard.count} hold none (use N ≤ ${partitions})`,
  );
}
