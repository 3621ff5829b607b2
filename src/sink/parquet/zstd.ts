/**
 * zstd through zstd-napi's native binding, compressing into one reused buffer: the library's
 * `Compressor.compress` returns a fresh Buffer per call, and a compile compresses thousands of
 * pages, whose external memory then drives V8 into extra garbage collections. The level is set
 * once on the context (ZSTD_compress2): passing it per call re-derives the parameters every
 * time, which tripled the cost of a 20 kB page here.
 */
import { createRequire } from 'node:module';

type Binding = typeof import('zstd-napi/binding.js');

const binding = createRequire(import.meta.url)('zstd-napi/binding.js') as Binding;
/** Level 1, as parquet-wasm wrote: higher levels cost far more CPU than the bytes they save here. */
const LEVEL = 1;

let context: InstanceType<Binding['CCtx']> | undefined;
let output = new Uint8Array(1 << 20);

/** The compressed bytes of `data`; the view is valid until the next call. */
export function zstdCompress(data: Uint8Array): Uint8Array {
  if (!context) {
    context = new binding.CCtx();
    context.setParameter(binding.CParameter.compressionLevel, LEVEL);
  }
  const bound = binding.compressBound(data.length);
  if (output.length < bound) output = new Uint8Array(Math.ceil(bound * 1.25));
  const length = context.compress2(output, data);
  return output.subarray(0, length);
}
