/** The remote-write target's own options (loaded with the CLI, before the target's code). */
import type { TargetOption } from '../types.js';

export const REMOTE_WRITE_OPTIONS: TargetOption[] = [
  { name: 'query-url', describe: 'Prometheus query API base for --verify [default: --url without /api/v1/write]' },
];
