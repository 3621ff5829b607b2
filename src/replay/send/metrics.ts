/** The replayer's own Prometheus metrics (prom-client) and its optional `/metrics` + `/health` endpoint. */
import http from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
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
  return {
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
