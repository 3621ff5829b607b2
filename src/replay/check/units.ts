/**
 * Which units a backend holds too few rows of, e.g. after it crashed and forgot what it had
 * acknowledged. The backend is counted per period (a `date=…`/`month=…` directory: the time
 * ranges of two periods never overlap, so each count is its own); a short period's units are
 * the ones --repair sends again.
 */
import type { PlannedUnit } from '../read/plan.js';
import { column, sourceSql, timeFilter } from '../read/sql.js';
import type { TargetCheck } from '../types.js';
import type { WindowInput } from './window.js';

export interface ShortPeriod {
  /** The period's directory relative to the dataset, e.g. `metrics/samples/date=2026-01-05`. */
  period: string;
  expected: number;
  backend: number;
  units: PlannedUnit[];
}

export interface UnitCountInput extends Pick<WindowInput, 'http' | 'sql' | 'units' | 'fromMs' | 'toMs' | 'shiftMs'> {
  check: TargetCheck;
}

export function periodOf(unit: PlannedUnit): string {
  return /^(.*?(?:date|month)=[^/]+)/.exec(unit.id)?.[1] ?? unit.id;
}

/** Periods whose rows the backend does not all hold (empty when every period is complete). */
export async function shortPeriods(input: UnitCountInput): Promise<ShortPeriod[]> {
  const countRange = input.check.countRange;
  if (!countRange) return [];
  const periods = new Map<string, PlannedUnit[]>();
  for (const unit of input.units) periods.set(periodOf(unit), [...(periods.get(periodOf(unit)) ?? []), unit]);
  const short: ShortPeriod[] = [];
  for (const [period, units] of periods) {
    const timeColumn = units[0]!.timeColumn;
    const time = `epoch_ms(${column(timeColumn)})`;
    const files = units.flatMap((unit) => unit.files);
    const [row] = await input.sql.rows(`SELECT count(*) AS n, min(${time}) AS s, max(${time}) AS e FROM ${sourceSql(files)} ${timeFilter({ timeColumn }, input)}`);
    const expected = Number(row?.n ?? 0);
    if (expected === 0) continue;
    const backend = await countRange(input.http, Number(row!.s) + input.shiftMs, Number(row!.e) + input.shiftMs);
    if (backend !== expected) short.push({ period, expected, backend, units });
  }
  return short;
}
