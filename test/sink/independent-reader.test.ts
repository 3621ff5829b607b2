/**
 * Every table of every scenario kind, in both Parquet profiles, read by two readers that share no
 * code (DuckDB and hyparquet) gives the same values: times, 64-bit ids above 2^53, nulls, maps,
 * strings. Each registered kind is compiled from its test fixture (test/fixtures/*.yaml, by its
 * `kind:`), so a new kind joins by adding a fixture; a kind without one fails.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { simulatorKinds } from '../../src/sim/registry.js';
import { PARQUET_PROFILES } from '../../src/sink/formats.js';
import { openDuckDB, type DuckDB } from '../../src/util/duckdb.js';
import { FIXTURES, compileDataset, runCli, tempDir } from '../helpers.js';
import { firstDifference } from './independent-reader.js';

/** Enough of each fixture's timeline for every table to have rows, small enough to read twice. */
const DURATION = '6h';

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ path: join(FIXTURES, name), kind: String((parse(readFileSync(join(FIXTURES, name), 'utf8')) as { kind: unknown }).kind) }));

const parquetFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.parquet') && !path.startsWith('.teleforge'))
    .sort()
    .map((path) => join(dir, path));

let duck: DuckDB;
before(async () => (duck = await openDuckDB()));
after(() => {
  duck?.connection.closeSync();
  duck?.instance.closeSync();
});

describe('an independent Parquet reader (hyparquet) agrees with DuckDB', () => {
  it('every registered kind has a test fixture', () => {
    for (const kind of simulatorKinds()) assert.ok(fixtures.some((fixture) => fixture.kind === kind), `no test/fixtures/*.yaml of kind ${kind}`);
  });

  for (const kind of simulatorKinds()) {
    for (const profile of PARQUET_PROFILES) {
      it(`${kind}, --parquet-profile ${profile}: every file, value for value`, async () => {
        const fixture = fixtures.find((candidate) => candidate.kind === kind);
        assert.ok(fixture, `no fixture of kind ${kind}`);
        const dir = tempDir();
        compileDataset(fixture.path, dir, ['--duration', DURATION, '--parquet-profile', profile, '--quiet']);
        const files = parquetFiles(dir);
        const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { tables: Record<string, unknown>; output: { parquet_profile: string } };
        assert.equal(summary.output.parquet_profile, profile);
        const tables = new Set(files.map((file) => file.slice(dir.length + 1).split('/').slice(0, 2).join('/')));
        assert.ok(tables.size >= Object.keys(summary.tables).length, `files of every table: ${[...tables].join(', ')}`);
        for (const file of files) assert.equal(await firstDifference(duck.connection, file), null);
        // The profile decides the encodings: compat writes only PLAIN and dictionary ones.
        const list = files.map((file) => `'${file}'`).join(', ');
        const [row] = (await duck.connection.runAndReadAll(`SELECT string_agg(DISTINCT encodings, ' ') AS encodings FROM parquet_metadata([${list}])`)).getRowObjectsJS();
        const encodings = String(row!.encodings);
        if (profile === 'compat') assert.doesNotMatch(encodings, /DELTA|BYTE_STREAM_SPLIT/, encodings);
        else assert.match(encodings, /DELTA_BINARY_PACKED/, encodings);
      });
    }
  }

  it('the profile is part of the dataset\'s identity: compiling the other one into the same directory is refused', () => {
    const fixture = fixtures.find((candidate) => candidate.kind === 'k8s')!;
    const dir = tempDir();
    compileDataset(fixture.path, dir, ['--duration', '1h', '--quiet']);
    const other = runCli(['compile', fixture.path, '--out', dir, '--duration', '1h', '--parquet-profile', 'compat', '--quiet']);
    assert.equal(other.code, 2, other.stderr);
    assert.match(other.stderr, /^teleforge: output: .* Parquet profile modern\), not .* Parquet profile compat\)/);
    const bad = runCli(['compile', fixture.path, '--out', tempDir(), '--parquet-profile', 'old']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /parquet-profile/);
  });
});
