/**
 * A small keep-alive HTTP(S) client bound to one base URL, with at most `connections` sockets.
 * Credentials live only in the request headers: `describe()` names the server without them.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The same body as bytes (OTLP answers in protobuf). */
  body: Uint8Array;
}

export interface HttpClient {
  /** The base URL without credentials, query or fragment (safe to print). */
  describe(): string;
  request(method: 'GET' | 'POST', path: string, headers?: Record<string, string>, body?: Uint8Array): Promise<HttpResponse>;
  /** The same server, connections and headers under another base path (e.g. a query API beside a write endpoint). */
  under(basePath: string): HttpClient;
  close(): void;
}

export interface HttpClientOptions {
  url: string;
  /** Headers added to every request (auth, --header). */
  headers: Record<string, string>;
  connections: number;
  timeoutMs: number;
}

/** Bounds memory for runaway responses (a /metrics page is a few hundred KiB). */
const MAX_TEXT = 8 << 20;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.url);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: options.connections })
    : new http.Agent({ keepAlive: true, maxSockets: options.connections });
  return clientAt(options, base, agent, base.pathname);
}

function clientAt(options: HttpClientOptions, base: URL, agent: http.Agent, path: string): HttpClient {
  const secure = base.protocol === 'https:';
  const basePath = path.replace(/\/+$/, '');
  const safe = `${base.protocol}//${base.host}${basePath}`;
  return {
    describe: () => safe,
    under: (other) => clientAt(options, base, agent, other),
    request(method, path, headers = {}, body) {
      return new Promise((resolve, reject) => {
        const request = (secure ? https : http).request(
          {
            method,
            agent,
            protocol: base.protocol,
            hostname: base.hostname.replace(/^\[|\]$/g, ''),
            port: base.port,
            path: `${basePath}${path}`,
            headers: { ...options.headers, ...headers, ...(body ? { 'Content-Length': String(body.byteLength) } : {}) },
            timeout: options.timeoutMs,
          },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on('data', (chunk: Buffer) => {
              if (size < MAX_TEXT) chunks.push(chunk);
              size += chunk.length;
            });
            response.on('end', () => {
              const body = Buffer.concat(chunks);
              resolve({ status: response.statusCode ?? 0, headers: response.headers, text: body.toString('utf8'), body });
            });
            response.on('error', reject);
          },
        );
        request.on('timeout', () => request.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
        request.on('error', reject);
        request.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Network errors worth retrying: the server is away or dropped the connection. */
export function isRetryableNetworkError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(code);
}

/** A JSON GET that fails with a one-line message naming the server. */
export async function getJson(client: HttpClient, path: string): Promise<unknown> {
  const response = await client.request('GET', path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${oneLine(response.text)}`);
  return JSON.parse(response.text) as unknown;
}

export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
