/**
 * The plain-DuckDB SQL in docs/query.md (CLI and Python snippets), run as written through DuckDB's
 * Node API against a compiled fixture: the documented views must match teleforge's own.
 */
import { openDataset } from '../../src/dataset/open.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { openSession, type JsonRow, type QuerySession } from '../../src/query/session.js';
import { REPO } from '../helpers.js';
import { compileFixture } from './fixture.js';

const DOC = readFileSync(join(REPO, 'docs/query.md'), 'utf8');
const DOC_DATASET = 'out/k8s-cluster';

let dir: string;
let teleforge: QuerySession;

before(async () => {
  dir = compileFixture();
  teleforge = await openSession(openDataset(dir));
});
after(() => teleforge?.close());

function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
}

/** Statements of a SQL block, without `--` comment lines. */
function statements(block: string): string[] {
  return block
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
}

async function plainDuckDB(): Promise<{ connection: DuckDBConnection; run: (sql: string) => Promise<JsonRow[]>; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    connection,
    run: async (sql) => (await connection.runAndReadAll(sql.replaceAll(DOC_DATASET, dir))).getRowObjectsJson() as JsonRow[],
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const sorted = (rows: JsonRow[]) => rows.map((row) => JSON.stringify(row)).sort();

describe('plain DuckDB, as docs/query.md shows it', () => {
  it('the duckdb CLI snippets: views equal to teleforge\'s, and every example query runs', async () => {
    const [views, examples] = blocks('sql');
    assert.ok(views && examples, 'docs/query.md has two sql blocks');
    const db = await plainDuckDB();
    try {
      for (const statement of statements(views)) await db.run(statement);
      for (const view of ['series', 'samples', 'incidents', 'metrics']) {
        // teleforge reads a few text columns as ENUM (same values, cheaper joins and grouping); plain DuckDB as VARCHAR.
        const text = (type: unknown) => (String(type).startsWith('ENUM(') ? 'VARCHAR' : String(type));
        const columns = async (run: (sql: string) => Promise<JsonRow[]>) => (await run(`DESCRIBE ${view}`)).map((row) => `${row.column_name} ${text(row.column_type)}`);
        assert.deepEqual(await columns(db.run), await columns(teleforge.rows), view);
        const count = `SELECT count(*) AS n FROM ${view}`;
        assert.deepEqual(await db.run(count), await teleforge.rows(count), view);
      }
      const results = [];
      for (const statement of statements(examples)) results.push(await db.run(statement));
      assert.equal(results.length, 4);
      const perDay = 'SELECT date, metric, count(*) AS samples FROM metrics GROUP BY date, metric';
      assert.deepEqual(sorted(results[0]!), sorted(await teleforge.rows(perDay)));
      const [errors] = results[2]!;
      assert.ok(Number(errors?.errors) > 0, 'the 500s query finds the error spikes');
      assert.deepEqual(
        Object.fromEntries(results[3]!.map((row) => [row.kind, Number(row.incidents)])),
        openDataset(dir).summary.incidents.by_kind,
      );
    } finally {
      db.close();
    }
  });

  it('the Python snippet\'s SQL (read_parquet with hive_partitioning, the metrics join)', async () => {
    const [python] = blocks('python');
    assert.ok(python);
    assert.match(python, /import duckdb/);
    // `.df()` needs pandas: the text before the snippet says what to install.
    const intro = DOC.slice(DOC.indexOf('### From Python'), DOC.indexOf('```python'));
    if (python.includes('.df()')) assert.match(intro, /pip install duckdb pandas/);
    const sql = [...python.matchAll(/"""([\s\S]*?)"""/g)].map((match) => match[1]!.trim());
    assert.equal(sql.length, 5);
    assert.equal(sql[0], "SET TimeZone = 'UTC'");
    const db = await plainDuckDB();
    try {
      for (const statement of sql.slice(0, -1)) await db.run(statement);
      const perDay = await db.run(sql.at(-1)!);
      assert.deepEqual(sorted(perDay), sorted(await teleforge.rows('SELECT date, metric, count(*) AS samples FROM metrics GROUP BY date, metric')));
      const days = Object.keys(openDataset(dir).summary.tables.samples!.rows_per_day!);
      assert.deepEqual([...new Set(perDay.map((row) => row.date))].sort(), days);
    } finally {
      db.close();
    }
  });
});
