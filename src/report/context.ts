/** What every section builder gets: the query session, the tables by role and the report's time buckets. */
import { join } from 'node:path';
import { dataFiles } from '../dataset/open.js';
import { sqlName, sqlString } from '../query/sql-text.js';
import type { QuerySession } from '../query/session.js';
import type { TableSpec } from '../contract/table.js';
import { bucketWidthMs } from './time-buckets.js';
import type { IncidentWindow } from './types.js';

/** Points per time-series line: enough for a 30-day chart to show a 15-minute spike. */
export const MAX_POINTS = 3000;

export interface ReportContext {
  session: QuerySession;
  startMs: number;
  endMs: number;
  /** Width of a time bucket of every time-series chart. */
  bucketMs: number;
  /** The typical time between two samples of a series (the scrape interval), 0 without samples. */
  stepMs: number;
  incidents: IncidentWindow[];
  /** The declared tables that have a view, by role. */
  table(role: TableSpec['role']): TableSpec | undefined;
  tables(role: TableSpec['role']): TableSpec[];
  /** Column names of a view. */
  columns(view: string): Promise<Set<string>>;
}

export async function createContext(session: QuerySession): Promise<ReportContext> {
  const { time_range: range } = session.dataset.summary;
  const startMs = Date.parse(range.start);
  const endMs = Date.parse(range.end);
  const viewed = session.dataset.tables.filter((spec) => session.views.some((view) => view.name === spec.name));
  const columnCache = new Map<string, Set<string>>();
  const context: ReportContext = {
    session,
    startMs,
    endMs,
    bucketMs: bucketWidthMs(startMs, endMs, MAX_POINTS),
    stepMs: 0,
    incidents: [],
    table: (role) => viewed.find((spec) => spec.role === role),
    tables: (role) => viewed.filter((spec) => spec.role === role),
    columns: async (view) => {
      let columns = columnCache.get(view);
      if (!columns) {
        columns = new Set((await session.rows(`DESCRIBE ${sqlName(view)}`)).map((row) => String(row.column_name)));
        columnCache.set(view, columns);
      }
      return columns;
    },
  };
  context.incidents = await readIncidents(context);
  context.stepMs = await sampleStepMs(context);
  return context;
}

/** Median time between two samples of a series in the samples table's first file. */
async function sampleStepMs(context: ReportContext): Promise<number> {
  const samples = context.table('samples');
  const series = context.table('series');
  const [file] = samples ? dataFiles(context.session.dataset, samples.name) : [];
  if (!samples || !series || !file) return 0;
  const key = sqlName(series.keyColumns[0]!);
  const time = sqlName(samples.timeColumn ?? 'ts');
  const [row] = await context.session.rows(
    `SELECT median(d) AS step FROM (SELECT epoch_ms(${time}) - epoch_ms(lag(${time}) OVER (PARTITION BY ${key} ORDER BY ${time})) AS d
     FROM read_parquet(${sqlString(join(context.session.dataset.dir, file))}, hive_partitioning = false)) WHERE d > 0`,
  );
  return Number(row?.step ?? 0);
}

/** Every ground-truth incident of the `incidents` table (kind, scope, start, end). */
async function readIncidents(context: ReportContext): Promise<IncidentWindow[]> {
  const table = context.table('incidents');
  if (!table) return [];
  const columns = await context.columns(table.name);
  if (!['kind', 'start', 'end'].every((column) => columns.has(column))) return [];
  const scope = columns.has('scope') ? 'scope' : sqlString('');
  const rows = await context.session.rows(
    `SELECT kind, ${scope} AS scope, epoch_ms(start) AS s, epoch_ms(coalesce("end", start)) AS e FROM ${sqlName(table.name)} ORDER BY start, kind, scope`,
  );
  return rows.map((row) => ({ kind: String(row.kind), scope: String(row.scope), startMs: Number(row.s), endMs: Number(row.e) }));
}
