/** The `stdout` target: annotated JSON lines on standard output, for pipes (`| kcat -P …`); waits when the reader is slow. */
import { once } from 'node:events';
import { renderJson } from '../records/annotate.js';
import type { RecordSink } from '../records/sink.js';

export function createStdoutSink(stream: NodeJS.WritableStream = process.stdout): RecordSink {
  return {
    async write(batch, stamp) {
      if (!stream.write(renderJson(batch, stamp, 'ndjson'))) await once(stream, 'drain');
      return 0;
    },
    async close() {},
  };
}
