/** `teleforge validate`: a clean dataset passes every check; each kind of damage fails the check that catches it. */
import { openDataset } from '../../src/dataset/open.js';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, openSync, writeSync, readSync, closeSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Summary } from '../../src/dataset/summary.js';
import type { CheckResult } from '../../src/query/check.js';
import { dataChecks } from '../../src/query/data-checks.js';
import { openSession, type QuerySession } from '../../src/query/session.js';
import { k8sInvariants } from '../../src/sim/k8s/invariants.js';
import { runCli } from '../helpers.js';
import { openFixture, copyDataset, rewriteParquet, samplesFiles } from './fixture.js';

let dir: string;
let session: QuerySession;

before(async () => ({ dir, session } = await openFixture()));
after(() => session?.close());

function parseLines(stdout: string): Map<string, { passed: boolean; figure: string }> {
  const checks = new Map<string, { passed: boolean; figure: string }>();
  for (const line of stdout.trim().split('\n').slice(0, -1)) {
    const match = /^(PASS|FAIL|SKIP) {2}(.+?) {2,}(.*)$/.exec(line);
    assert.ok(match, `check line: ${line}`);
    checks.set(match[2]!.trim(), { passed: match[1] === 'PASS', figure: match[3]! });
  }
  return checks;
}

describe('validate a clean dataset', () => {
  it('passes every generic check and every k8s invariant, exit 0', () => {
    const result = runCli(['validate', dir]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const checks = parseLines(result.stdout);
    for (const invariant of k8sInvariants) assert.equal(checks.get(invariant.name)?.passed, true, invariant.name);
    for (const name of ['files present', 'files unchanged (bytes, sha256)', 'rows as recorded', 'no other data files', 'samples: no duplicate (series_id, ts)']) {
      assert.equal(checks.get(name)?.passed, true, name);
    }
    assert.match(result.stdout.trim().split('\n').at(-1)!, /0 failed: valid/);
  });

  it('--json lists the same checks for scripts', () => {
    const result = runCli(['validate', dir, '--json']);
    const parsed = JSON.parse(result.stdout) as { passed: boolean; kind: string; checks: CheckResult[] };
    assert.equal(parsed.passed, true);
    assert.equal(parsed.kind, 'k8s');
    assert.ok(parsed.checks.length >= 4 + 1 + 7 + k8sInvariants.length);
    assert.ok(parsed.checks.every((check) => check.passed && check.figure.length > 0));
  });
});

describe('validate a tampered dataset', () => {
  it('a deleted file, edited bytes, an extra file and an altered summary count each fail their check, exit 1', () => {
    const copy = copyDataset(dir);
    const files = samplesFiles(copy).map((file) => file.slice(copy.length + 1));
    flipByte(join(copy, files[1]!));
    copyFileSync(join(copy, 'labels/incidents.parquet'), join(copy, 'labels/incidents-old.parquet'));
    const summary = JSON.parse(readFileSync(join(copy, 'summary.json'), 'utf8')) as Summary;
    const altered = summary.tables.series!.files[0]!;
    altered.rows += 1;
    writeFileSync(join(copy, 'summary.json'), JSON.stringify(summary, null, 2));

    const result = runCli(['validate', copy]);
    assert.equal(result.code, 1, result.stderr);
    const checks = parseLines(result.stdout);
    const failed = (name: string, mentions: string) => {
      const check = checks.get(name);
      assert.equal(check?.passed, false, name);
      assert.ok(check!.figure.includes(mentions), `${name}: ${check!.figure}`);
    };
    failed('files unchanged (bytes, sha256)', files[1]!);
    failed('no other data files', 'labels/incidents-old.parquet');
    failed('rows as recorded', altered.path);
    assert.match(result.stdout.trim().split('\n').at(-1)!, /INVALID/);
  });

  it('duplicate samples, nulls in required columns, times out of range, orphan samples and a wrong metric fail the generic row checks', async () => {
    const copy = copyDataset(dir);
    const [a, b, c, d] = samplesFiles(copy);
    await rewriteParquet([a!], 'SELECT * FROM f UNION ALL (SELECT * FROM f LIMIT 3)');
    await rewriteParquet([b!], 'SELECT * REPLACE (CASE WHEN ts = (SELECT min(ts) FROM f) THEN NULL ELSE value END AS value) FROM f');
    await rewriteParquet([c!], "SELECT * FROM f UNION ALL SELECT 1::UBIGINT, 'node_cpu_seconds_total', TIMESTAMP '2030-01-01 00:00:00', 1.0, NULL");
    await rewriteParquet([d!], "SELECT * REPLACE (CASE WHEN ts = (SELECT min(ts) FROM f) THEN 'up' ELSE metric END AS metric) FROM f");
    const tampered = await openSession(openDataset(copy));
    try {
      const checks = new Map((await dataChecks(tampered)).map((check) => [check.name, check]));
      const failed = (name: string, figure: RegExp) => {
        assert.equal(checks.get(name)?.passed, false, name);
        assert.match(checks.get(name)!.figure, figure);
      };
      failed('samples: no duplicate (series_id, ts)', /^3 duplicate rows/);
      failed('samples: sorted by (series_id, ts) within each file', /^\d+ rows out of order/);
      failed('samples: no nulls in required columns', /value \d+/);
      failed('samples: ts inside the time range', /1 rows outside/);
      failed('samples: every row has its series row', /^1 rows without a series row/);
      failed('samples: metric as in series', /^[1-9]\d* rows whose metric differs from their series row/);
      assert.equal(checks.get('series: no duplicate (series_id)')?.passed, true);
    } finally {
      tampered.close();
    }
  });
});

describe('duplicates across files', () => {
  it('a copy of a samples file: each file sorted, but the same keys at the same times in two files', async () => {
    const copy = copyDataset(dir);
    const [file] = samplesFiles(copy);
    copyFileSync(file!, file!.replace(/part-\d+\.parquet$/, 'part-9999.parquet'));
    const tampered = await openSession(openDataset(copy));
    try {
      const checks = new Map((await dataChecks(tampered)).map((check) => [check.name, check]));
      assert.equal(checks.get('samples: sorted by (series_id, ts) within each file')?.passed, true);
      const [rows] = await tampered.rows(`SELECT count(*) AS n FROM read_parquet('${file}')`);
      const duplicates = checks.get('samples: no duplicate (series_id, ts)')!;
      assert.equal(duplicates.passed, false);
      assert.match(duplicates.figure, new RegExp(`^${rows!.n} duplicate rows \\(\\d+ key ranges overlap across files\\)`));
    } finally {
      tampered.close();
    }
  });
});

function flipByte(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 4096);
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, 4096);
  } finally {
    closeSync(fd);
  }
}
