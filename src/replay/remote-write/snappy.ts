/**
 * Snappy block compression (the raw format remote write specifies, not the framed one) with
 * the `snappy` package: Google's algorithm in Rust through napi-rs, a prebuilt binary shipped in
 * the npm package for each platform. Measured against snappyjs on remote write bodies: see
 * docs/replay-otlp.md.
 */
import { compressSync } from 'snappy';

/** The compressed bytes of `data` (which may be reused as soon as this returns). */
export function compressSnappy(data: Uint8Array): Uint8Array {
  return compressSync(data);
}
