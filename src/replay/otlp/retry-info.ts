/**
 * gRPC throttling hints: a failed call's `grpc-status-details-bin` trailer is a google.rpc.Status
 * whose details may hold a google.rpc.RetryInfo (the OTLP spec's way to say "retry after").
 * Schema: google/rpc/status.proto and google/rpc/error_details.proto (googleapis), the fields used.
 */
import protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
package google.rpc;
message Any { string type_url = 1; bytes value = 2; }
message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
message Duration { int64 seconds = 1; int32 nanos = 2; }
message RetryInfo { Duration retry_delay = 1; }
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;
const Status = root.lookupType('google.rpc.Status');
const RetryInfo = root.lookupType('google.rpc.RetryInfo');
const RETRY_INFO_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/** Seconds to wait according to the RetryInfo in `details`, or undefined when there is none. */
export function retryInfoSeconds(details: Uint8Array | undefined): number | undefined {
  if (!details || details.byteLength === 0) return undefined;
  try {
    const status = Status.toObject(Status.decode(details), { longs: Number }) as { details?: { type_url: string; value: Uint8Array }[] };
    const info = status.details?.find((detail) => detail.type_url === RETRY_INFO_URL);
    if (!info) return undefined;
    const retry = RetryInfo.toObject(RetryInfo.decode(info.value), { longs: Number }) as { retry_delay?: { seconds?: number; nanos?: number } };
    return (retry.retry_delay?.seconds ?? 0) + (retry.retry_delay?.nanos ?? 0) / 1e9;
  } catch {
    return undefined;
  }
}

/** A google.rpc.Status with a RetryInfo of `seconds` (what a throttling server sends). */
export function encodeRetryStatus(code: number, message: string, seconds: number): Uint8Array {
  const info = RetryInfo.encode(RetryInfo.fromObject({ retry_delay: { seconds: Math.floor(seconds), nanos: Math.round((seconds % 1) * 1e9) } })).finish();
  return Status.encode(Status.fromObject({ code, message, details: [{ type_url: RETRY_INFO_URL, value: info }] })).finish();
}
