/**
 * Target `stdout`: rows as JSON lines on standard output, for pipes (`| kcat -P …`); no progress
 * bar on a pipe. A pipe keeps rows of any time: no window warning (it would reach the terminal on
 * every run, while whatever reads the pipe decides what to keep).
 */
import { createRecordTarget } from '../records/target.js';

export const createStdoutTarget = () => ({ ...createRecordTarget('stdout', 'JSON lines on standard output (for pipes)'), keepsAnyTime: true });
