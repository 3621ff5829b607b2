/**
 * Column buffers of one partition's spans, metric samples and series, as typed arrays that grow
 * by doubling and are reused from partition to partition (a process runs one partition at a time).
 */
export class SpanRows {
  length = 0;
  startUs = new Float64Array(0);
  endUs = new Float64Array(0);
  /** 4 words per row. */
  traceId = new Uint32Array(0);
  /** 2 words per row. */
  spanId = new Uint32Array(0);
  /** 4 words per row. */
  requestId = new Uint32Array(0);
  parent = new Int32Array(0);
  upstream = new Int32Array(0);
  action = new Int16Array(0);
  persona = new Int16Array(0);
  user = new Int32Array(0);
  targetUser = new Int32Array(0);
  release = new Int32Array(0);
  objectType = new Int16Array(0);
  /** 2 words per row. */
  objectId = new Uint32Array(0);
  success = new Uint8Array(0);
  errorCode = new Int16Array(0);
  errorType = new Int8Array(0);
  errorSource = new Int16Array(0);
  errorMessage = new Int16Array(0);

  reset(): void {
    this.length = 0;
  }

  add(): number {
    if (this.length === this.startUs.length) this.grow(Math.max(1024, this.length * 2));
    return this.length++;
  }

  private grow(capacity: number): void {
    const n = this.length;
    this.startUs = copy(new Float64Array(capacity), this.startUs, n);
    this.endUs = copy(new Float64Array(capacity), this.endUs, n);
    this.traceId = copy(new Uint32Array(capacity * 4), this.traceId, n * 4);
    this.spanId = copy(new Uint32Array(capacity * 2), this.spanId, n * 2);
    this.requestId = copy(new Uint32Array(capacity * 4), this.requestId, n * 4);
    this.parent = copy(new Int32Array(capacity), this.parent, n);
    this.upstream = copy(new Int32Array(capacity), this.upstream, n);
    this.action = copy(new Int16Array(capacity), this.action, n);
    this.persona = copy(new Int16Array(capacity), this.persona, n);
    this.user = copy(new Int32Array(capacity), this.user, n);
    this.targetUser = copy(new Int32Array(capacity), this.targetUser, n);
    this.release = copy(new Int32Array(capacity), this.release, n);
    this.objectType = copy(new Int16Array(capacity), this.objectType, n);
    this.objectId = copy(new Uint32Array(capacity * 2), this.objectId, n * 2);
    this.success = copy(new Uint8Array(capacity), this.success, n);
    this.errorCode = copy(new Int16Array(capacity), this.errorCode, n);
    this.errorType = copy(new Int8Array(capacity), this.errorType, n);
    this.errorSource = copy(new Int16Array(capacity), this.errorSource, n);
    this.errorMessage = copy(new Int16Array(capacity), this.errorMessage, n);
  }
}

/** Metric samples of a partition: one row per (span, metric), with its series. */
export class SampleRows {
  length = 0;
  series = new Int32Array(0);
  span = new Int32Array(0);
  value = new Float64Array(0);
  exemplar = new Uint8Array(0);

  reset(): void {
    this.length = 0;
  }

  add(series: number, span: number, value: number, exemplar: boolean): void {
    if (this.length === this.series.length) {
      const capacity = Math.max(4096, this.length * 2);
      this.series = copy(new Int32Array(capacity), this.series, this.length);
      this.span = copy(new Int32Array(capacity), this.span, this.length);
      this.value = copy(new Float64Array(capacity), this.value, this.length);
      this.exemplar = copy(new Uint8Array(capacity), this.exemplar, this.length);
    }
    const i = this.length++;
    this.series[i] = series;
    this.span[i] = span;
    this.value[i] = value;
    this.exemplar[i] = exemplar ? 1 : 0;
  }
}

function copy<T extends Float64Array | Uint32Array | Int32Array | Int16Array | Int8Array | Uint8Array>(target: T, source: T, n: number): T {
  target.set(source.subarray(0, n) as never);
  return target;
}
