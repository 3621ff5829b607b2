/**
 * The partition plan: a fixed list of partitions that depends only on the resolved scenario,
 * never on --workers. `--shard i/N` takes every N-th partition starting at i.
 */
import { badArgument } from '../errors.js';
import type { PartitionSpec } from '../sim/types.js';

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

export function selectShard(partitions: PartitionSpec[], shard: Shard | undefined): PartitionSpec[] {
  if (!shard) return partitions;
  return partitions.filter((_, index) => index % shard.count === shard.index);
}
