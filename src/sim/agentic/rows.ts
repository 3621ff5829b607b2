/**
 * Column buffers of one partition's spans and log records: typed arrays that grow by doubling and
 * are reused from partition to partition (a process runs one partition at a time).
 */
type Typed = Float64Array | Int32Array | Uint32Array | Int16Array | Int8Array | Uint8Array;

function grown<T extends Typed>(array: T, capacity: number, used: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array.subarray(0, used) as never);
  return next;
}

/** Buffers named by the keys of `widths` (elements per row), grown together. */
abstract class Rows {
  length = 0;
  private capacity = 0;
  protected abstract readonly widths: Record<string, number>;

  reset(): void {
    this.length = 0;
  }

  protected next(): number {
    if (this.length === this.capacity) {
      const self = this as unknown as Record<string, Typed>;
      this.capacity = Math.max(1024, this.length * 2);
      for (const [name, width] of Object.entries(this.widths)) self[name] = grown(self[name]!, this.capacity * width, this.length * width);
    }
    return this.length++;
  }
}

export class SpanRows extends Rows {
  startUs = new Float64Array(0);
  endUs = new Float64Array(0);
  arrivalUs = new Float64Array(0);
  /** 2 words per row. */
  spanId = new Uint32Array(0);
  parent = new Int32Array(0);
  session = new Int32Array(0);
  name = new Int16Array(0);
  kind = new Int8Array(0);
  service = new Int8Array(0);
  /** 0 unset, 1 error. */
  status = new Int8Array(0);
  errorType = new Int16Array(0);
  operation = new Int8Array(0);
  agent = new Int16Array(0);
  phase = new Int16Array(0);
  /** 1 when the span names its human (user.name, user.email). */
  human = new Uint8Array(0);
  inputTokens = new Int32Array(0);
  outputTokens = new Int32Array(0);
  tool = new Int16Array(0);
  repo = new Int32Array(0);
  finish = new Int8Array(0);
  /** Row of the linked span (same trace) and the link's type, or -1. */
  link = new Int32Array(0);
  linkType = new Int8Array(0);
  classification = new Int8Array(0);
  lost = new Uint8Array(0);
  protected readonly widths = {
    startUs: 1, endUs: 1, arrivalUs: 1, spanId: 2, parent: 1, session: 1, name: 1, kind: 1, service: 1, status: 1, errorType: 1, operation: 1,
    agent: 1, phase: 1, human: 1, inputTokens: 1, outputTokens: 1, tool: 1, repo: 1, finish: 1, link: 1, linkType: 1, classification: 1, lost: 1,
  };

  add(): number {
    return this.next();
  }
}

export class LogRows extends Rows {
  timeUs = new Float64Array(0);
  observedUs = new Float64Array(0);
  span = new Int32Array(0);
  /** Index into LOG_EVENTS. */
  event = new Int8Array(0);
  /** The event's detail: error type, decision, repository. */
  detail = new Int32Array(0);
  protected readonly widths = { timeUs: 1, observedUs: 1, span: 1, event: 1, detail: 1 };

  add(): number {
    return this.next();
  }
}
