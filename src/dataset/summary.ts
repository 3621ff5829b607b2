/**
 * summary.json: what a dataset holds, each table with its declaration (so a reader needs no
 * simulator). Identical across runs: no wall time, no run date.
 */
import type { ResolvedScenario } from '../scenario/types.js';
import type { TableSpec } from '../contract/table.js';
import type { FileRecord, OutputOptions } from '../sink/index.js';
import { TOOL_VERSION } from '../version.js';

export interface FileSummary {
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface TableSummary {
  path: string;
  role: TableSpec['role'];
  rows: number;
  bytes: number;
  /** Rows per `date=` directory of a daily table… */
  rows_per_day?: Record<string, number>;
  /** …or per `month=` directory of a monthly one: which of the two is present tells the table's time partition. */
  rows_per_month?: Record<string, number>;
  /** Hive partition columns below the time level (absent in datasets compiled before tables had them). */
  partition_columns?: string[];
  /** The table's declaration (absent in datasets compiled before summary.json carried it). */
  declaration?: TableSpec;
  files: FileSummary[];
}

export interface Summary {
  tool: { name: 'teleforge'; version: string };
  scenario: string;
  kind: string;
  scenario_hash: string;
  seed: number;
  time_range: { start: string; end: string };
  /** `parquet_profile` is absent in summaries written before profiles existed (they are `modern`). */
  output: { formats: OutputOptions['formats']; compression: OutputOptions['compression']; parquet_profile?: OutputOptions['parquetProfile'] };
  partitions: number;
  tables: Record<string, TableSummary>;
  incidents: { total: number; by_kind: Record<string, number> };
  /** What the scenario kind declares about its data (`Simulator.declarations`), when it does. */
  declarations?: Record<string, unknown>;
  resolved_scenario: ResolvedScenario;
}

export interface SummaryInput {
  scenario: ResolvedScenario;
  scenarioHash: string;
  output: OutputOptions;
  partitions: number;
  tables: TableSpec[];
  files: FileRecord[];
  incidentKinds: string[];
  declarations?: Record<string, unknown>;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * A declared table as a dataset holds it: the time partition and partition columns it was compiled
 * with (a compile from before social tables went monthly has `date=` directories, one from before
 * samples were split by metric has no partition columns).
 */
export function asCompiled(spec: TableSpec, table: TableSummary): TableSpec {
  const timePartition = table.rows_per_month ? 'month' : table.rows_per_day ? 'date' : null;
  return { ...spec, timePartition, partitionColumns: table.partition_columns };
}

export function buildSummary(input: SummaryInput): Summary {
  const tables: Record<string, TableSummary> = {};
  for (const spec of input.tables) {
    const files = input.files.filter((file) => file.table === spec.name).sort(byPath);
    // Rows are counted in the first format; the others hold the same rows.
    const counted = files.filter((file) => file.format === input.output.formats[0]);
    const summary: TableSummary = {
      path: spec.path,
      role: spec.role,
      rows: counted.reduce((sum, file) => sum + file.rows, 0),
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      declaration: spec,
      files: files.map(({ path, rows, bytes, sha256 }) => ({ path, rows, bytes, sha256 })),
    };
    if (spec.partitionColumns) summary.partition_columns = spec.partitionColumns;
    if (spec.timePartition) {
      const perPeriod: Record<string, number> = {};
      for (const file of counted) perPeriod[file.date!] = (perPeriod[file.date!] ?? 0) + file.rows;
      summary[spec.timePartition === 'date' ? 'rows_per_day' : 'rows_per_month'] = Object.fromEntries(Object.entries(perPeriod).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    tables[spec.name] = summary;
  }
  const byKind: Record<string, number> = {};
  for (const kind of [...input.incidentKinds].sort()) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return {
    tool: { name: 'teleforge', version: TOOL_VERSION },
    scenario: input.scenario.name,
    kind: input.scenario.kind,
    scenario_hash: input.scenarioHash,
    seed: input.scenario.seed,
    time_range: { start: input.scenario.start, end: input.scenario.end },
    output: { formats: input.output.formats, compression: input.output.compression, parquet_profile: input.output.parquetProfile },
    partitions: input.partitions,
    tables,
    incidents: { total: input.incidentKinds.length, by_kind: byKind },
    ...(input.declarations ? { declarations: input.declarations } : {}),
    resolved_scenario: input.scenario,
  };
}
