/**
 * A real VictoriaMetrics (the Debian package's binary, installed by scripts/setup.sh) on a free
 * loopback port with a temporary data directory, started and stopped by the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tempDir } from '../helpers.js';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface VictoriaMetricsOptions {
  retentionPeriod?: string;
  /** -dedup.minScrapeInterval (e.g. 1ms): a re-sent sample (same series and timestamp) is then a no-op. */
  dedupMinScrapeInterval?: string;
  /** user:password required on every request (-httpAuth.username/-httpAuth.password). */
  basicAuth?: string;
}

export class VictoriaMetrics {
  readonly dataDir = tempDir('teleforge-vm-');
  private child: ChildProcess | undefined;
  port = 0;

  constructor(private readonly options: VictoriaMetricsOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    const args = [
      `-storageDataPath=${this.dataDir}`,
      `-httpListenAddr=127.0.0.1:${this.port}`,
      `-retentionPeriod=${this.options.retentionPeriod ?? '100y'}`,
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-memory.allowedPercent=20',
      '-loggerLevel=ERROR',
    ];
    if (this.options.dedupMinScrapeInterval) args.push(`-dedup.minScrapeInterval=${this.options.dedupMinScrapeInterval}`);
    if (this.options.basicAuth) {
      const [user, password] = this.options.basicAuth.split(':');
      args.push(`-httpAuth.username=${user}`, `-httpAuth.password=${password}`);
    }
    this.child = spawn('victoria-metrics', args, { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ok = await fetch(`${this.url}/health`).then((r) => r.status === 200 || r.status === 401, () => false);
      if (ok) return this;
      if (Date.now() > deadline) throw new Error('victoria-metrics did not start within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the server (SIGTERM lets it persist what it acknowledged; SIGKILL does not). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    child.kill(signal);
    await once(child, 'exit');
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Every stored sample of series matching `match` as `{metric, values, timestamps}` lines. */
  async export(match: string): Promise<{ metric: Record<string, string>; values: number[]; timestamps: number[] }[]> {
    await fetch(`${this.url}/internal/force_flush`);
    const response = await fetch(`${this.url}/api/v1/export?${new URLSearchParams({ 'match[]': match, start: '0' })}`, { headers: this.authHeaders() });
    const text = await response.text();
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { metric: Record<string, string>; values: number[]; timestamps: number[] });
  }

  /** A PromQL range query (`/api/v1/query_range`, times in seconds): each result series' [time, value] pairs. */
  async queryRange(promql: string, start: number, end: number, step: number): Promise<{ metric: Record<string, string>; values: [number, number][] }[]> {
    await fetch(`${this.url}/internal/force_flush`);
    const params = new URLSearchParams({ query: promql, start: String(start), end: String(end), step: String(step) });
    const response = await fetch(`${this.url}/api/v1/query_range?${params}`, { headers: this.authHeaders() });
    const answer = (await response.json()) as { status: string; data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
    if (answer.status !== 'success') throw new Error(`query_range ${promql}: ${JSON.stringify(answer)}`);
    return answer.data.result.map(({ metric, values }) => ({ metric, values: values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
  }

  private authHeaders(): Record<string, string> {
    return this.options.basicAuth ? { Authorization: `Basic ${Buffer.from(this.options.basicAuth).toString('base64')}` } : {};
  }
}
