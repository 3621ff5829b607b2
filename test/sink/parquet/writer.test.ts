/**
 * The Parquet writer against DuckDB's reader: every column type the simulators use, with nulls,
 * several pages and row groups, and the encodings' edge cases, read back value for value.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Bool, Dictionary, Field, Int32, Map_, Struct, Table, TimestampMicrosecond, TimestampMillisecond, Uint64, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import type { TableSpec } from '../../../src/contract/table.js';
import { Codec } from '../../../src/sink/parquet/format.js';
import { encodeParquet } from '../../../src/sink/parquet/index.js';
import type { NumericEncoding } from '../../../src/sink/parquet/numeric.js';
import { reusedChunks, writeParquet } from '../../../src/sink/parquet/writer.js';
import { PARQUET_PROFILES } from '../../../src/sink/formats.js';
import { openDuckDB } from '../../../src/util/duckdb.js';
import { tempDir } from '../../helpers.js';
import { firstDifference } from '../independent-reader.js';

const DELTA = ['sorted', 'jumpy', 'huge', 'ts_ms', 'id', 'runs'];
const SPEC: TableSpec = { name: 't', path: 't', role: 'table', timePartition: null, keyColumns: [], requiredColumns: [], parquet: { deltaColumns: DELTA, byteStreamSplitColumns: ['value'] } };
const WORDS = ['alpha', 'beta', '', 'gamma-delta-epsilon-zeta-eta-theta-iota-kappa', 'ünïcødé'];

function validity(rows: number, isNull: (i: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(rows / 8));
  let nullCount = 0;
  for (let i = 0; i < rows; i++) {
    if (isNull(i)) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { nullBitmap, nullCount };
}

/** Each column's value at row i, as DuckDB prints it (null as NULL): the expectation and the table's source. */
const COLUMNS: Array<[string, (i: number) => string]> = [
  ['sorted', (i) => String(Math.floor(i / 700))],
  ['jumpy', (i) => String(i % 97 === 0 ? -(2 ** 40) + i : (i * 7919) % 100_003)],
  ['huge', (i) => String(i % 3 === 0 ? -(2n ** 62n) + BigInt(i) : 2n ** 61n + BigInt(i))],
  ['id', (i) => String(i % 2 === 0 ? 2n ** 64n - 1n - BigInt(i) : BigInt(i))],
  ['ts_ms', (i) => (i % 4 === 1 ? 'NULL' : String(1_767_225_600_000 + (i % 5760) * 15_000))],
  // Nulls in long runs (whole validity bytes), as counters' start_ts beside gauges.
  ['runs', (i) => (Math.floor((i + 500) / 1_000) % 3 === 0 ? 'NULL' : String(1_767_000_000_000 + Math.floor(i / 1_000) * 60_000))],
  ['ts_us', (i) => String(1_767_225_600_000_000 + i * 1_234)],
  ['value', (i) => String(i % 23 === 7 ? NaN : i % 11 === 0 ? -0.5 * i : Math.sin(i) * 1e6)],
  ['small', (i) => String(((i * 31) % 1000) - 500)],
  ['flag', (i) => (i % 7 === 2 ? 'NULL' : String(i % 3 === 0))],
  ['word', (i) => (i % 13 === 6 ? 'NULL' : WORDS[i % 5]!)],
  // Dictionary indices in short runs (3 rows; 1, 3, 5, … rows, some null), as a series table's label columns.
  ['grouped', (i) => `g${Math.floor(i / 3) % 200}`],
  ['widening', (i) => (i % 17 === 5 ? 'NULL' : `g${Math.floor(Math.sqrt(i)) % 200}`)],
  ['text', (i) => (i % 9 === 4 ? 'NULL' : `${WORDS[i % 5]}-${i}`)],
  ['labels', (i) => (i % 10 === 3 ? 'NULL' : `{${Array.from({ length: i % 4 }, (_, k) => `k${k}=${(i + k) % 6 === 0 ? 'NULL' : `v${i}-${k}`}`).join(', ')}}`)],
  // No null map and no null value: the writer's fast path for labels.
  ['tags', (i) => `{${Array.from({ length: i % 5 }, (_, k) => `t${k}=x${(i + k) % 7}`).join(', ')}}`],
  // Never empty either: the definition levels are a single run.
  ['pairs', (i) => `{${Array.from({ length: 1 + (i % 3) }, (_, k) => `p${k}=y${(i * k) % 5}`).join(', ')}}`],
  // Keys and values as Arrow dictionaries (written dictionary-encoded), some values null.
  ['coded', (i) => `{${Array.from({ length: i % 3 }, (_, k) => `c${k}=${(i + k) % 4 === 0 ? 'NULL' : WORDS[(i + k) % 5]}`).join(', ')}}`],
];

function sampleTable(rows: number): Table {
  const of = (name: string) => COLUMNS.find(([column]) => column === name)![1];
  const bigints = <T extends BigInt64Array | BigUint64Array>(array: T, name: string): T => {
    for (let i = 0; i < rows; i++) {
      const text = of(name)(i);
      array[i] = text === 'NULL' ? 0n : BigInt(text);
    }
    return array;
  };
  const bools = new Uint8Array(Math.ceil(rows / 8));
  for (let i = 0; i < rows; i++) if (i % 3 === 0) bools[i >> 3]! |= 1 << (i & 7);
  const mapType = new Map_<Utf8, Utf8>(
    new Field('entries', new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]), false),
    false,
  );
  const maps = Array.from({ length: rows }, (_, i) =>
    i % 10 === 3 ? null : new Map<string, string | null>(Array.from({ length: i % 4 }, (_, k) => [`k${k}`, (i + k) % 6 === 0 ? null : `v${i}-${k}`])),
  );
  return new Table({
    sorted: makeVector(bigints(new BigInt64Array(rows), 'sorted')),
    jumpy: makeVector(bigints(new BigInt64Array(rows), 'jumpy')),
    huge: makeVector(bigints(new BigInt64Array(rows), 'huge')),
    id: makeVector(makeData({ type: new Uint64(), length: rows, data: bigints(new BigUint64Array(rows), 'id') })),
    // UTC instants (as every simulator writes them) and, for `runs`, a timestamp without a zone.
    ts_ms: makeVector(makeData({ type: new TimestampMillisecond('UTC'), length: rows, data: bigints(new BigInt64Array(rows), 'ts_ms'), ...validity(rows, (i) => i % 4 === 1) })),
    runs: makeVector(makeData({ type: new TimestampMillisecond(), length: rows, data: bigints(new BigInt64Array(rows), 'runs'), ...validity(rows, (i) => Math.floor((i + 500) / 1_000) % 3 === 0) })),
    ts_us: makeVector(makeData({ type: new TimestampMicrosecond('UTC'), length: rows, data: bigints(new BigInt64Array(rows), 'ts_us') })),
    value: makeVector(Float64Array.from({ length: rows }, (_, i) => Number(of('value')(i)))),
    small: makeVector(Int32Array.from({ length: rows }, (_, i) => Number(of('small')(i)))),
    flag: makeVector(makeData({ type: new Bool(), length: rows, data: bools, ...validity(rows, (i) => i % 7 === 2) })),
    word: makeVector(
      makeData({
        type: new Dictionary(new Utf8(), new Int32()), length: rows, data: Int32Array.from({ length: rows }, (_, i) => i % 5),
        dictionary: vectorFromArray(WORDS, new Utf8()), ...validity(rows, (i) => i % 13 === 6),
      }),
    ),
    grouped: runsColumn(rows, (i) => Math.floor(i / 3) % 200, () => false),
    widening: runsColumn(rows, (i) => Math.floor(Math.sqrt(i)) % 200, (i) => i % 17 === 5),
    text: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 9 === 4 ? null : `${WORDS[i % 5]}-${i}`)), new Utf8()),
    labels: vectorFromArray(maps, mapType),
    tags: vectorFromArray(
      Array.from({ length: rows }, (_, i) => new Map(Array.from({ length: i % 5 }, (_, k) => [`t${k}`, `x${(i + k) % 7}`]))),
      mapType,
    ),
    pairs: vectorFromArray(
      Array.from({ length: rows }, (_, i) => new Map(Array.from({ length: 1 + (i % 3) }, (_, k) => [`p${k}`, `y${(i * k) % 5}`]))),
      mapType,
    ),
    coded: codedMaps(rows),
  });
}

/** A dictionary column over `g0`…`g199` (8-bit indices). */
function runsColumn(rows: number, index: (i: number) => number, isNull: (i: number) => boolean) {
  const words = Array.from({ length: 200 }, (_, k) => `g${k}`);
  return makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: rows, data: Int32Array.from({ length: rows }, (_, i) => index(i)), dictionary: vectorFromArray(words, new Utf8()), ...validity(rows, isNull) }));
}

/** MAP whose keys and values are Arrow dictionaries (how the social-network labels arrive). */
function codedMaps(rows: number) {
  const text = () => new Dictionary(new Utf8(), new Int32());
  const entriesType = new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', text(), false), new Field('value', text(), true)] as unknown as Field[]);
  const type = new Map_<Utf8, Utf8>(new Field('entries', entriesType, false), false);
  const offsets = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) offsets[i + 1] = offsets[i]! + (i % 3);
  const count = offsets[rows]!;
  const keys = new Int32Array(count);
  const values = new Int32Array(count);
  const isNull = new Uint8Array(count);
  for (let i = 0, e = 0; i < rows; i++) {
    for (let k = 0; k < i % 3; k++, e++) [keys[e], values[e], isNull[e]] = [k, (i + k) % 5, (i + k) % 4 === 0 ? 1 : 0];
  }
  const nulls = validity(count, (e) => isNull[e] === 1);
  const [keyType, valueType] = [text(), text()];
  const child = makeData({
    type: entriesType, length: count,
    children: [
      makeData({ type: keyType, length: count, data: keys, dictionary: vectorFromArray(['c0', 'c1', 'c2'], new Utf8()) }),
      makeData({ type: valueType, length: count, data: values, dictionary: vectorFromArray(WORDS, new Utf8()), ...nulls }),
    ],
  });
  return makeVector(makeData({ type, length: rows, valueOffsets: offsets, child }));
}

/** Every row as DuckDB reads it from `file`, its cells joined with '|'. */
async function readBack(file: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const cell = (column: string) => {
    const text = column === 'ts_ms' || column === 'runs' ? `epoch_ms(${column})::VARCHAR` : column === 'ts_us' ? 'epoch_us(ts_us)::VARCHAR' : column === 'labels' || column === 'tags' || column === 'pairs' || column === 'coded' ? `replace(replace(${column}::VARCHAR, '''', ''), ': ', '=')` : `${column}::VARCHAR`;
    return `coalesce(${text}, 'NULL')`;
  };
  try {
    const reader = await connection.runAndReadAll(`SELECT concat_ws('|', ${COLUMNS.map(([column]) => cell(column)).join(', ')}) FROM read_parquet('${file}')`);
    return reader.getRows().map((row) => String(row[0]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** DuckDB prints whole doubles as 1.0 where JS prints 1, NaN as nan, and NULL map values as NULL. */
function expectedRow(i: number): string {
  return COLUMNS.map(([column, value]) => {
    const text = value(i);
    if (column === 'value' && text === 'NaN') return 'nan';
    return column === 'value' && Number.isInteger(Number(text)) ? `${text}.0` : text;
  }).join('|');
}

const cases = [
  { name: 'zstd, several row groups and pages', codec: Codec.ZSTD, rows: 120_001 },
  { name: 'uncompressed, one page', codec: Codec.UNCOMPRESSED, rows: 5_000 },
  { name: 'zstd, small chunks stored uncompressed', codec: Codec.ZSTD, rows: 100 },
] as const;

for (const { name, codec, rows } of cases) {
  test(`parquet: every column type (${name}) reads back in DuckDB exactly, nulls included`, async () => {
    const file = join(tempDir(), 't.parquet');
    const encodingOf = (column: string): NumericEncoding => (DELTA.includes(column) ? 'delta' : column === 'value' ? 'byteStreamSplit' : 'plain');
    writeFileSync(file, writeParquet(sampleTable(rows), { codec, encodingOf, rowGroupRows: 50_000, pageRows: 16_000 }));
    const got = await readBack(file);
    assert.equal(got.length, rows);
    const mismatch = got.findIndex((row, i) => row !== expectedRow(i));
    assert.equal(mismatch, -1, `row ${mismatch}: DuckDB read ${got[mismatch]}, expected ${expectedRow(mismatch)}`);
  });
}

for (const profile of PARQUET_PROFILES) {
  test(`parquet: hyparquet, a reader sharing no code with DuckDB, reads every column as DuckDB does (${profile} profile)`, async () => {
    const file = join(tempDir(), 't.parquet');
    writeFileSync(file, encodeParquet(sampleTable(40_000), SPEC, 'zstd', profile));
    const duck = await openDuckDB();
    try {
      assert.equal(await firstDifference(duck.connection, file), null);
    } finally {
      duck.connection.closeSync();
      duck.instance.closeSync();
    }
  });
}

test('parquet: the same table gives the same bytes, and statistics bound each column', async () => {
  const table = sampleTable(50_000);
  const first = encodeParquet(table, SPEC, 'zstd', 'modern').slice();
  assert.deepEqual(encodeParquet(table, SPEC, 'zstd', 'modern'), first);
  const file = join(tempDir(), 's.parquet');
  writeFileSync(file, first);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const stats = (await connection.runAndReadAll(`SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count, encodings FROM parquet_metadata('${file}')`)).getRowObjectsJS();
  const [extremes] = (await connection.runAndReadAll(`SELECT min(ts_us)::VARCHAR AS min_us, max(ts_us)::VARCHAR AS max_us FROM read_parquet('${file}')`)).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  const of = (column: string) => stats.find((row) => row.path_in_schema === column)!;
  assert.equal(of('sorted').stats_min_value, '0');
  assert.equal(of('sorted').stats_max_value, String(Math.floor(49_999 / 700)));
  assert.equal(of('ts_ms').stats_null_count, 12_500n);
  assert.equal(of('small').stats_min_value, '-500');
  // Exact at any magnitude: beyond 2^53 (doubles round there), unsigned ids in unsigned order, and
  // microsecond times (above 2^50, which once lost their statistics).
  assert.deepEqual([of('huge').stats_min_value, of('huge').stats_max_value], [String(-(2n ** 62n)), String(2n ** 61n + 49_999n)]);
  assert.deepEqual([of('id').stats_min_value, of('id').stats_max_value], ['1', String(2n ** 64n - 1n)]);
  assert.deepEqual([of('ts_us').stats_min_value, of('ts_us').stats_max_value], [extremes!.min_us, extremes!.max_us]);
  assert.notEqual(extremes!.min_us, null);
  assert.match(String(of('coded, key_value, value').encodings), /RLE_DICTIONARY/, 'map strings given as a dictionary stay one');
  assert.doesNotMatch(String(of('tags, key_value, value').encodings), /RLE_DICTIONARY/);
});

test('parquet: a table without rows is a valid file with the schema', async () => {
  const empty = sampleTable(0);
  const file = join(tempDir(), 'e.parquet');
  writeFileSync(file, encodeParquet(empty, SPEC, 'zstd', 'modern'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
  const count = (await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${file}')`)).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  assert.deepEqual(columns.map((row) => `${row.column_name} ${row.column_type}`), [
    'sorted BIGINT', 'jumpy BIGINT', 'huge BIGINT', 'id UBIGINT', 'ts_ms TIMESTAMP WITH TIME ZONE', 'runs TIMESTAMP',
    'ts_us TIMESTAMP WITH TIME ZONE', 'value DOUBLE', 'small INTEGER', 'flag BOOLEAN', 'word VARCHAR', 'grouped VARCHAR', 'widening VARCHAR', 'text VARCHAR', 'labels MAP(VARCHAR, VARCHAR)', 'tags MAP(VARCHAR, VARCHAR)', 'pairs MAP(VARCHAR, VARCHAR)',
    'coded MAP(VARCHAR, VARCHAR)',
  ]);
  assert.equal(count[0]!.n, 0n);
});

test('parquet: columns of the previous file are copied, not encoded again, only while their buffers are unchanged', () => {
  const options = { codec: Codec.ZSTD, keepChunks: true, encodingOf: (column: string): NumericEncoding => (DELTA.includes(column) ? 'delta' : 'plain') };
  // The second table of a pair repeats the first one's columns (as social spans repeat log lines').
  const names = ['word', 'small', 'flag', 'ts_ms', 'text', 'id'];
  const encodeAlone = (mutate: (table: Table) => void) => {
    const fresh = sampleTable(30_000);
    mutate(fresh);
    return Uint8Array.from(writeParquet(fresh.select(names), options));
  };
  const bump = (table: Table) => void ((table.getChild('small')!.data[0]!.values as Int32Array)[7]! += 1);
  const expected = encodeAlone(() => {});
  const expectedAfterChange = encodeAlone(bump);

  const first = sampleTable(30_000);
  writeParquet(first, options);
  const before = reusedChunks();
  assert.deepEqual(Uint8Array.from(writeParquet(first.select(names), options)), expected);
  assert.equal(reusedChunks() - before, names.length);

  writeParquet(first, options);
  bump(first);
  const again = reusedChunks();
  assert.deepEqual(Uint8Array.from(writeParquet(first.select(names), options)), expectedAfterChange);
  assert.equal(reusedChunks() - again, names.length - 1, 'the changed column is encoded again');

  // Two unrelated files: nothing of `first` is left to copy.
  writeParquet(sampleTable(10), options);
  writeParquet(sampleTable(10), options);
  writeParquet(first, { ...options, keepChunks: false });
  const unkept = reusedChunks();
  assert.deepEqual(Uint8Array.from(writeParquet(first.select(names), options)), expectedAfterChange);
  assert.equal(reusedChunks(), unkept, 'a file that keeps no chunks leaves none to copy');
});
