/** Target `http`: rows as NDJSON or a JSON array POSTed to any `--url` (see http-post/sink.ts). */
import { createRecordTarget } from '../records/target.js';
import { HTTP_OPTIONS } from '../records/options.js';

export const createHttpTarget = () => createRecordTarget('http', 'any HTTP ingest: batches as NDJSON or a JSON array, gzip optional', HTTP_OPTIONS);
