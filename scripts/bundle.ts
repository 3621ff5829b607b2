/**
 * Links the compiled CLI and compile worker (dist/src, from tsc) into a few ESM files under
 * dist/bundle. A Node 20 process spends ~0.3 s of CPU resolving and compiling the ~400 modules
 * (ours, apache-arrow's, zod's, yargs') one by one; from the bundle a compile worker starts in
 * ~0.08 s (the social benchmark, which counts a process's whole CPU, is linked the same way). Packages with native addons, WebAssembly or files read at run time stay external.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-root.js';

const EXTERNAL = [
  '@duckdb/*',
  'zstd-napi',
  'snappy',
  'parquet-wasm',
  '@opentelemetry/*',
  '@grpc/*',
  'protobufjs',
  'prom-client',
];

const outdir = join(PACKAGE_ROOT, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    teleforge: join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'bin.js'),
    // pool.ts forks './worker.js' next to itself: in the bundle, next to the chunk holding it.
    worker: join(PACKAGE_ROOT, 'dist', 'src', 'run', 'worker.js'),
    // The social benchmark measures CPU per root request: it starts as a compile worker does.
    'bench-social': join(PACKAGE_ROOT, 'dist', 'scripts', 'bench', 'bench-social.js'),
  },
  outdir,
  bundle: true,
  // Lazy commands (query, replay, …) stay lazy: each dynamic import becomes a chunk of its own.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // CommonJS packages inside the bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'error',
});
