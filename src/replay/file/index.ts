/**
 * Target `file`: rows as JSON lines into `--url file:///path/payloads.bin`, rotated by size, with
 * an audit log (see file/rotating-file.ts). A file keeps rows of any time: no window warning.
 */
import { createRecordTarget } from '../records/target.js';

export const createFileTarget = () => ({ ...createRecordTarget('file', 'JSON lines into a file, rotated by size (UTC suffixes), audit log'), keepsAnyTime: true });
