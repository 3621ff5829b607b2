/**
 * --dump: each request body in its own file, plus `requests.jsonl` (path, the encoder's headers,
 * file) to post them later. Auth and --header values are left out: they may be secrets.
 */
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { badArgument } from '../../errors.js';
import { join } from 'node:path';
import type { Transport } from './types.js';

export function dumpTransport(dir: string): Transport {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw badArgument(`--dump: ${dir} is a file; give a directory (it is created when missing)`);
  mkdirSync(join(dir, 'bodies'), { recursive: true });
  return {
    where: `dump:${dir}`,
    async attempt(request, name) {
      const file = `bodies/${name}`;
      writeFileSync(join(dir, file), request.body);
      const entry = { file, path: request.path, headers: request.headers, records: request.records, bytes: request.body.byteLength };
      appendFileSync(join(dir, 'requests.jsonl'), `${JSON.stringify(entry)}\n`);
      return { ok: true };
    },
    close: () => undefined,
  };
}
