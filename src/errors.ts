/**
 * Typed errors with stable codes. Library code throws these; only the CLI turns them into
 * one line on stderr and an exit code.
 */
export type ErrorCode =
  | 'SCENARIO_NOT_FOUND'
  | 'SCENARIO_PARSE'
  | 'SCENARIO_INVALID'
  | 'UNKNOWN_KIND'
  | 'UNKNOWN_PRESET'
  | 'BAD_ARGUMENT'
  | 'OUTPUT_UNWRITABLE'
  | 'OUTPUT_MISMATCH'
  | 'WORKER_FAILED'
  | 'UNKNOWN_TARGET'
  | 'REPLAY_FAILED'
  | 'VERIFY_MISMATCH'
  | 'NOT_A_DATASET'
  | 'QUERY_FAILED'
  | 'UNKNOWN_VIEW'
  | 'OUTPUT_CLOSED'
  | 'INTERRUPTED'
  | 'OUTSIDE_WINDOW';

/** Exit code for errors caused by the user's input (scenario, flags, output dir). */
export const EXIT_BAD_INPUT = 2;
/** Exit code for failures while doing the work. */
export const EXIT_FAILURE = 1;
/** Exit codes of a run stopped by a signal, as a shell reports them (128 + signal number). */
export const EXIT_SIGNAL: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

export class TeleforgeError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, exitCode = EXIT_BAD_INPUT) {
    super(message);
    this.name = 'TeleforgeError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function badArgument(message: string): TeleforgeError {
  return new TeleforgeError('BAD_ARGUMENT', message);
}
