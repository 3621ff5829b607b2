/** What the benchmarks share: the CLI they run, the CPU of the processes they reaped, the median of their rounds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(REPO, 'bin/teleforge.js');

/** CPU seconds of this process's reaped children (and theirs), from /proc/self/stat's cutime and cstime. */
export function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** The round whose `value` is the median (the upper middle of an even count): the machine is shared, one round can be another's noise. */
export function medianBy<T>(rounds: readonly T[], value: (round: T) => number): T {
  return [...rounds].sort((a, b) => value(a) - value(b))[Math.floor(rounds.length / 2)]!;
}
