/** The tables of a dataset a replay sends: declarations and Parquet files from src/dataset/. */
import { join } from 'node:path';
import type { TableRole } from '../../contract/table.js';
import { dataFiles, openDataset, type Dataset } from '../../dataset/open.js';
import { TeleforgeError } from '../../errors.js';
import type { ReplayTable } from './types.js';

export interface ReplayDataset {
  dir: string;
  summary: Dataset['summary'];
  tables: ReplayTable[];
}

export function loadReplayDataset(path: string): ReplayDataset {
  const dataset = openDataset(path);
  const tables = dataset.tables.map((spec): ReplayTable => ({
    spec,
    files: dataFiles(dataset, spec.name).map((file) => join(dataset.dir, file)),
    summaryRows: dataset.summary.tables[spec.name]!.rows,
  }));
  return { dir: dataset.dir, summary: dataset.summary, tables };
}

/** Tables a target sends, narrowed by --tables; an unknown name lists the valid ones. */
export function selectTables(dataset: ReplayDataset, roles: TableRole[], names: string[] | undefined, target: string): ReplayTable[] {
  const candidates = dataset.tables.filter((table) => roles.includes(table.spec.role));
  if (candidates.length === 0) {
    throw new TeleforgeError('BAD_ARGUMENT', `dataset: ${dataset.dir} has no table that ${target} takes (roles ${roles.join(', ')})`);
  }
  if (!names || names.length === 0) return candidates;
  for (const name of names) {
    if (!candidates.some((table) => table.spec.name === name)) {
      throw new TeleforgeError('BAD_ARGUMENT', `--tables: '${name}' is not a table ${target} can replay (tables: ${candidates.map((t) => t.spec.name).join(', ')})`);
    }
  }
  return candidates.filter((table) => names.includes(table.spec.name));
}
