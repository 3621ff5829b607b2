/** Entry point of a compile worker process: runs the partitions the parent sends, one at a time. */
import { runPartition, type PartitionJob } from './partition.js';
import type { WorkerReply } from './pool.js';
import { peakRssBytes } from './memory.js';

function reply(message: WorkerReply): void {
  process.send?.(message);
}

// A worker whose parent is gone has nobody to report to.
process.on('disconnect', () => process.exit(1));

process.on('message', (job: PartitionJob) => {
  runPartition(job, (rows) => reply({ type: 'progress', rows })).then(
    (manifest) => reply({ type: 'done', manifest, maxRssBytes: peakRssBytes() }),
    (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
