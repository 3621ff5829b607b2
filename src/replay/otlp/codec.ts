/**
 * The OTLP collector services as the transports need them: the gRPC method of each signal and
 * the `partial_success` of an Export response, read straight from its bytes
 * (Export*ServiceResponse: partial_success = 1 { rejected_* = 1 (int64), error_message = 2 }).
 */
export type Signal = 'metrics' | 'logs' | 'traces';

/** The gRPC method of a signal's collector service. */
export function grpcMethod(signal: Signal): string {
  const service = { metrics: 'metrics.v1.MetricsService', logs: 'logs.v1.LogsService', traces: 'trace.v1.TraceService' }[signal];
  return `/opentelemetry.proto.collector.${service}/Export`;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A protobuf cursor over one message's bytes (only what partial_success needs). */
class Cursor {
  at: number;
  constructor(readonly bytes: Uint8Array, from: number, readonly end: number) {
    this.at = from;
  }

  /** A varint as a number (exact up to 2^53; int64 counts are far below). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end) throw new Error('truncated varint');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }

  /** Skips a field's value; returns [start, end) of a length-delimited one. */
  skip(wireType: number): [number, number] {
    if (wireType === VARINT) this.varint();
    else if (wireType === FIXED64) this.at += 8;
    else if (wireType === FIXED32) this.at += 4;
    else if (wireType === LENGTH_DELIMITED) {
      const length = this.varint();
      const start = this.at;
      this.at += length;
      return [start, this.at];
    } else throw new Error(`unsupported wire type ${wireType}`);
    return [this.at, this.at];
  }
}

/** `partial_success` of an Export response: how many items the backend rejected, and why. */
export function partialSuccess(body: Uint8Array): { rejected: number; message: string } {
  const outer = new Cursor(body, 0, body.byteLength);
  let rejected = 0;
  let message = '';
  while (outer.at < outer.end) {
    const key = outer.varint();
    const [start, end] = outer.skip(key & 7);
    if (key !== ((1 << 3) | LENGTH_DELIMITED)) continue;
    const inner = new Cursor(body, start, end);
    while (inner.at < inner.end) {
      const field = inner.varint();
      if (field === ((1 << 3) | VARINT)) rejected = inner.varint();
      else {
        const [from, to] = inner.skip(field & 7);
        if (field === ((2 << 3) | LENGTH_DELIMITED)) message = Buffer.from(body.buffer, body.byteOffset + from, to - from).toString('utf8');
      }
    }
  }
  return { rejected, message };
}

/** A successful export: its response may still reject items (partial_success), counted by signal. */
export function acknowledged(signal: Signal, body: Uint8Array): { ok: true; rejected: { kind: string; count: number } } {
  return { ok: true, rejected: { kind: signal, count: partialSuccess(body).rejected } };
}
