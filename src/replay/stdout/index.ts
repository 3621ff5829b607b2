/** Target `stdout`: rows as JSON lines on standard output, for pipes (`| kcat -P …`); no progress bar on a pipe. */
import { createRecordTarget } from '../records/target.js';

export const createStdoutTarget = () => createRecordTarget('stdout', 'JSON lines on standard output (for pipes)');
