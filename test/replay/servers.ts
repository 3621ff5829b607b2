/**
 * Real metric servers started by the tests on free loopback ports with temporary storage:
 * Prometheus (Debian `prometheus`, remote write receiver on, an out-of-order window so a replay's
 * concurrent batches may interleave in time) and VictoriaMetrics (Debian `victoria-metrics`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopProcess, tempDir } from '../helpers.js';
import { freePort } from './victoria-metrics-server.js';

export class MetricServer {
  readonly dir = tempDir('teleforge-server-');
  private child: ChildProcess | undefined;
  private port = 0;

  private constructor(private readonly kind: 'prometheus' | 'victoria-metrics') {}

  static prometheus(): Promise<MetricServer> {
    return new MetricServer('prometheus').start();
  }

  static victoriaMetrics(): Promise<MetricServer> {
    return new MetricServer('victoria-metrics').start();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get writeUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  private async start(): Promise<this> {
    this.port = await freePort();
    const address = `127.0.0.1:${this.port}`;
    let args: string[];
    if (this.kind === 'prometheus') {
      const config = join(this.dir, 'prometheus.yml');
      writeFileSync(config, 'global:\n  scrape_interval: 1h\nstorage:\n  tsdb:\n    out_of_order_time_window: 1d\n');
      args = [`--config.file=${config}`, `--storage.tsdb.path=${join(this.dir, 'data')}`, `--web.listen-address=${address}`, '--web.enable-remote-write-receiver', '--log.level=error'];
    } else {
      args = [`-storageDataPath=${join(this.dir, 'data')}`, `-httpListenAddr=${address}`, '-retentionPeriod=100y', '-search.latencyOffset=0s', '-search.disableCache', '-loggerLevel=ERROR'];
    }
    this.child = spawn(this.kind, args, { stdio: 'ignore' });
    const ready = this.kind === 'prometheus' ? '/-/ready' : '/health';
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`${this.url}${ready}`).then((r) => r.status === 200, () => false))) {
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`${this.kind} did not start on ${address}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this;
  }

  /** The stored samples of one series as PromQL sees them over [startMs, endMs]. */
  async samples(selector: string, startMs: number, endMs: number): Promise<{ labels: Record<string, string>; values: [number, string][] }[]> {
    const window = `${endMs - startMs + 1}ms`;
    const params = new URLSearchParams({ query: `${selector}[${window}]`, time: (endMs / 1000).toFixed(3) });
    const answer = (await (await fetch(`${this.url}/api/v1/query?${params}`)).json()) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
    return answer.data.result.map((r) => ({ labels: r.metric, values: r.values }));
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopProcess(child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
