/**
 * The transport of targets that POST their bodies (VictoriaMetrics, VictoriaLogs, remote write):
 * connection refused/reset, 429 and 5xx are retried (Retry-After honoured); 401/403 and any other
 * 4xx fail the replay with the server's own message.
 */
import { isRetryableNetworkError, oneLine, type HttpClient } from './http.js';
import { isRetryableStatus } from './retry.js';
import type { Attempt, Transport } from './types.js';

export function httpPostTransport(http: HttpClient): Transport {
  const where = http.describe();
  return {
    where,
    async attempt(request): Promise<Attempt> {
      let response;
      try {
        response = await http.request('POST', request.path, request.headers, request.body);
      } catch (error) {
        if (isTlsMismatch(error)) return { ok: false, retryable: false, message: `${where}: TLS handshake failed: the server does not speak TLS on this port (use http://)` };
        if (!isRetryableNetworkError(error)) return { ok: false, retryable: false, message: `${where}: ${oneLine((error as Error).message)}` };
        const code = (error as NodeJS.ErrnoException).code!;
        return { ok: false, retryable: true, reason: code.toLowerCase(), detail: code };
      }
      const { status } = response;
      if (status >= 200 && status < 300) return { ok: true };
      const detail = `${status} ${oneLine(response.text)}`;
      if (status === 401 || status === 403) {
        return { ok: false, retryable: false, reason: 'auth', message: `${where}: authentication failed (${status}); check --auth-basic / --auth-bearer (or TELEFORGE_AUTH_BASIC / TELEFORGE_AUTH_BEARER)` };
      }
      if (!isRetryableStatus(status)) return { ok: false, retryable: false, reason: `http_${status}`, message: `${where}${request.path.split('?')[0]} rejected a batch: ${detail}` };
      const header = response.headers['retry-after'];
      return { ok: false, retryable: true, reason: `http_${status}`, detail, retryAfter: Array.isArray(header) ? header[0] : header };
    },
    close: () => http.close(),
  };
}

/** OpenSSL's answer when an https:// client meets a plain HTTP server (several lines of library text otherwise). */
function isTlsMismatch(error: unknown): boolean {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/.test(message ?? '');
}
