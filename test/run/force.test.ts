/** `--force` replaces a dataset by removing only what teleforge wrote: a user's files in its folders stay. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { Summary } from '../../src/dataset/summary.js';
import { FIXTURES, runCli, tempDir } from '../helpers.js';

function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith('.teleforge'))
    .sort();
}

function put(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe('compile --force', () => {
  it('removes the old dataset\'s files, its leftovers and emptied folders, and keeps a user\'s files', () => {
    const out = join(tempDir(), 'dataset');
    const social = runCli(['compile', join(FIXTURES, 'social-test.yaml'), '--duration', '2d', '--format', 'parquet,jsonl', '--out', out, '--quiet']);
    assert.equal(social.code, 0, social.stderr);
    const mine: Record<string, string> = {
      'metrics/mine/keep.txt': 'mine',
      'metrics/samples/README.md': 'about the samples',
      'logs/notes.parquet.txt': 'mine too',
      'labels/my-incidents.csv': 'id,kind',
      'notes.txt': 'top level',
    };
    for (const [path, text] of Object.entries(mine)) put(out, path, text);
    // What a partition killed before its manifest leaves: a finished part file and a temp file.
    put(out, 'logs/month=2026-03/part-0009.parquet', 'leftover');
    put(out, 'metrics/samples/month=2026-03/part-0009.parquet.tmp-12345', 'leftover');

    const k8s = runCli(['compile', join(FIXTURES, 'k8s-test.yaml'), '--duration', '1h', '--out', out, '--force', '--quiet']);
    assert.equal(k8s.code, 0, k8s.stderr);
    for (const [path, text] of Object.entries(mine)) assert.equal(readFileSync(join(out, path), 'utf8'), text, path);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const listed = Object.values(summary.tables).flatMap((table) => table.files.map((file) => file.path));
    assert.deepEqual(files(out), [...listed, ...Object.keys(mine), 'scenario.resolved.json', 'summary.json'].sort());
    // The social tables' folders went with their files (logs/ holds the user's file, so it stays).
    assert.deepEqual(readdirSync(join(out, 'logs')), ['notes.parquet.txt']);
    const validate = runCli(['validate', out]);
    assert.equal(validate.code, 0, validate.stdout);
  });
});
