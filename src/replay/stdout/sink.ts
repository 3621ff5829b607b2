/** The `stdout` target: annotated JSON lines on standard output, for pipes (`| kcat -P …`); waits when the reader is slow. */
import { once } from 'node:events';
import { TeleforgeError } from '../../errors.js';
import { renderJson } from '../records/annotate.js';
import type { RecordSink } from '../records/sink.js';

export function createStdoutSink(stream: NodeJS.WritableStream = process.stdout): RecordSink {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
  });
  // The reader had enough (`| head`): not retried, and the CLI ends quietly with exit 0.
  const readerGone = () => new TeleforgeError('OUTPUT_CLOSED', 'stdout: the reader closed the pipe', 0);
  return {
    where: 'stdout',
    annotatesInJson: true,
    async attempt(batch, stamp) {
      if (closed) throw readerGone();
      try {
        if (!stream.write(renderJson(batch, stamp, 'ndjson'))) await once(stream, 'drain');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw readerGone();
        throw error;
      }
      return { ok: true };
    },
    async close() {},
  };
}
