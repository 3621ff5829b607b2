/**
 * Before sending: rows the backend would not keep (older than its retention or the window it
 * appends to, further ahead of its clock than its future limit) are counted over the selected
 * files with DuckDB, and the replay is refused with one line saying how many and how to fix it:
 * nothing is sent. A backend whose window cannot be asked (OTLP, HTTP, Kafka) gets a warning
 * instead when rows lie outside a window most backends keep (UNKNOWN_WINDOW). A target that keeps
 * every row (a file, stdout: `keepsAnyTime`) is not checked: nothing there would drop a row.
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

/**
 * When the server's window is unknown: older than 7 days (Prometheus keeps appending 1 hour back by
 * default and VictoriaLogs 7 days of retention; most hosted backends accept a few days at most) or
 * more than 2 days ahead (the VictoriaMetrics/VictoriaLogs future limit) draws a warning.
 */
export const UNKNOWN_WINDOW: Required<Pick<AcceptedWindow, 'past' | 'future'>> = {
  past: { ms: 7 * 86_400_000, limit: '7d' },
  future: { ms: 2 * 86_400_000, limit: '2d' },
};

/** Rows outside the window, as a refusal (the server said its window) or a warning (it did not); empty when none. */
export async function windowCheck(input: WindowInput): Promise<{ refusal?: string; warning?: string }> {
  if (input.target.keepsAnyTime) return {};
  const ask = input.target.check?.window;
  if (ask) {
    // A server that does not answer (a wrong path, a proxy) is left to the sending to report.
    const reported = await ask(input.http).catch(() => null);
    const refusal = reported && (reported.past || reported.future) ? await windowRefusal(input, reported) : undefined;
    return refusal === undefined ? {} : { refusal };
  }
  const { tooOld, tooNew } = await countOutside(input, UNKNOWN_WINDOW);
  if (tooOld === 0 && tooNew === 0) return {};
  const parts = [...(tooOld > 0 ? [`${tooOld} rows are older than ${UNKNOWN_WINDOW.past.limit}`] : []), ...(tooNew > 0 ? [`${tooNew} rows are more than ${UNKNOWN_WINDOW.future.limit} ahead of this machine's clock`] : [])];
  const fix = input.shifted ? '--from/--to' : '--shift-to-now or --from/--to';
  return { warning: `${input.target.name} at ${input.http.describe()} does not say what time window it keeps: ${parts.join(' and ')}; many backends drop such data (${fix} to move or narrow it); sending anyway` };
}

async function countOutside(input: WindowInput, window: AcceptedWindow): Promise<{ tooOld: number; tooNew: number; oldest?: number; newest?: number }> {
  // Dataset time (unshifted) of the bounds: a row is kept when oldest <= time + shift <= newest.
  const oldest = window.past ? input.nowMs - window.past.ms - input.shiftMs : undefined;
  const newest = window.future ? input.nowMs + window.future.ms - input.shiftMs : undefined;
  let tooOld = 0;
  let tooNew = 0;
  for (const table of new Set(input.units.map((unit) => unit.table))) {
    const timeColumn = table.spec.timeColumn;
    if (!timeColumn) continue;
    const files = input.units.filter((unit) => unit.table === table).flatMap((unit) => unit.files);
    const time = `epoch_ms(${column(timeColumn)})`;
    const where = timeFilter({ timeColumn }, input);
    const outside = (bound: number | undefined, op: string) => (bound === undefined ? '0' : `count(*) FILTER (WHERE ${time} ${op} ${bound})`);
    const [row] = await input.sql.rows(`SELECT ${outside(oldest, '<')} AS old, ${outside(newest, '>')} AS new FROM ${sourceSql(files)} ${where}`);
    tooOld += Number(row?.old ?? 0);
    tooNew += Number(row?.new ?? 0);
  }
  return { tooOld, tooNew, oldest, newest };
}

/** The refusal message when rows fall outside the backend's reported window, else undefined. */
async function windowRefusal(input: WindowInput, window: AcceptedWindow): Promise<string | undefined> {
  const { tooOld, tooNew, oldest, newest } = await countOutside(input, window);
  if (tooOld === 0 && tooNew === 0) return undefined;
  const where = `${input.target.name} at ${input.http.describe()}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  const parts: string[] = [];
  const fixes: string[] = [];
  if (tooOld > 0) {
    parts.push(`${tooOld} rows are older than its ${window.past!.name ?? 'retention'} of ${formatDuration(window.past!.ms)} (${window.past!.limit}), before ${iso(oldest! + input.shiftMs)}`);
    fixes.push(input.shifted ? `--from ${iso(oldest!)}` : '--shift-to-now', `raise ${window.past!.limit.split('=')[0]} on the server`);
  }
  if (tooNew > 0) {
    parts.push(`${tooNew} rows are more than ${formatDuration(window.future!.ms)} ahead of its clock (${window.future!.limit}), after ${iso(newest! + input.shiftMs)}`);
    fixes.push(...(input.shifted ? [] : ['--shift-to-now']), `--to ${iso(newest!)}`);
  }
  return `${where} would ${window.answer ?? 'drop them with a 2xx answer'}: ${parts.join('; ')}; nothing sent — use ${[...new Set(fixes)].join(' or ')}`;
}
