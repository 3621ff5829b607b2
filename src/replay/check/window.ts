/**
 * Before sending: rows the backend would drop with a 2xx (older than its retention, further ahead
 * of its clock than its future limit) are counted over the selected files with DuckDB, and the
 * replay is refused with one line saying how many and how to fix it: nothing is sent.
 */
import { formatDuration } from '../../util/duration.js';
import type { PlannedUnit } from '../read/plan.js';
import { column, sourceSql, timeFilter } from '../read/sql.js';
import type { SqlRunner } from '../read/types.js';
import type { HttpClient } from '../send/http.js';
import type { AcceptedWindow, ReplayTarget } from '../types.js';

export interface WindowInput {
  target: ReplayTarget;
  http: HttpClient;
  sql: SqlRunner;
  units: PlannedUnit[];
  fromMs?: number;
  toMs?: number;
  shiftMs: number;
  shifted: boolean;
  /** The server's clock, as far as we know it (ours). */
  nowMs: number;
}

/** The refusal message when rows fall outside the backend's window, else undefined. */
export async function windowRefusal(input: WindowInput): Promise<string | undefined> {
  const window: AcceptedWindow | null = (await input.target.check?.window?.(input.http).catch(() => null)) ?? null;
  if (!window || (!window.past && !window.future)) return undefined;
  // Dataset time (unshifted) of the bounds: a row is kept when oldest <= time + shift <= newest.
  const oldest = window.past ? input.nowMs - window.past.ms - input.shiftMs : undefined;
  const newest = window.future ? input.nowMs + window.future.ms - input.shiftMs : undefined;
  let tooOld = 0;
  let tooNew = 0;
  for (const table of new Set(input.units.map((unit) => unit.table))) {
    const files = input.units.filter((unit) => unit.table === table).flatMap((unit) => unit.files);
    const time = `epoch_ms(${column(table.spec.timeColumn!)})`;
    const where = timeFilter({ timeColumn: table.spec.timeColumn! }, input);
    const outside = (bound: number | undefined, op: string) => (bound === undefined ? '0' : `count(*) FILTER (WHERE ${time} ${op} ${bound})`);
    const [row] = await input.sql.rows(`SELECT ${outside(oldest, '<')} AS old, ${outside(newest, '>')} AS new FROM ${sourceSql(files)} ${where}`);
    tooOld += Number(row?.old ?? 0);
    tooNew += Number(row?.new ?? 0);
  }
  if (tooOld === 0 && tooNew === 0) return undefined;
  const where = `${input.target.name} at ${input.http.describe()}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  const parts: string[] = [];
  const fixes: string[] = [];
  if (tooOld > 0) {
    parts.push(`${tooOld} rows are older than its retention of ${formatDuration(window.past!.ms)} (${window.past!.limit}), before ${iso(oldest! + input.shiftMs)}`);
    fixes.push(input.shifted ? `--from ${iso(oldest!)}` : '--shift-to-now', `raise ${window.past!.limit.split('=')[0]} on the server`);
  }
  if (tooNew > 0) {
    parts.push(`${tooNew} rows are more than ${formatDuration(window.future!.ms)} ahead of its clock (${window.future!.limit}), after ${iso(newest! + input.shiftMs)}`);
    fixes.push(...(input.shifted ? [] : ['--shift-to-now']), `--to ${iso(newest!)}`);
  }
  return `${where} would drop them with a 2xx answer: ${parts.join('; ')}; nothing sent — use ${[...new Set(fixes)].join(' or ')}`;
}
