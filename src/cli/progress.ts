/** A progress bar on a TTY (partitions, rows/s, ETA); nothing otherwise. */
import { SingleBar, Presets } from 'cli-progress';
import { formatCount } from './format.js';

export interface Progress {
  start(totalRows: number, partitions: number): void;
  rows(count: number): void;
  partitionDone(): void;
  stop(): void;
}

const silent: Progress = { start() {}, rows() {}, partitionDone() {}, stop() {} };

export function createProgress(enabled: boolean): Progress {
  // Drawn on stderr, and only when a person watches stdout (not when it is piped to a script).
  if (!enabled || !process.stdout.isTTY || !process.stderr.isTTY) return silent;
  const bar = new SingleBar(
    {
      format: ' {bar} {percentage}% | partitions {parts} | {done} rows | {speed} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  const began = performance.now();
  let rows = 0;
  let partitionsDone = 0;
  let partitions = 0;
  const payload = () => ({
    parts: `${partitionsDone}/${partitions}`,
    done: formatCount(rows),
    speed: formatCount(rows / Math.max(0.001, (performance.now() - began) / 1000)),
  });
  return {
    start(totalRows, count) {
      partitions = count;
      bar.start(Math.max(1, totalRows), 0, payload());
    },
    rows(count) {
      rows += count;
      bar.update(Math.min(rows, bar.getTotal()), payload());
    },
    partitionDone() {
      partitionsDone++;
      bar.update(Math.min(rows, bar.getTotal()), payload());
    },
    stop() {
      bar.stop();
    },
  };
}
