/**
 * `inspect`: what a dataset holds, by table role: rows and bytes per table and per day, time
 * ranges, series and label cardinalities, the busiest series, incidents by kind, volume per day.
 */
import { fileFormat, openDataset } from '../dataset/open.js';
import { sqlName } from './sql-text.js';
import { openSession, type QuerySession } from './session.js';
import { sparkline } from './sparkline.js';

export interface DayVolume {
  date: string;
  rows: number;
  /** Absent for a monthly table: its files hold whole months, and its days are counted by SQL. */
  bytes?: number;
}

export interface TableReport {
  name: string;
  role: string;
  rows: number;
  bytes: number;
  files: number;
  /** Smallest and largest value of the declared time column. */
  first?: string;
  last?: string;
  days: DayVolume[];
  sparkline?: string;
}

export interface InspectReport {
  dataset: string;
  scenario: string;
  kind: string;
  time_range: { start: string; end: string };
  tables: TableReport[];
  series?: { count: number; metrics: number; labels: Array<{ label: string; values: number }> };
  top_series?: Array<{ series_id: string; metric: string; labels: string; samples: number }>;
  incidents?: Array<{ kind: string; count: number }>;
}

const TOP_SERIES = 10;

export async function inspectDataset(path: string): Promise<InspectReport> {
  const dataset = openDataset(path);
  const session = await openSession(dataset);
  try {
    const report: InspectReport = {
      dataset: dataset.dir,
      scenario: dataset.summary.scenario,
      kind: dataset.summary.kind,
      time_range: dataset.summary.time_range,
      tables: [],
    };
    for (const spec of dataset.tables) {
      const table = dataset.summary.tables[spec.name]!;
      const perDay = spec.timePartition === 'month' ? await rowsPerDay(session, spec.name, spec.timeColumn) : dailyVolumes(table.files, dataset.summary.output.formats[0]!);
      const entry: TableReport = { name: spec.name, role: spec.role, rows: table.rows, bytes: table.bytes, files: table.files.length, days: perDay };
      if (perDay.length > 0) entry.sparkline = sparkline(perDay.map((day) => day.rows));
      if (spec.timeColumn && hasView(session, spec.name)) {
        const [row] = await session.rows(`SELECT min(${sqlName(spec.timeColumn)}) AS first, max(${sqlName(spec.timeColumn)}) AS last FROM ${spec.name}`);
        entry.first = String(row?.first);
        entry.last = String(row?.last);
      }
      report.tables.push(entry);
    }
    await describeRoles(session, report);
    return report;
  } finally {
    session.close();
  }
}

/** Rows and bytes per `date=` directory. */
function dailyVolumes(files: Array<{ path: string; rows: number; bytes: number }>, countedFormat: string): DayVolume[] {
  const days = new Map<string, DayVolume & { bytes: number }>();
  for (const file of files) {
    const date = /date=(\d{4}-\d{2}-\d{2})/.exec(file.path)?.[1];
    if (!date) continue;
    const day = days.get(date) ?? { date, rows: 0, bytes: 0 };
    // Rows are counted in the first format, as summary.json does; bytes add up every format.
    if (fileFormat(file.path) === countedFormat) day.rows += file.rows;
    day.bytes += file.bytes;
    days.set(date, day);
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Rows per UTC day of a monthly table, from its time column. */
async function rowsPerDay(session: QuerySession, view: string, timeColumn: string | undefined): Promise<DayVolume[]> {
  if (!timeColumn || !hasView(session, view)) return [];
  const rows = await session.rows(`SELECT strftime(${sqlName(timeColumn)}, '%Y-%m-%d') AS date, count(*) AS rows FROM ${view} GROUP BY 1 ORDER BY 1`);
  return rows.map((row) => ({ date: String(row.date), rows: Number(row.rows) }));
}

function hasView(session: QuerySession, name: string): boolean {
  return session.views.some((view) => view.name === name);
}

async function columnsOf(session: QuerySession, view: string): Promise<Set<string>> {
  return new Set((await session.rows(`DESCRIBE ${view}`)).map((row) => String(row.column_name)));
}

async function describeRoles(session: QuerySession, report: InspectReport): Promise<void> {
  const viewed = session.dataset.tables.filter((spec) => hasView(session, spec.name));
  const series = viewed.find((spec) => spec.role === 'series');
  const samples = viewed.find((spec) => spec.role === 'samples');
  const incidents = viewed.find((spec) => spec.role === 'incidents');
  if (series) {
    const columns = await columnsOf(session, series.name);
    const [counts] = await session.rows(
      `SELECT count(*) AS n, ${columns.has('metric') ? 'count(DISTINCT metric)' : '0'} AS metrics FROM ${series.name}`,
    );
    const labels = columns.has('labels')
      ? await session.rows(
          `SELECT entry.key AS label, count(DISTINCT entry.value) AS n FROM (SELECT unnest(map_entries(labels)) AS entry FROM ${series.name}) GROUP BY 1 ORDER BY 2 DESC, 1`,
        )
      : [];
    report.series = {
      count: Number(counts?.n ?? 0),
      metrics: Number(counts?.metrics ?? 0),
      labels: labels.map((row) => ({ label: String(row.label), values: Number(row.n) })),
    };
    if (samples && columns.has('metric') && columns.has('labels')) {
      const key = sqlName(series.keyColumns[0]!);
      const top = await session.rows(
        `SELECT s.${key} AS id, se.metric, CAST(se.labels AS VARCHAR) AS labels, s.n FROM ` +
          `(SELECT ${key}, count(*) AS n FROM ${samples.name} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_SERIES}) s ` +
          `JOIN ${series.name} se ON se.${key} = s.${key} ORDER BY s.n DESC, s.${key}`,
      );
      report.top_series = top.map((row) => ({ series_id: String(row.id), metric: String(row.metric), labels: String(row.labels), samples: Number(row.n) }));
    }
  }
  if (incidents && (await columnsOf(session, incidents.name)).has('kind')) {
    const kinds = await session.rows(`SELECT kind, count(*) AS n FROM ${incidents.name} GROUP BY 1 ORDER BY 2 DESC, 1`);
    report.incidents = kinds.map((row) => ({ kind: String(row.kind), count: Number(row.n) }));
  }
}
