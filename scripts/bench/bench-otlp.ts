/**
 * OTLP and remote write benchmark: teleforge replaying spans, log records and k8s samples over
 * OTLP/HTTP and OTLP/gRPC into the loopback OTLP receiver (which decodes every request with the
 * official schema), and k8s samples over remote write into a real VictoriaMetrics (run by
 * bench-replay.ts on its 1-day dataset: on 2 hours, 0.1 s of sending, fixed costs dominate); each against
 * `curl` posting the very same request bodies (written with --dump) at the same concurrency
 * (gRPC: the bodies framed as gRPC messages over HTTP/2). Exported for the main bench; run alone
 * with `node dist/scripts/bench-otlp.js`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Signal } from '../../src/replay/otlp/codec.js';
import { grpcMethod } from '../../src/replay/otlp/codec.js';
import { items, OtlpReceiver } from '../../test/doubles/otlp-receiver.js';
import { decodeRequest } from '../../test/doubles/otlp-schema.js';
import { compileDataset, runCliAsync, tempDir } from '../../test/helpers.js';
import { MetricServer } from '../../test/replay/servers.js';
import { writeTelemetryDataset } from '../../test/replay/otlp/telemetry-fixture.js';
import { medianBy } from './common.js';

export interface OtlpBenchRow {
  what: string;
  records: number;
  teleforgePerSecond: number;
  /** The replaying process's CPU per record while sending (all threads, DuckDB's included). */
  cpuMicrosPerRecord: number;
  curlPerSecond: number;
  ratio: number;
  /** Every round's ratio, in the order run (the row is the median round). */
  ratios?: number[];
}

interface DumpedRequest {
  file: string;
  path: string;
  headers: Record<string, string>;
}

interface ReplayJson {
  records: number;
  recordsPerSecond: number;
  cpuMs: number;
}

async function replayJson(args: string[]): Promise<ReplayJson> {
  const result = await runCliAsync(args);
  if (result.code !== 0) throw new Error(`replay failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ReplayJson;
}

function row(what: string, teleforge: ReplayJson, curlSeconds: number): OtlpBenchRow {
  const curlPerSecond = teleforge.records / curlSeconds;
  return {
    what,
    records: teleforge.records,
    teleforgePerSecond: teleforge.recordsPerSecond,
    cpuMicrosPerRecord: (teleforge.cpuMs * 1000) / teleforge.records,
    curlPerSecond,
    ratio: teleforge.recordsPerSecond / curlPerSecond,
  };
}

/** Posts every dumped body with curl at `workers` concurrency; gRPC bodies get the 5-byte message frame. Returns seconds. */
async function curlPost(dump: string, url: string, workers: number, grpc?: Signal): Promise<number> {
  const requests = readFileSync(join(dump, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as DumpedRequest);
  const entries = requests.map((request) => {
    let file = join(dump, request.file);
    let headers = Object.entries(request.headers).map(([k, v]) => `header = "${k}: ${v}"`);
    let target = `${url}${request.path}`;
    if (grpc) {
      const body = readFileSync(file);
      const frame = Buffer.alloc(5);
      frame.writeUInt32BE(body.length, 1);
      writeFileSync((file = `${file}.grpc`), Buffer.concat([frame, body]));
      headers = ['header = "Content-Type: application/grpc"', 'header = "TE: trailers"', 'http2-prior-knowledge'];
      target = `${url}${grpcMethod(grpc)}`;
    }
    return [`url = "${target}"`, `data-binary = "@${file}"`, ...headers, 'output = "/dev/null"', 'fail', 'silent'].join('\n');
  });
  const began = performance.now();
  if (grpc) {
    // curl 7.88 breaks HTTP/2 prior-knowledge connections that carry several large bodies (exit 16):
    // for gRPC, one curl per request, `workers` at a time.
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < entries.length; i = next++) {
        const config = join(dump, `curl-${i}.config`);
        writeFileSync(config, `${entries[i]}\n`);
        await runCurl(['--config', config]);
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
  } else {
    const config = join(dump, 'curl.config');
    writeFileSync(config, `${entries.join('\nnext\n')}\n`);
    await runCurl(['--parallel', '--parallel-max', String(workers), '--config', config]);
  }
  return (performance.now() - began) / 1000;
}

async function runCurl(args: string[]): Promise<void> {
  const child = spawn('curl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`curl failed (${code}): ${stderr.slice(-500)}`);
}

const ROLE_OF: Record<Signal, string> = { metrics: 'samples', logs: 'log records', traces: 'spans' };

/** Decodes every dumped body as the receiver does, so that its decoder is warm for both timed runs. */
function warmReceiver(dump: string, signal: Signal): void {
  for (const line of readFileSync(join(dump, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    items(signal, decodeRequest(signal, readFileSync(join(dump, (JSON.parse(line) as DumpedRequest).file))));
  }
}

/**
 * One signal over one OTLP transport: the bodies dumped first (curl's input, and the receiver's
 * warm-up: it runs in this process and would otherwise pay its JIT warm-up in whichever run comes
 * first), then `rounds` times teleforge into a fresh receiver and curl with the dumped bodies into
 * another; the row holds the round with the median ratio (the machine is noisy: ratios are taken
 * within a round, teleforge and curl back to back).
 */
export async function benchOtlp(dataset: string, signal: Signal, protocol: 'http/protobuf' | 'grpc', workers = 2, rounds = 3): Promise<OtlpBenchRow> {
  const common = ['--signals', signal, '--protocol', protocol, '--workers', String(workers), '--json'];
  const dump = tempDir('teleforge-bench-otlp-');
  try {
    await replayJson(['replay', 'otlp', dataset, '--dump', dump, '--checkpoint', join(dump, 'c.json'), ...common]);
    warmReceiver(dump, signal);
    const measured: OtlpBenchRow[] = [];
    for (let round = 0; round < rounds; round++) {
      const receiver = await new OtlpReceiver({ keep: false }).start();
      let teleforge;
      try {
        const url = protocol === 'grpc' ? receiver.grpcUrl : receiver.httpUrl;
        teleforge = await replayJson(['replay', 'otlp', dataset, '--endpoint', url, '--checkpoint', join(tempDir(), 'c.json'), ...common]);
        if (receiver.counts[signal] !== teleforge.records) throw new Error(`receiver counted ${receiver.counts[signal]} of ${teleforge.records}`);
      } finally {
        await receiver.stop();
      }
      const fresh = await new OtlpReceiver({ keep: false }).start();
      let seconds: number;
      try {
        seconds = await curlPost(dump, protocol === 'grpc' ? fresh.grpcUrl : fresh.httpUrl, workers, protocol === 'grpc' ? signal : undefined);
        if (fresh.counts[signal] !== teleforge.records) throw new Error(`curl delivered ${fresh.counts[signal]} of ${teleforge.records}`);
      } finally {
        await fresh.stop();
      }
      measured.push(row(`otlp ${protocol} ${ROLE_OF[signal]}`, teleforge, seconds));
    }
    return medianRow(measured);
  } finally {
    rmSync(dump, { recursive: true, force: true });
  }
}

/** The round whose ratio is the median, with every round's ratio beside it. */
export function medianRow(rows: OtlpBenchRow[]): OtlpBenchRow {
  return { ...medianBy(rows, (row) => row.ratio), ratios: rows.map((r) => r.ratio) };
}

/** Remote write of a k8s dataset into a real VictoriaMetrics, then curl with the dumped bodies into a fresh one; `rounds` times, the median round. */
export async function benchRemoteWrite(dataset: string, workers = 2, rounds = 3): Promise<OtlpBenchRow> {
  const common = ['--workers', String(workers), '--json'];
  const dump = tempDir('teleforge-bench-rw-');
  try {
    await replayJson(['replay', 'remote-write', dataset, '--dump', dump, '--checkpoint', join(dump, 'c.json'), ...common]);
    const measured: OtlpBenchRow[] = [];
    for (let round = 0; round < rounds; round++) {
      let server = await MetricServer.victoriaMetrics();
      let teleforge;
      try {
        teleforge = await replayJson(['replay', 'remote-write', dataset, '--url', server.writeUrl, '--checkpoint', join(tempDir(), 'c.json'), ...common]);
      } finally {
        await server.stop();
      }
      server = await MetricServer.victoriaMetrics();
      try {
        measured.push(row('remote-write samples → VictoriaMetrics', teleforge, await curlPost(dump, server.writeUrl, workers)));
      } finally {
        await server.stop();
      }
    }
    return medianRow(measured);
  } finally {
    rmSync(dump, { recursive: true, force: true });
  }
}

/** A 12 h k8s dataset and 240k spans + 240k log records: a few seconds of sending each, so that start-up is not what is measured. */
export async function benchOtlpDatasets(): Promise<{ k8s: string; telemetry: string }> {
  const k8s = join(tempDir('teleforge-bench-k8s-'), 'k8s-12h');
  compileDataset('test/fixtures/k8s-test.yaml', k8s, ['--duration', '12h']);
  const telemetry = tempDir('teleforge-bench-telemetry-');
  await writeTelemetryDataset(telemetry, { parts: 2, traces: 30_000 });
  return { k8s, telemetry };
}

/** Every OTLP row (remote write runs on the 1-day dataset of bench-replay.ts); `onRow` sees each as soon as it is measured. */
export async function benchOtlpAll(onRow: (row: OtlpBenchRow) => void = () => {}): Promise<OtlpBenchRow[]> {
  const { k8s, telemetry } = await benchOtlpDatasets();
  const rows: OtlpBenchRow[] = [];
  const add = (row: OtlpBenchRow) => {
    rows.push(row);
    onRow(row);
  };
  for (const protocol of ['http/protobuf', 'grpc'] as const) {
    add(await benchOtlp(telemetry, 'traces', protocol));
    add(await benchOtlp(telemetry, 'logs', protocol));
    add(await benchOtlp(k8s, 'metrics', protocol));
  }
  return rows;
}

export function formatOtlpRow(row: OtlpBenchRow): string {
  const k = (n: number) => `${(n / 1e3).toFixed(1)}k/s`;
  return `${row.what}: ${row.records} — teleforge ${k(row.teleforgePerSecond)} (${row.cpuMicrosPerRecord.toFixed(2)} µs CPU/record), curl (same bodies) ${k(row.curlPerSecond)}, ratio ${row.ratio.toFixed(2)}${row.ratios ? ` (median of ${row.ratios.map((r) => r.toFixed(2)).join(', ')})` : ''}`;
}

async function main(): Promise<void> {
  await benchOtlpAll((row) => process.stdout.write(`${formatOtlpRow(row)}\n`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
