/**
 * The golden loop: every scenario in test/fixtures/*.yaml compiled (Parquet and zstd JSONL) and its
 * output compared with test/fixtures/<name>.golden.json: the sha256 of summary.json (less the
 * tool's version) and of every file. A change of output on purpose is accepted with `make golden`
 * (UPDATE_GOLDEN=1), which rewrites the golden files to review and commit.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/util/hash.js';
import { FIXTURES, compileDataset, tempDir, treeHashes } from '../helpers.js';

const ARGS = ['--format', 'parquet,jsonl', '--workers', '2', '--quiet'];
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HOW_TO_UPDATE = 'if the change is on purpose, run `make golden` (UPDATE_GOLDEN=1) and commit test/fixtures/*.golden.json';

interface Golden {
  about: string;
  /** sha256 of summary.json as canonical JSON, without `tool.version`. */
  summary: string;
  /** sha256 of every file of the dataset but summary.json, by path. */
  files: Record<string, string>;
}

const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml')).sort();
const goldenPath = (fixture: string) => join(FIXTURES, `${basename(fixture, '.yaml')}.golden.json`);

function compileGolden(fixture: string): Golden {
  const out = join(tempDir(), 'dataset');
  compileDataset(join(FIXTURES, fixture), out, ARGS);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { tool: { version?: string } };
  delete summary.tool.version;
  const files = Object.fromEntries(treeHashes(out, (path) => path !== 'summary.json'));
  rmSync(out, { recursive: true, force: true });
  return {
    about: `teleforge compile test/fixtures/${fixture} ${ARGS.join(' ')}; rewritten by \`make golden\``,
    summary: createHash('sha256').update(canonicalJson(summary)).digest('hex'),
    files,
  };
}

/** What differs, in a few lines: files changed, added and removed, and the summary. */
function differences(expected: Golden, actual: Golden): string[] {
  const lines: string[] = [];
  const list = (label: string, paths: string[]) => {
    if (paths.length) lines.push(`${label} (${paths.length}): ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}`);
  };
  list('changed', Object.keys(actual.files).filter((path) => path in expected.files && expected.files[path] !== actual.files[path]));
  list('new', Object.keys(actual.files).filter((path) => !(path in expected.files)));
  list('missing', Object.keys(expected.files).filter((path) => !(path in actual.files)));
  if (expected.summary !== actual.summary) lines.push('summary.json changed');
  return lines;
}

describe('golden loop over test/fixtures/*.yaml', () => {
  it('has fixtures, and a fixture for every golden file', () => {
    assert.ok(fixtures.length >= 2, `fixtures: ${fixtures.join(', ')}`);
    const orphans = readdirSync(FIXTURES).filter((name) => name.endsWith('.golden.json') && !fixtures.includes(name.replace(/\.golden\.json$/, '.yaml')));
    if (UPDATE) for (const orphan of orphans) rmSync(join(FIXTURES, orphan));
    else assert.deepEqual(orphans, [], `golden files without a fixture: delete them, or ${HOW_TO_UPDATE}`);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: the output's hashes are the golden ones`, (t) => {
      const actual = compileGolden(fixture);
      const path = goldenPath(fixture);
      if (UPDATE) {
        writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
        t.diagnostic(`wrote ${path}`);
        return;
      }
      assert.ok(existsSync(path), `${fixture} has no golden file (${path}): run \`make golden\` and commit it`);
      const expected = JSON.parse(readFileSync(path, 'utf8')) as Golden;
      const found = differences(expected, actual);
      assert.deepEqual(found, [], `the output of test/fixtures/${fixture} changed:\n  ${found.join('\n  ')}\n${HOW_TO_UPDATE}`);
      assert.ok(Object.keys(actual.files).length > 1, `a dataset (${Object.keys(actual.files).length} files)`);
    });
  }
});
