/**
 * A compiled dataset opened for reading (query, validate, inspect, replay): its directory,
 * summary.json, identity and table declarations, all from summary.json — no simulator is loaded.
 * One error for anything that is not a finished teleforge dataset: NOT_A_DATASET.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TableRole, TableSpec } from '../contract/table.js';
import { TeleforgeError } from '../errors.js';
import type { DatasetIdentity } from './directory.js';
import { asCompiled, type Summary, type TableSummary } from './summary.js';

export interface Dataset {
  /** Absolute path of the dataset directory. */
  dir: string;
  summary: Summary;
  identity: DatasetIdentity;
  /** Every table summary.json lists, as compiled, in its order. */
  tables: TableSpec[];
}

/**
 * The contract of each role, for what a declaration leaves out and for datasets compiled before
 * summary.json carried declarations.
 */
const ROLE_DEFAULTS: Partial<Record<TableRole, Partial<TableSpec>>> = {
  series: { keyColumns: ['series_id'] },
  samples: { timeColumn: 'ts', keyColumns: ['series_id'] },
  logs: { timeColumn: 'timestamp', keyColumns: [], messageColumn: 'message', streamFields: ['service', 'level'] },
  spans: { timeColumn: 'start_time', keyColumns: ['trace_id', 'span_id'] },
};

function notADataset(message: string): TeleforgeError {
  return new TeleforgeError('NOT_A_DATASET', `dataset: ${message}`);
}

/** Reads `dir/summary.json` and checks that it describes a finished teleforge dataset. */
export function openDataset(path: string): Dataset {
  const dir = resolve(path);
  if (!existsSync(dir)) throw notADataset(`${path} does not exist`);
  if (!statSync(dir).isDirectory()) throw notADataset(`${path} is not a directory`);
  const summaryPath = join(dir, 'summary.json');
  if (!existsSync(summaryPath)) {
    throw notADataset(`${path} has no summary.json (not a teleforge dataset, or its compile or one of its --shard slices is not finished)`);
  }
  const summary = parseSummary(summaryPath);
  const identity: DatasetIdentity = {
    scenario: summary.scenario,
    scenario_hash: summary.scenario_hash,
    formats: summary.output.formats,
    compression: summary.output.compression,
  };
  checkFiles(dir, path, summary);
  const tables = Object.entries(summary.tables).map(([name, table]) => declarationOf(name, table));
  return { dir, summary, identity, tables };
}

/**
 * Every data file summary.json lists must be there at its recorded size: a missing or truncated
 * file would otherwise give partial results without a word (stat only, no read: cheap).
 */
function checkFiles(dir: string, path: string, summary: Summary): void {
  const problems: string[] = [];
  for (const table of Object.values(summary.tables)) {
    for (const file of table.files) {
      const size = fileSize(join(dir, file.path));
      if (size === undefined) problems.push(`${file.path} is missing`);
      else if (size !== file.bytes) problems.push(`${file.path} has ${size} B, summary.json says ${file.bytes} B`);
    }
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  throw notADataset(`${path} is incomplete: ${shown} (compile it again, or restore the files)`);
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

function declarationOf(name: string, table: TableSummary): TableSpec {
  const defaults = ROLE_DEFAULTS[table.role];
  // Without a declaration (compiled before summary.json carried them) the role's defaults must win
  // over the empty key columns, not the other way round.
  const declared = table.declaration ?? { name, path: table.path, role: table.role, timePartition: 'date', keyColumns: [], requiredColumns: [], ...defaults };
  return asCompiled({ ...defaults, ...declared }, table);
}

function parseSummary(path: string): Summary {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw notADataset(`${path} is not valid JSON`);
  }
  const summary = value as Partial<Summary> | null;
  if (summary?.tool?.name !== 'teleforge' || typeof summary.kind !== 'string' || typeof summary.tables !== 'object' || !summary.time_range || !summary.output) {
    throw notADataset(`${path} was not written by teleforge`);
  }
  return summary as Summary;
}

/** A table's data files of one format as summary.json records them (paths relative to the dataset). */
export function dataFiles(dataset: Dataset, table: string, format: 'parquet' | 'jsonl' = 'parquet'): string[] {
  return (dataset.summary.tables[table]?.files ?? []).map((file) => file.path).filter((file) => fileFormat(file) === format);
}

/** The output format of a data file, from its name. */
export function fileFormat(path: string): 'parquet' | 'jsonl' {
  return path.endsWith('.parquet') ? 'parquet' : 'jsonl';
}
