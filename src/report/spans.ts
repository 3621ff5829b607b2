/**
 * Traces (a spans table; OpenTelemetry column names as the OTLP replay target reads them): spans per
 * trace, fan-out (children per parent span), depth (on a deterministic sample of ~20k traces) and
 * the operations with the highest p99 latency.
 */
import { sqlName } from '../query/sql-text.js';
import type { TableSpec } from '../contract/table.js';
import { barOption } from './charts.js';
import type { ReportContext } from './context.js';
import type { Chart, Section } from './types.js';

const DEPTH_SAMPLE_TRACES = 20_000;
const TOP_OPERATIONS = 20;
/** Operations seen fewer times than this have no meaningful p99. */
const MIN_OPERATION_SPANS = 20;

export async function spansSections(context: ReportContext): Promise<Section[]> {
  const sections: Section[] = [];
  for (const spec of context.tables('spans')) sections.push(await spansSection(context, spec));
  return sections;
}

async function spansSection(context: ReportContext, spec: TableSpec): Promise<Section> {
  const columns = await context.columns(spec.name);
  const view = sqlName(spec.name);
  const trace = sqlName(spec.keyColumns[0] ?? 'trace_id');
  const span = sqlName(spec.keyColumns[1] ?? 'span_id');
  const charts: Chart[] = [];
  const perTrace = await context.session.rows(`SELECT n, count(*) AS traces FROM (SELECT count(*) AS n FROM ${view} GROUP BY ${trace}) GROUP BY 1 ORDER BY 1`);
  const traces = perTrace.reduce((sum, row) => sum + Number(row.traces), 0);
  charts.push(distribution('spans-per-trace', `${spec.name}: spans per trace`, perTrace, 'n', 'traces', 'spans in the trace'));
  if (columns.has('parent_span_id')) {
    const fanOut = await context.session.rows(
      `SELECT n, count(*) AS parents FROM (SELECT count(*) AS n FROM ${view} WHERE coalesce(parent_span_id, '') <> '' GROUP BY ${trace}, parent_span_id) GROUP BY 1 ORDER BY 1`,
    );
    charts.push(distribution('spans-fan-out', `${spec.name}: fan-out (child spans per parent span)`, fanOut, 'n', 'parents', 'children'));
    const modulus = Math.max(1, Math.ceil(traces / DEPTH_SAMPLE_TRACES));
    const depth = await context.session.rows(
      `WITH RECURSIVE s AS MATERIALIZED (SELECT ${trace} AS trace, ${span} AS span, coalesce(parent_span_id, '') AS parent FROM ${view} WHERE hash(${trace}) % ${modulus} = 0),
       d(trace, span, depth) AS (SELECT trace, span, 1 FROM s WHERE parent = ''
         UNION ALL SELECT s.trace, s.span, d.depth + 1 FROM s JOIN d ON s.trace = d.trace AND s.parent = d.span WHERE d.depth < 64)
       SELECT depth, count(*) AS traces FROM (SELECT trace, max(depth) AS depth FROM d GROUP BY 1) GROUP BY 1 ORDER BY 1`,
    );
    const sampled = modulus === 1 ? 'every trace' : `1 trace in ${modulus}`;
    charts.push(distribution('spans-depth', `${spec.name}: trace depth (levels of spans; ${sampled})`, depth, 'depth', 'traces', 'depth'));
  }
  const latency = spec.signals?.latencySeconds;
  if (latency && columns.has('name')) {
    const operation = columns.has('service_name') ? `service_name || ' ' || name` : 'name';
    const top = await context.session.rows(
      `SELECT ${operation} AS op, quantile_cont(${latency}, 0.99) AS p99 FROM ${view} GROUP BY 1 HAVING count(*) >= ${MIN_OPERATION_SPANS} ORDER BY 2 DESC, 1 LIMIT ${TOP_OPERATIONS}`,
    );
    charts.push({
      id: 'spans-top-p99',
      title: `${spec.name}: top ${TOP_OPERATIONS} operations by p99 latency (seconds; at least ${MIN_OPERATION_SPANS} spans)`,
      option: barOption(top.map((row) => String(row.op)), top.map((row) => Number(row.p99)), { yName: 'p99 (s)', horizontal: true }),
      height: 80 + 22 * top.length,
    });
  }
  return {
    id: `traces-${spec.name}`,
    title: `Traces (${spec.name})`,
    facts: [
      ['spans', context.session.dataset.summary.tables[spec.name]!.rows.toLocaleString('en-US')],
      ['traces', traces.toLocaleString('en-US')],
    ],
    charts,
  };
}

function distribution(id: string, title: string, rows: Array<Record<string, unknown>>, key: string, count: string, xName: string): Chart {
  return { id, title, option: barOption(rows.map((row) => String(row[key])), rows.map((row) => Number(row[count])), { yName: count, xName }) };
}
