/** Test helpers: run the CLI, compile fixtures, query datasets with DuckDB, hash output trees. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDB } from '../src/util/duckdb.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO, 'bin/teleforge.js');
export const FIXTURES = join(REPO, 'test/fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...options.env } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Acknowledged batches in a replay checkpoint journal so far (a finished unit counts 100), read from outside. */
export function acknowledgedBatches(checkpoint: string): number {
  if (!existsSync(checkpoint)) return 0;
  const [header, ...entries] = readFileSync(checkpoint, 'utf8').split('\n').filter((line) => line !== '');
  const { units } = JSON.parse(header ?? '{"units":{}}') as { units: Record<string, { acked: number[]; done?: boolean }> };
  const recorded = Object.values(units).reduce((sum, unit) => sum + unit.acked.length + (unit.done ? 100 : 0), 0);
  return recorded + entries.filter((line) => line.includes('"ack":')).length;
}

/** Stops a process a test started (SIGTERM unless told) and waits for its exit. */
export async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}

export function tempDir(prefix = 'teleforge-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Compiles with --json and returns the parsed result; throws with stderr on failure. */
export function compileDataset(scenario: string, out: string, extra: string[] = []): Record<string, unknown> {
  const result = runCli(['compile', scenario, '--out', out, '--json', ...extra]);
  if (result.code !== 0) throw new Error(`compile failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** sha256 of every file below `dir` (except teleforge's private state), by relative path. */
export function treeHashes(dir: string, filter: (path: string) => boolean = () => true): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const rel = relative(dir, path);
      if (rel.startsWith('.teleforge')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (filter(rel)) hashes.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return hashes;
}

export type Row = Record<string, unknown>;

/** A DuckDB connection with `series`, `samples` and `incidents` views over a k8s dataset. */
export async function openDataset(dir: string): Promise<{ query: (sql: string) => Promise<Row[]>; close: () => void }> {
  const { instance, connection } = await openDuckDB();
  await connection.run(`CREATE VIEW series AS SELECT * FROM read_parquet('${dir}/metrics/series/*.parquet')`);
  await connection.run(`CREATE VIEW samples AS SELECT * FROM read_parquet('${dir}/metrics/samples/**/*.parquet', hive_partitioning = true)`);
  await connection.run(`CREATE VIEW incidents AS SELECT * FROM read_parquet('${dir}/labels/incidents.parquet')`);
  return {
    query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[],
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
