/**
 * Producer benchmark (issue 21), each figure the median of 3 runs where the issue asks for a ratio:
 * - `produce` → `file` target, 4 KiB payloads, unlimited rate: bytes/s on disk against `dd bs=1M`
 *   writing the same number of bytes to the same directory in the same run (target ≥ 0.8);
 * - `produce` → `http` target into a loopback sink (this process), records/s against `curl
 *   --parallel` posting the very same bodies (the sink keeps each body it received, laid out as
 *   `--dump` lays them out) at the same concurrency (target ≥ 0.8);
 * - rate accuracy: steady mode at 1 Mbit/s and at 50 MB/s for 30 s each, into the file target:
 *   the achieved payload rate (target within ±2 %) and the per-second jitter.
 * Exported for the main bench; run alone with `node dist/scripts/bench-producer.js`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliAsync, tempDir } from '../../test/helpers.js';
import { medianBy } from './common.js';

interface ProduceJson {
  records: number;
  bytes: number;
  elapsedMs: number;
  recordsPerSecond: number;
  bytesPerSecond: number;
  bytesPerSecondSeries: number[];
}

export interface ProducerBench {
  file: { bytes: number; teleforgeBytesPerSecond: number; ddBytesPerSecond: number; ratio: number; ratios: number[] };
  http: { records: number; teleforgePerSecond: number; curlPerSecond: number; ratio: number; ratios: number[] };
  rate: { label: string; target: number; achieved: number; error: number; jitter: number; minSecond: number; maxSecond: number }[];
}

async function produce(args: string[]): Promise<ProduceJson> {
  const result = await runCliAsync(['produce', ...args, '--json', '--quiet']);
  if (result.code !== 0) throw new Error(`produce failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ProduceJson;
}

/** 1M payloads of 512 B (~0.5 GB, ~1 s of sending): at 200k the run was a fifth of a second, half of it V8 warming up. */
const HTTP_RECORDS = 1_000_000;

const median = (values: number[]) => medianBy(values, (value) => value);

function directoryBytes(dir: string): number {
  return readdirSync(dir).filter((name) => name.startsWith('payloads.bin')).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** One file run and one dd run of the same size in the same directory. */
async function fileRound(records: number): Promise<{ bytes: number; teleforge: number; dd: number }> {
  const dir = tempDir('teleforge-bench-file-');
  try {
    // Each writer starts with no dirty pages of the other still being written back.
    spawnSync('sync');
    const run = await produce(['--target', `file://${join(dir, 'payloads.bin')}`, '--payload-size', '4096', '--records', String(records), '--parallel', '1']);
    const bytes = directoryBytes(dir);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const count = Math.ceil(bytes / 2 ** 20);
    spawnSync('sync');
    const began = performance.now();
    const dd = spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'dd.bin')}`, 'bs=1M', `count=${count}`], { encoding: 'utf8' });
    const ddSeconds = (performance.now() - began) / 1000;
    if (dd.status !== 0) throw new Error(`dd failed: ${dd.stderr}`);
    return { bytes, teleforge: bytes / (run.elapsedMs / 1000), dd: (count * 2 ** 20) / ddSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A loopback ingest that answers 204 and, when `keep` is set, keeps each body as --dump does. */
async function startSink(): Promise<{ url: string; keep(dir: string | undefined): void; close(): void }> {
  let dump: string | undefined;
  let index = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (dump) {
        const file = `bodies/b${String(index++).padStart(6, '0')}`;
        writeFileSync(join(dump, file), Buffer.concat(chunks));
        appendFileSync(join(dump, 'requests.jsonl'), `${JSON.stringify({ file, path: '', headers: { 'Content-Type': request.headers['content-type'] } })}\n`);
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`,
    keep(dir) {
      dump = dir;
      index = 0;
      if (dir) mkdirSync(join(dir, 'bodies'), { recursive: true });
    },
    close: () => server.close(),
  };
}

/** Posts every kept body with one `curl --parallel` at `workers` concurrency; returns seconds. */
async function curlPost(dump: string, url: string, workers: number): Promise<number> {
  const files = readdirSync(join(dump, 'bodies')).sort();
  const config = files.map((file) => [`url = "${url}"`, `data-binary = "@${join(dump, 'bodies', file)}"`, 'header = "Content-Type: application/x-ndjson"', 'output = "/dev/null"', 'fail', 'silent'].join('\n')).join('\nnext\n');
  writeFileSync(join(dump, 'curl.config'), `${config}\n`);
  const began = performance.now();
  // Asynchronously: the sink answering curl runs in this process.
  const code = await new Promise<number>((resolve) => {
    const child = spawn('curl', ['--parallel', '--parallel-max', String(workers), '--config', join(dump, 'curl.config')]);
    child.on('close', (status) => resolve(status ?? -1));
  });
  if (code !== 0) throw new Error(`curl failed (${code})`);
  return (performance.now() - began) / 1000;
}

async function httpRound(sink: Awaited<ReturnType<typeof startSink>>, records: number, workers: number): Promise<{ teleforge: number; curl: number }> {
  const dump = tempDir('teleforge-bench-http-');
  try {
    sink.keep(dump);
    const run = await produce(['--target', sink.url, '--payload-size', '512', '--records', String(records), '--parallel', String(workers), '--batch-size', '1000']);
    sink.keep(undefined);
    const seconds = await curlPost(dump, sink.url, workers);
    return { teleforge: run.recordsPerSecond, curl: run.records / seconds };
  } finally {
    sink.keep(undefined);
    rmSync(dump, { recursive: true, force: true });
  }
}

async function rateRun(label: string, rate: string, bytesPerSecond: number, payloadSize: number, seconds: number): Promise<ProducerBench['rate'][number]> {
  const dir = tempDir('teleforge-bench-rate-');
  try {
    const run = await produce(['--target', `file://${join(dir, 'payloads.bin')}`, '--payload-size', String(payloadSize), '--rate', rate, '--duration', `${seconds}s`, '--mode', 'steady']);
    const full = run.bytesPerSecondSeries.slice(1, Math.floor(run.elapsedMs / 1000));
    const mean = full.reduce((a, b) => a + b, 0) / full.length;
    const jitter = Math.sqrt(full.reduce((a, b) => a + (b - mean) ** 2, 0) / full.length) / mean;
    return { label, target: bytesPerSecond, achieved: run.bytesPerSecond, error: run.bytesPerSecond / bytesPerSecond - 1, jitter, minSecond: Math.min(...full), maxSecond: Math.max(...full) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchProducer(options: { rounds?: number; rateSeconds?: number; log?: (line: string) => void } = {}): Promise<ProducerBench> {
  const rounds = options.rounds ?? 3;
  const log = options.log ?? (() => undefined);
  const files = [];
  for (let i = 0; i < rounds; i++) {
    const round = await fileRound(131_072);
    files.push(round);
    log(`file round ${i + 1}: teleforge ${(round.teleforge / 1e6).toFixed(0)} MB/s, dd ${(round.dd / 1e6).toFixed(0)} MB/s, ratio ${(round.teleforge / round.dd).toFixed(2)}`);
  }
  const sink = await startSink();
  const posts = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const round = await httpRound(sink, HTTP_RECORDS, 2);
      posts.push(round);
      log(`http round ${i + 1}: teleforge ${Math.round(round.teleforge)} records/s, curl ${Math.round(round.curl)} records/s, ratio ${(round.teleforge / round.curl).toFixed(2)}`);
    }
  } finally {
    sink.close();
  }
  const seconds = options.rateSeconds ?? 30;
  const rate = [await rateRun('1 Mbit/s, 512 B payloads', '1mbit', 125_000, 512, seconds), await rateRun('50 MB/s, 4 KiB payloads', '50MB/s', 50e6, 4096, seconds)];
  for (const r of rate) log(`rate ${r.label}: achieved ${(r.achieved / 1e6).toFixed(4)} MB/s (${(r.error * 100).toFixed(2)} %), per-second jitter ${(r.jitter * 100).toFixed(2)} % (min ${(r.minSecond / 1e6).toFixed(3)}, max ${(r.maxSecond / 1e6).toFixed(3)} MB)`);
  const fileRatios = files.map((r) => r.teleforge / r.dd);
  const httpRatios = posts.map((r) => r.teleforge / r.curl);
  return {
    file: { bytes: files[0]!.bytes, teleforgeBytesPerSecond: median(files.map((r) => r.teleforge)), ddBytesPerSecond: median(files.map((r) => r.dd)), ratio: median(fileRatios), ratios: fileRatios },
    http: { records: HTTP_RECORDS, teleforgePerSecond: median(posts.map((r) => r.teleforge)), curlPerSecond: median(posts.map((r) => r.curl)), ratio: median(httpRatios), ratios: httpRatios },
    rate,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchProducer({ log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
