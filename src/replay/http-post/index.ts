/** Target `http`: rows as NDJSON or a JSON array POSTed to any `--url` (see http-post/sink.ts). */
import { createRecordTarget } from '../records/target.js';

export const createHttpTarget = () => createRecordTarget('http', 'any HTTP ingest: batches as NDJSON or a JSON array, gzip optional');
