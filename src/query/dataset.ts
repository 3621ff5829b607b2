/** A compiled dataset opened for reading: its directory, its summary.json and its table declarations. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TeleforgeError } from '../errors.js';
import { asCompiled, type Summary } from '../run/summary.js';
import { getSimulator } from '../sim/registry.js';
import type { AnySimulator } from '../sim/types.js';
import type { TableSpec } from '../contract/table.js';

export interface Dataset {
  dir: string;
  summary: Summary;
  simulator: AnySimulator;
  /** The tables the scenario kind declares that this dataset's summary lists. */
  tables: TableSpec[];
}

function notADataset(message: string): TeleforgeError {
  return new TeleforgeError('NOT_A_DATASET', `dataset: ${message}`);
}

/** Reads `dir/summary.json` and checks that it describes a teleforge dataset of a known kind. */
export function loadDataset(path: string): Dataset {
  const dir = resolve(path);
  if (!existsSync(dir)) throw notADataset(`${path} does not exist`);
  if (!statSync(dir).isDirectory()) throw notADataset(`${path} is not a directory`);
  const summaryPath = join(dir, 'summary.json');
  if (!existsSync(summaryPath)) {
    throw notADataset(`${path} has no summary.json (not a teleforge dataset, or its compile is not finished)`);
  }
  const summary = parseSummary(summaryPath);
  const simulator = getSimulator(summary.kind);
  const tables = simulator.tables.flatMap((spec) => {
    const table = summary.tables[spec.name];
    return table ? [asCompiled(spec, table)] : [];
  });
  return { dir, summary, simulator, tables };
}

function parseSummary(path: string): Summary {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw notADataset(`${path} is not valid JSON`);
  }
  const summary = value as Partial<Summary> | null;
  if (summary?.tool?.name !== 'teleforge' || typeof summary.kind !== 'string' || typeof summary.tables !== 'object' || !summary.time_range) {
    throw notADataset(`${path} was not written by teleforge`);
  }
  return summary as Summary;
}

/** Parquet files of a table as recorded in the summary (relative paths). */
export function parquetFiles(dataset: Dataset, table: string): string[] {
  return (dataset.summary.tables[table]?.files ?? []).map((file) => file.path).filter((file) => file.endsWith('.parquet'));
}

/** The output format of a data file, from its name. */
export function fileFormat(path: string): 'parquet' | 'jsonl' {
  return path.endsWith('.parquet') ? 'parquet' : 'jsonl';
}

/** `'…'` with quotes doubled: paths inside SQL string literals. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier (column names such as `end` are keywords). */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
