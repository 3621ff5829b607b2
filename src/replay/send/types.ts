/** What the send stage moves: encoded requests, one attempt at a time through a transport. */

/** A request body a target produced for one batch. */
export interface EncodedRequest {
  /** Path and query string appended to --url. */
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
  records: number;
}

/** Counts by name: what a backend reports (`samples`, `series`, `logs`) or rejected (by signal). */
export type Counts = Record<string, number>;

export type Attempt =
  /** Acknowledged; `rejected` items were refused by the backend all the same (OTLP partial_success), not retried. */
  | { ok: true; rejected?: { kind: string; count: number } }
  /** `reason` labels the error metric; `retryAfter` is a Retry-After value (seconds or an HTTP date). */
  | { ok: false; retryable: true; reason: string; detail: string; retryAfter?: string }
  /** Fails the replay with `message`. */
  | { ok: false; retryable: false; reason?: string; message: string };

export interface Transport {
  /** The server, safe to print (no credentials). */
  where: string;
  /** `name`: a file-safe name of the request (unit and batch index). */
  attempt(request: EncodedRequest, name: string): Promise<Attempt>;
  close(): void;
}

export interface Sender {
  /** Resolves once the request is acknowledged; returns how many retries it took. */
  send(request: EncodedRequest, name: string): Promise<number>;
  /** Items the backend acknowledged but rejected, by kind. */
  rejected(): Counts;
  close(): void;
}
