/**
 * A compiled dataset seen by the replayer: summary.json plus each table's declaration. The
 * declaration comes from the simulator that wrote the dataset; a kind this build does not know,
 * or a field the declaration leaves out, falls back to the contract of the table's role
 * (docs/replay.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TeleforgeError } from '../errors.js';
import { asCompiled, type Summary } from '../run/summary.js';
import { simulatorKinds, getSimulator } from '../sim/registry.js';
import type { TableRole, TableSpec } from '../contract/table.js';
import type { ReplayTable } from './types.js';

export interface ReplayDataset {
  dir: string;
  summary: Summary;
  tables: ReplayTable[];
}

/** The contract of each role (ARCHITECTURE.md) for datasets of kinds unknown to this build. */
const ROLE_DEFAULTS: Partial<Record<TableRole, Partial<TableSpec>>> = {
  series: { keyColumns: ['series_id'] },
  samples: { timeColumn: 'ts', keyColumns: ['series_id'] },
  logs: { timeColumn: 'timestamp', keyColumns: [], messageColumn: 'message', streamFields: ['service', 'level'] },
  spans: { timeColumn: 'start_time', keyColumns: ['trace_id', 'span_id'] },
};

export function loadReplayDataset(dir: string): ReplayDataset {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) throw new TeleforgeError('BAD_ARGUMENT', `dataset: ${dir} has no summary.json (compile it first, or finish its --shard slices)`);
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(path, 'utf8')) as Summary;
  } catch (error) {
    throw new TeleforgeError('BAD_ARGUMENT', `dataset: ${path} is not valid JSON (${(error as Error).message})`);
  }
  const declared = simulatorKinds().includes(summary.kind) ? getSimulator(summary.kind).tables : [];
  const tables = Object.entries(summary.tables).map(([name, table]): ReplayTable => {
    const found = declared.find((candidate) => candidate.name === name);
    // What a declaration leaves out (e.g. stream fields) comes from its role's contract.
    const spec = found ? asCompiled({ ...ROLE_DEFAULTS[found.role], ...found }, table) : fromRole(name, table.path, table.role);
    const files = table.files.filter((file) => file.path.endsWith('.parquet')).map((file) => join(dir, file.path));
    return { spec, files, summaryRows: table.rows };
  });
  return { dir, summary, tables };
}

function fromRole(name: string, path: string, role: TableRole): TableSpec {
  return { name, path, role, timePartition: 'date', keyColumns: [], requiredColumns: [], ...ROLE_DEFAULTS[role] };
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
