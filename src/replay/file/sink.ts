/** The `file` target: annotated JSON lines into a RotatingFile (`file:///path/payloads.bin`). */
import { fileURLToPath } from 'node:url';
import { badArgument } from '../../errors.js';
import { linesAsIs, renderJson, type Scratch } from '../records/annotate.js';
import type { RecordSink } from '../records/sink.js';
import { RotatingFile } from './rotating-file.js';

export interface FileSinkOptions {
  /** Rotation size in MiB (default 50; 0 = never). */
  rotateSizeMb: number;
  /** An audit line every N records (0 = off). */
  auditEvery: number;
}

export function filePath(url: string): string {
  if (!url.startsWith('file:')) throw badArgument(`--target: '${url}' is not a file:// URL (e.g. file:///data/payloads.bin)`);
  // `file:payloads.bin` parses as /payloads.bin: a user meaning a relative path would write at the root.
  if (!url.startsWith('file://')) throw badArgument(`--target: '${url}' is not an absolute file:// URL (e.g. file:///data/payloads.bin, or file://$PWD/payloads.bin)`);
  try {
    return fileURLToPath(url);
  } catch {
    throw badArgument(`--target: '${url}' is not an absolute file:// URL (e.g. file:///data/payloads.bin)`);
  }
}

export function createFileSink(url: string, options: FileSinkOptions): RecordSink {
  if (!(options.rotateSizeMb >= 0)) throw badArgument(`--rotate-size-mb: expected a size in MiB ≥ 0, got ${options.rotateSizeMb}`);
  if (!Number.isInteger(options.auditEvery) || options.auditEvery < 0) throw badArgument(`--audit-every: expected a whole number ≥ 0, got ${options.auditEvery}`);
  const path = filePath(url);
  const file = new RotatingFile({ path, rotateBytes: Math.round(options.rotateSizeMb * 1024 * 1024), auditEvery: options.auditEvery });
  // Concurrent sends (--parallel) are rendered at once, each into a buffer of its own, and written
  // one after another: a batch's records stay whole and in the order they were handed over. With
  // no write running, the next starts at once (after a promise hop it began only once the producer
  // had rendered its next batch: the disk then idled, a third of `produce`'s time).
  const spare: Scratch[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  let writing = 0;
  const enqueue = (lines: Uint8Array, records: number, describe: () => string): Promise<void> => {
    const write = () => file.write(lines, records, describe).finally(() => writing--);
    const done = writing === 0 ? write() : queue.then(write);
    writing++;
    queue = done.catch(() => undefined);
    return done;
  };
  return {
    where: path,
    annotatesInJson: true,
    async attempt(batch, stamp) {
      const describe = () => (stamp ? `producer=${stamp.producerId} last_sequence=${stamp.firstSequence + batch.count - 1}` : '');
      const scratch = spare.pop() ?? { buffer: Buffer.alloc(0) };
      const lines = linesAsIs(batch, stamp, 'ndjson') ?? renderJson(batch, stamp, 'ndjson', scratch);
      try {
        await enqueue(lines, batch.count, describe);
      } catch (error) {
        return { ok: false, retryable: false, reason: 'file', message: `${path}: ${(error as Error).message}` };
      } finally {
        spare.push(scratch);
      }
      return { ok: true };
    },
    async close() {
      await queue;
      file.close();
    },
  };
}
