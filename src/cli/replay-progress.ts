/** The replay progress bar on a TTY: records, bytes, rate and ETA; nothing otherwise. */
import { Presets, SingleBar } from 'cli-progress';
import { formatBytes, formatCount } from './format.js';

export interface ReplayProgress {
  start(records: number): void;
  update(records: number, bytes: number): void;
  stop(): void;
}

export function createReplayProgress(enabled: boolean): ReplayProgress {
  if (!enabled || !process.stdout.isTTY || !process.stderr.isTTY) return { start() {}, update() {}, stop() {} };
  const bar = new SingleBar(
    { format: ' {bar} {percentage}% | {done} records | {bytes} | {speed} records/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50, fps: 5 },
    Presets.shades_classic,
  );
  const began = performance.now();
  const payload = (records: number, bytes: number) => ({
    done: formatCount(records),
    bytes: formatBytes(bytes),
    speed: formatCount(records / Math.max(0.001, (performance.now() - began) / 1000)),
  });
  return {
    start: (records) => bar.start(Math.max(1, records), 0, payload(0, 0)),
    update: (records, bytes) => bar.update(Math.min(records, bar.getTotal()), payload(records, bytes)),
    stop: () => bar.stop(),
  };
}
