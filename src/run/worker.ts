/** Entry point of a compile worker process: runs the partitions the parent sends, one at a time. */
import { runPartition, type PartitionJob } from './partition.js';
import type { WorkerReply } from './pool.js';
import { peakRssBytes } from './memory.js';

// A worker whose parent is gone has nobody to report to: it stops without a word (the parent's
// next run removes its temp files and compiles the partition again).
const orphaned = () => process.exit(1);

function reply(message: WorkerReply): void {
  if (!process.connected) return orphaned();
  // With a callback, a failed send (EPIPE: the parent was killed) is not an unhandled 'error' event
  // with a stack trace on the terminal the parent shared with its workers.
  process.send?.(message, undefined, undefined, (error: Error | null) => {
    if (error) orphaned();
  });
}

process.on('disconnect', orphaned);

process.on('message', (job: PartitionJob) => {
  runPartition(job, (rows) => reply({ type: 'progress', rows })).then(
    (manifest) => reply({ type: 'done', manifest, maxRssBytes: peakRssBytes() }),
    (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
