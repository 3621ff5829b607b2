/** Logs: lines over time split by the stream field with the fewest values (e.g. `level`). */
import { sqlName } from '../query/sql-text.js';
import { timeSeriesOption } from './charts.js';
import type { ReportContext } from './context.js';
import { bucketSql } from './time-buckets.js';
import type { Section, TimeSeries } from './types.js';

const MAX_STREAM_VALUES = 12;

export async function logsSections(context: ReportContext): Promise<Section[]> {
  const sections: Section[] = [];
  for (const spec of context.tables('logs')) {
    if (!spec.timeColumn) continue;
    const view = sqlName(spec.name);
    const fields = spec.streamFields ?? [];
    let split: string | undefined;
    if (fields.length > 0) {
      const [counts] = await context.session.rows(`SELECT ${fields.map((field, i) => `count(DISTINCT ${sqlName(field)}) AS f${i}`).join(', ')} FROM ${view}`);
      const ranked = fields.map((field, i) => ({ field, values: Number(counts?.[`f${i}`]) })).filter((entry) => entry.values <= MAX_STREAM_VALUES);
      split = ranked.sort((a, b) => a.values - b.values)[0]?.field;
    }
    const group = split ? `CAST(${sqlName(split)} AS VARCHAR)` : `'${spec.name}'`;
    const rows = await context.session.rows(`SELECT ${group} AS g, ${bucketSql(sqlName(spec.timeColumn), context.bucketMs)} AS t, count(*) AS n FROM ${view} GROUP BY ALL ORDER BY 1, 2`);
    const lines = new Map<string, TimeSeries>();
    for (const row of rows) {
      const name = String(row.g);
      if (!lines.has(name)) lines.set(name, { name, points: [] });
      lines.get(name)!.points.push([Number(row.t), Number(row.n)]);
    }
    sections.push({
      id: `logs-${spec.name}`,
      title: `Logs (${spec.name})`,
      charts: [{ id: `logs-${spec.name}-lines`, title: `${spec.name}: lines per bucket${split ? ` by ${split}` : ''}`, option: timeSeriesOption([...lines.values()], { yName: 'lines', step: context.bucketMs }), incidents: true }],
    });
  }
  return sections;
}
