/**
 * The replayer's own Prometheus metrics (prom-client) and its optional `/metrics` + `/health`
 * endpoint. The rate-controlled generator spec's names (`generator_bytes_produced_total`, …) are
 * served too, as aliases read from the same metrics at scrape time (one count, two names).
 */
import http from 'node:http';
import { Counter, Histogram, Registry, type Metric } from 'prom-client';
import { badArgument } from '../../errors.js';

export interface ReplayMetrics {
  registry: Registry;
  recordsSent: Counter;
  bytesSent: Counter;
  errors: Counter<'reason'>;
  requestDuration: Histogram;
  rateLimitWait: Counter;
}

export function createReplayMetrics(target: string): ReplayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ target });
  const registers = [registry];
  const metrics: ReplayMetrics = {
    registry,
    recordsSent: new Counter({ name: 'teleforge_replay_records_sent_total', help: 'Records acknowledged by the backend', registers }),
    bytesSent: new Counter({ name: 'teleforge_replay_bytes_sent_total', help: 'Request body bytes acknowledged by the backend', registers }),
    errors: new Counter({ name: 'teleforge_replay_errors_total', help: 'Failed requests by reason', labelNames: ['reason'], registers }),
    requestDuration: new Histogram({
      name: 'teleforge_replay_request_duration_seconds',
      help: 'Duration of each request to the backend',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    rateLimitWait: new Counter({ name: 'teleforge_replay_rate_limit_wait_seconds_total', help: 'Time spent waiting for the rate limiter', registers }),
  };
  registry.registerMetric(alias(metrics.bytesSent, 'generator_bytes_produced_total', 'Bytes acknowledged by the target (alias of teleforge_replay_bytes_sent_total)'));
  registry.registerMetric(alias(metrics.recordsSent, 'generator_records_produced_total', 'Records acknowledged by the target (alias of teleforge_replay_records_sent_total)'));
  registry.registerMetric(alias(metrics.errors, 'generator_produce_errors_total', 'Failed deliveries by reason (alias of teleforge_replay_errors_total)'));
  registry.registerMetric(alias(metrics.requestDuration, 'generator_produce_latency_seconds', 'Duration of each delivery (alias of teleforge_replay_request_duration_seconds)'));
  return metrics;
}

/** `source` served under another name: its samples renamed when scraped. */
function alias(source: Metric, name: string, help: string): Metric {
  const renamed = {
    name,
    help,
    async get() {
      const metric = await source.get();
      // Histogram samples carry their own name (`…_bucket`, `…_sum`, `…_count`).
      const values = metric.values.map((value) => {
        const own = (value as { metricName?: string }).metricName;
        return own === undefined ? value : { ...value, metricName: name + own.slice(metric.name.length) };
      });
      return { ...metric, name, help, values };
    },
  };
  // prom-client's registry only calls name and get() of what it serves.
  return renamed as unknown as Metric;
}

/** Serves `/metrics` and `/health` on `host:port`; resolves once listening. */
export async function serveMetrics(metrics: ReplayMetrics, address: string): Promise<http.Server> {
  const match = /^(.*):(\d+)$/.exec(address);
  if (!match) throw badArgument(`--metrics-addr: '${address}' is not host:port (e.g. 127.0.0.1:9465)`);
  const server = http.createServer((request, response) => {
    if (request.url === '/health') {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK\n');
    } else if (request.url === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
        (error: Error) => response.writeHead(500).end(error.message),
      );
    } else {
      response.writeHead(404).end('not found: try /metrics or /health\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(badArgument(`--metrics-addr: cannot listen on ${address} (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
    server.listen(Number(match[2]), match[1] || '0.0.0.0', resolve);
  });
  return server;
}
