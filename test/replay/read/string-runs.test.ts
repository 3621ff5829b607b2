import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBBlobVector } from '@duckdb/node-api';
import { DatasetReader } from '../../../src/replay/read/reader.js';
import { StringRuns } from '../../../src/replay/read/string-runs.js';

describe('StringRuns (bulk copy of a string vector)', () => {
  let reader: DatasetReader;
  before(async () => (reader = await DatasetReader.open()));
  after(() => reader.close());

  /** Every chunk's rows gathered in slices of `step` (as batches split chunks), against the rows read one by one. */
  async function compare(sql: string, step: number): Promise<number> {
    const result = await reader.stream(sql);
    const runs = new StringRuns();
    const expected: Uint8Array[] = [];
    let rows = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const vector = chunk.getColumnVector(0);
      for (let row = 0; row < chunk.rowCount; row++) {
        const item = vector.getItem(row);
        expected.push(typeof item === 'string' ? Buffer.from(item) : Uint8Array.from((vector as DuckDBBlobVector).getItemBytes(row)!));
      }
      for (let from = 0; from < chunk.rowCount; from += step) runs.append(chunk.chunk, chunk.rowCount, 0, from, Math.min(from + step, chunk.rowCount));
      rows += chunk.rowCount;
    }
    assert.deepEqual(Buffer.from(runs.take()), Buffer.concat(expected));
    assert.equal(runs.take().length, 0, 'take starts over');
    return rows;
  }

  it('copies lines built by concat (long runs, with the newline) exactly', async () => {
    const rows = await compare(`SELECT encode(concat('{"n":', i, ',"text":"', repeat('x', (i % 40)::INTEGER), '"}', chr(10))) FROM range(5000) t(i)`, 700);
    assert.equal(rows, 5000);
  });

  it('copies short inline strings (12 bytes or less), empty ones and long ones mixed, one row at a time or all at once', async () => {
    for (const step of [1, 3, 2048]) {
      await compare(`SELECT encode(CASE WHEN i % 3 = 0 THEN '' WHEN i % 3 = 1 THEN 'twelve-bytes' ELSE 'thirteen-byte' || i::VARCHAR END) FROM range(4100) t(i)`, step);
    }
  });

  it('copies VARCHAR strings that do not lie back to back (a column read from a table, in another order)', async () => {
    await reader.run(`CREATE OR REPLACE TABLE words AS SELECT i, 'word number ' || i::VARCHAR || ' ünïcödé' AS w FROM range(3000) t(i)`);
    await compare(`SELECT w FROM words ORDER BY (i * 7919) % 3000`, 500);
  });
});
