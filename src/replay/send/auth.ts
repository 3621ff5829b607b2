/**
 * Request headers from --auth-bearer, --auth-basic, credentials in the URL and --header k=v.
 * The returned URL has no credentials; nothing here is ever printed.
 */
import { badArgument } from '../../errors.js';

export interface AuthOptions {
  url: string;
  bearer?: string;
  basic?: string;
  headers?: string[];
}

export const AUTH_ENV = { bearer: 'TELEFORGE_AUTH_BEARER', basic: 'TELEFORGE_AUTH_BASIC' } as const;

export function requestHeaders(options: AuthOptions): { url: string; headers: Record<string, string> } {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw badArgument(`--url: '${redact(options.url)}' is not a URL (e.g. http://127.0.0.1:8428)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badArgument(`--url: use http:// or https:// (got ${url.protocol})`);
  const headers: Record<string, string> = {};
  for (const entry of options.headers ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0) throw badArgument(`--header: '${entry.split('=')[0]}' is not of the form name=value`);
    headers[entry.slice(0, at).trim()] = entry.slice(at + 1);
  }
  const inUrl = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  url.username = '';
  url.password = '';
  // Name where the basic credentials came from: a user who typed none must not be told about --auth-basic.
  if (options.bearer && options.basic) throw badArgument('--auth-bearer and --auth-basic: choose one');
  if (options.bearer && inUrl) throw badArgument('--auth-bearer and credentials in --url (user:password@): choose one');
  const basic = options.basic ?? inUrl;
  if (basic !== undefined) {
    if (!basic.includes(':')) throw badArgument('--auth-basic: expected user:password');
    headers.Authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else if (options.bearer) {
    headers.Authorization = `Bearer ${options.bearer}`;
  }
  return { url: url.toString(), headers };
}

/** A URL as it may be printed: without user info. */
export function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//');
}
