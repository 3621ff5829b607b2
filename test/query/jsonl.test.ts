/** Datasets with JSONL files: validate counts their lines; without Parquet, query says why it has no views. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Summary } from '../../src/dataset/summary.js';
import { validateDataset } from '../../src/query/validate.js';
import { runCli } from '../helpers.js';
import { compileFixture, copyDataset } from './fixture.js';

describe('validate and query with JSONL files', () => {
  it('parquet + jsonl: every file is checked, a wrong jsonl row count is caught', async () => {
    const dir = compileFixture('2h', ['--format', 'parquet,jsonl']);
    const clean = await validateDataset(dir);
    assert.equal(clean.passed, true, JSON.stringify(clean.checks.filter((check) => !check.passed)));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    const files = summary.tables.samples!.files;
    assert.ok(files.some((file) => file.path.endsWith('.jsonl.zst')) && files.some((file) => file.path.endsWith('.parquet')));
    assert.match(clean.checks.find((check) => check.name === 'files present')!.figure, new RegExp(`^${Object.values(summary.tables).flatMap((t) => t.files).length} of`));

    const copy = copyDataset(dir);
    const jsonl = summary.tables.samples!.files.find((file) => file.path.endsWith('.jsonl.zst'))!;
    jsonl.rows -= 1;
    writeFileSync(join(copy, 'summary.json'), JSON.stringify(summary));
    const tampered = await validateDataset(copy);
    const rows = tampered.checks.find((check) => check.name === 'rows as recorded')!;
    assert.equal(rows.passed, false);
    assert.match(rows.figure, new RegExp(`${jsonl.path}: ${jsonl.rows + 1} rows, summary says ${jsonl.rows}`));
  });

  it('jsonl only: validate checks the files and skips row checks; query explains there are no views', async () => {
    const dir = compileFixture('2h', ['--format', 'jsonl']);
    const result = await validateDataset(dir);
    assert.equal(result.passed, true);
    assert.match(result.checks.at(-1)!.figure, /no Parquet files.*skipped/);
    const query = runCli(['query', dir, 'SELECT 1']);
    assert.equal(query.code, 2);
    assert.match(query.stderr, /^teleforge: query: .* holds no Parquet files \(compiled with --format jsonl\)/);
  });
});
