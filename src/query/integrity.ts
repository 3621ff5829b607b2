/**
 * Checks that the files on disk are the files summary.json records: present, same bytes and
 * sha256, same rows (and table totals that add up), and no data file the summary does not list.
 */
import { fileFormat } from '../dataset/open.js';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { STATE_DIR } from '../dataset/directory.js';
import { check, listSome, type CheckResult } from './check.js';
import { fileBytesAndHash, fileRows } from './file-stats.js';
import type { QuerySession } from './session.js';

const DATA_FILE = /\.(parquet|jsonl|jsonl\.zst)$/;

export async function integrityChecks(session: QuerySession): Promise<CheckResult[]> {
  const { dir, summary } = session.dataset;
  const files = Object.values(summary.tables).flatMap((table) => table.files);
  const present = files.filter((file) => existsSync(join(dir, file.path)));
  const missing = files.filter((file) => !present.includes(file)).map((file) => file.path);

  const changed: string[] = [];
  const wrongRows: string[] = [];
  for (const file of present) {
    const actual = await fileBytesAndHash(join(dir, file.path));
    if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256) changed.push(file.path);
    const rows = await fileRows(session, join(dir, file.path)).catch((error: Error) => `unreadable (${error.message.split('\n')[0]})`);
    if (rows !== file.rows) wrongRows.push(`${file.path}: ${typeof rows === 'number' ? `${rows} rows, summary says ${file.rows}` : rows}`);
  }
  const format = summary.output.formats[0];
  for (const [name, table] of Object.entries(summary.tables)) {
    const counted = table.files.filter((file) => fileFormat(file.path) === format);
    const total = counted.reduce((sum, file) => sum + file.rows, 0);
    if (total !== table.rows) wrongRows.push(`${name}: files hold ${total} rows, summary says ${table.rows}`);
    for (const [field, perPeriod] of [['rows_per_day', table.rows_per_day], ['rows_per_month', table.rows_per_month]] as const) {
      const sum = Object.values(perPeriod ?? {}).reduce((total, rows) => total + rows, 0);
      if (perPeriod && sum !== table.rows) wrongRows.push(`${name}: ${field} add up to ${sum}, summary says ${table.rows}`);
    }
  }
  const listed = new Set(files.map((file) => file.path));
  const extra = (await dataFiles(dir)).filter((path) => !listed.has(path));
  const rows = Object.values(summary.tables).reduce((sum, table) => sum + table.rows, 0);
  return [
    check('files present', missing.length === 0, missing.length === 0 ? `${files.length} of ${files.length} files` : `missing ${listSome(missing)}`),
    check('files unchanged (bytes, sha256)', changed.length === 0, changed.length === 0 ? `${present.length} files match` : `changed ${listSome(changed)}`),
    check('rows as recorded', wrongRows.length === 0, wrongRows.length === 0 ? `${rows} rows in ${present.length} files` : listSome(wrongRows, 2)),
    check('no other data files', extra.length === 0, extra.length === 0 ? '0 unlisted' : `unlisted ${listSome(extra)}`),
  ];
}

/** Data files below `dir` outside teleforge's private state, as paths relative to `dir`. */
async function dataFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && DATA_FILE.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((path) => path !== STATE_DIR && !path.startsWith(`${STATE_DIR}/`))
    .sort();
}
