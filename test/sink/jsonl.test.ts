import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDuckDB } from '../../src/util/duckdb.js';
import { decompress } from 'zstd-napi';
import { FIXTURES, compileDataset, tempDir } from '../helpers.js';

const FIXTURE = join(FIXTURES, 'k8s-test.yaml');
const SMALL = ['--duration', '2h', '--format', 'parquet,jsonl', '--quiet'];

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const { instance, connection } = await openDuckDB();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A day's JSONL files, below its `metric=…` directories, relative to the day. */
function jsonlFiles(day: string): string[] {
  return readdirSync(day, { recursive: true, encoding: 'utf8' }).filter((path) => path.includes('.jsonl')).sort();
}

describe('JSONL output', () => {
  it('writes VictoriaMetrics import lines, one sample each, matching the Parquet rows (zstd)', async () => {
    const out = join(tempDir(), 'jsonl');
    compileDataset(FIXTURE, out, SMALL);
    const day = join(out, 'jsonl/samples/date=2026-03-02');
    const files = jsonlFiles(day);
    assert.ok(files.length > 0 && files.every((file) => file.endsWith('.jsonl.zst')));
    const first = decompress(readFileSync(join(day, files[0]!))).toString('utf8').split('\n')[0]!;
    assert.match(first, /^\{"metric":\{"__name__":"[a-zA-Z_:]+"(,"[a-z_]+":"[^"]*")+\},"values":\[-?[\d.e+-]+\],"timestamps":\[\d{13}\]\}$/);
    const [counts] = await query(`
      SELECT (SELECT count(*) FROM read_json('${out}/jsonl/samples/**/*.jsonl.zst', format = 'newline_delimited', hive_partitioning = false, columns = {metric: 'MAP(VARCHAR, VARCHAR)', values: 'DOUBLE[]', timestamps: 'BIGINT[]'})) AS jsonl,
             (SELECT count(*) FROM read_parquet('${out}/metrics/samples/**/*.parquet')) AS parquet`);
    assert.equal(Number(counts!.jsonl), Number(counts!.parquet));
    // The same sample, read both ways.
    const [same] = await query(`
      WITH j AS (SELECT metric, values[1] AS value, timestamps[1] AS ts FROM read_json('${out}/jsonl/samples/**/*.jsonl.zst', format = 'newline_delimited', hive_partitioning = false, columns = {metric: 'MAP(VARCHAR, VARCHAR)', values: 'DOUBLE[]', timestamps: 'BIGINT[]'})
                 WHERE metric['__name__'] = 'node_memory_MemTotal_bytes' ORDER BY ts LIMIT 1),
           p AS (SELECT x.value, epoch_ms(x.ts) AS ts FROM read_parquet('${out}/metrics/samples/**/*.parquet') x
                 JOIN read_parquet('${out}/metrics/series/*.parquet') s USING (series_id)
                 WHERE s.metric = 'node_memory_MemTotal_bytes' AND s.instance = (SELECT metric['instance'] FROM j) ORDER BY x.ts LIMIT 1)
      SELECT j.value = p.value AS value_equal, j.ts = p.ts AS ts_equal FROM j, p`);
    assert.deepEqual(same, { value_equal: true, ts_equal: true });
  });

  it('writes plain .jsonl with --compression none', () => {
    const out = join(tempDir(), 'plain');
    compileDataset(FIXTURE, out, [...SMALL, '--compression', 'none']);
    const day = join(out, 'jsonl/samples/date=2026-03-02');
    const lines = jsonlFiles(day).flatMap((file) => readFileSync(join(day, file), 'utf8').trimEnd().split('\n'));
    assert.ok(lines.length > 1000);
    for (const line of lines.slice(0, 50)) JSON.parse(line);
  });
});
