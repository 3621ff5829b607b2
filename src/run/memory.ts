/** Peak resident memory of this process. */
import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set in bytes: Linux's VmHWM, which belongs to the process's own
 * address space. getrusage's maxrss survives execve, so a process started by a larger one (a
 * compile spawned by `make bench` after its in-process baseline) reported its parent's peak.
 */
export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: getrusage is what there is.
  }
  return process.resourceUsage().maxRSS * 1024;
}
