/**
 * What a replay sends: the units to read (one file each, or in realtime mode the files of one
 * date together), sliced by --shard over files and by --from/--to over time, and the counts and
 * time range of the selected rows (the progress total and what --verify expects).
 */
import { basename, dirname, join, relative } from 'node:path';
import { TeleforgeError } from '../../errors.js';
import type { Shard } from '../../plan/shard.js';
import { sourceSql, timeFilter, type ReadUnit } from './sql.js';
import type { Counts, ReplayTarget, TargetOptionValues } from '../types.js';
import type { ReplayTable, SqlRunner } from './types.js';

export interface PlannedUnit extends ReadUnit {
  table: ReplayTable;
}

export interface ReplayPlan {
  units: PlannedUnit[];
  /** Records to send over all units (rows, or the target's records of them: recordsSql). */
  records: number;
  /** Counts the backend must report, from the selected rows. */
  expected: Counts;
  /** Dataset time of the first and last selected row (ms, unshifted). */
  startMs: number;
  endMs: number;
}

export interface PlanOptions {
  fromMs?: number;
  toMs?: number;
  shard?: Shard;
  timeOrdered: boolean;
  targetOptions?: TargetOptionValues;
}

export function planUnits(datasetDir: string, tables: ReplayTable[], options: PlanOptions): PlannedUnit[] {
  const units: PlannedUnit[] = [];
  let fileIndex = 0;
  for (const table of tables) {
    const timeColumn = table.spec.timeColumn;
    if (!timeColumn) throw new TeleforgeError('BAD_ARGUMENT', `dataset: table ${table.spec.name} declares no time column`);
    const files = table.files.filter(() => {
      const index = fileIndex++;
      return !options.shard || index % options.shard.count === options.shard.index;
    });
    const groups = new Map<string, string[]>();
    for (const file of files) {
      // One unit per partition and day or month (a partition's metric files of that day together), or per day or month in time order.
      const key = options.timeOrdered ? periodDir(file) : join(periodDir(file), basename(file));
      groups.set(key, [...(groups.get(key) ?? []), file]);
    }
    for (const [key, group] of groups) units.push({ id: relative(datasetDir, key), files: group, timeColumn, table });
  }
  return units;
}

/** The `date=…` (or `month=…`) directory a file lies under (Hive partitions below it included), else its own directory. */
function periodDir(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) if (/^(date|month)=/.test(basename(dir))) return dir;
  return dirname(file);
}

export async function planReplay(
  sql: SqlRunner,
  datasetDir: string,
  tables: ReplayTable[],
  all: ReplayTable[],
  target: ReplayTarget,
  options: PlanOptions,
): Promise<ReplayPlan> {
  const units = planUnits(datasetDir, tables, options);
  const expected: Counts = {};
  let records = 0;
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const table of tables) {
    const files = units.filter((unit) => unit.table === table).flatMap((unit) => unit.files);
    if (files.length === 0) continue;
    const time = `epoch_ms(r."${table.spec.timeColumn}")`;
    const selection = { source: sourceSql(files), where: timeFilter({ timeColumn: table.spec.timeColumn! }, options), all };
    const targetOptions = options.targetOptions ?? {};
    const recordCount = target.recordsSql?.(table, selection, targetOptions) ?? 'count(*)';
    const aggregates = [`${recordCount} AS __records`, `min(${time}) AS __start`, `max(${time}) AS __end`, ...(target.check?.expectedCounts(table, selection, targetOptions) ?? [])];
    const [row] = await sql.rows(`SELECT ${aggregates.join(', ')} FROM ${selection.source} ${selection.where}`);
    if (!row || Number(row.__records) === 0) continue;
    records += Number(row.__records);
    startMs = Math.min(startMs, Number(row.__start));
    endMs = Math.max(endMs, Number(row.__end));
    for (const [key, value] of Object.entries(row)) if (!key.startsWith('__')) expected[key] = (expected[key] ?? 0) + Number(value);
  }
  if (records === 0) throw new TeleforgeError('BAD_ARGUMENT', 'replay: nothing to send (no rows in the selected tables, time range and shard)');
  return { units, records, expected, startMs, endMs };
}
