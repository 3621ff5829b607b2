/** `teleforge inspect <dataset>`: a dataset's shape at a glance, or as JSON. */
import type { Argv } from 'yargs';
import type { InspectReport } from '../../query/inspect.js';
import { formatBytes, formatCount } from '../format.js';
import { byPeriod, grainFor } from '../periods.js';
import { sparkline } from '../../query/sparkline.js';

export function inspectCommand(yargs: Argv): Argv {
  return yargs.command(
    'inspect <dataset>',
    'Describe a dataset: time range, rows and bytes per table and day, cardinalities, top series, incidents',
    (y) =>
      y
        .positional('dataset', { type: 'string', demandOption: true, describe: 'Dataset directory (holds summary.json)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
        .example('$0 inspect out/k8s-cluster', 'the summary with a per-day volume sparkline'),
    async (argv) => {
      const { inspectDataset } = await import('../../query/inspect.js');
      const report = await inspectDataset(argv.dataset);
      process.stdout.write(argv.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    },
  );
}

/**
 * One row per period, one column per table with a time partition (rows, and bytes where the files
 * are per day), then a sparkline per table at the same grain.
 */
function volumeLines(tables: InspectReport['tables']): string[] {
  if (tables.length === 0) return [];
  const dates = tables.flatMap((table) => table.days.map((day) => day.date)).sort();
  const grain = grainFor(dates[0]!, dates.at(-1)!);
  const columns = tables.map((table) => ({ name: table.name, periods: byPeriod(table.days, grain) }));
  const keys = [...new Set(columns.flatMap((column) => [...column.periods.keys()]))].sort();
  const hasBytes = columns.map((column) => [...column.periods.values()].every((period) => period.bytes !== undefined));
  const widths = columns.map((column) => Math.max(8, column.name.length));
  const row = (key: string, cells: Array<[string, string | undefined]>) =>
    `  ${key.padEnd(width)}  ${cells.map(([rows, bytes], i) => `${rows.padStart(widths[i]!)}${bytes === undefined ? '' : ` ${bytes.padStart(10)}`}`).join('  ')}`;
  const label = grain === 'week' ? 'week of' : grain;
  const width = Math.max(label.length, keys[0]!.length);
  const lines = ['', `rows per ${grain} (UTC${hasBytes.some(Boolean) ? '; bytes of the files' : ''}):`];
  lines.push(row(label, columns.map((column, i) => [column.name, hasBytes[i] ? 'bytes' : undefined])));
  for (const key of keys) {
    lines.push(row(key, columns.map((column, i) => {
      const period = column.periods.get(key);
      return [formatCount(period?.rows ?? 0), hasBytes[i] ? formatBytes(period?.bytes ?? 0) : undefined];
    })));
  }
  const nameWidth = Math.max(...columns.map((column) => column.name.length));
  for (const column of columns) lines.push(`  ${column.name.padEnd(nameWidth)}  ${sparkline(keys.map((key) => column.periods.get(key)?.rows ?? 0))}`);
  return lines;
}

function renderReport(report: InspectReport): string {
  const lines = [
    `${report.dataset}: scenario ${report.scenario} (${report.kind}), ${report.time_range.start} → ${report.time_range.end}`,
    '',
    'tables:',
  ];
  const width = Math.max(...report.tables.map((table) => table.name.length));
  for (const table of report.tables) {
    const range = table.first ? `  ${table.first} … ${table.last}` : '';
    lines.push(`  ${table.name.padEnd(width)}  ${table.role.padEnd(9)} ${formatCount(table.rows).padStart(8)} rows  ${formatBytes(table.bytes).padStart(10)}  ${table.files} file${table.files === 1 ? "" : "s"}${range}`);
  }
  lines.push(...volumeLines(report.tables.filter((entry) => entry.days.length > 0)));
  if (report.series) {
    const { count, metrics, labels } = report.series;
    lines.push('', `series: ${count} (${metrics} metrics); label cardinalities:`);
    lines.push(`  ${labels.map((label) => `${label.label} ${label.values}`).join(', ')}`);
  }
  if (report.top_series) {
    lines.push('', 'top series by samples:');
    for (const series of report.top_series) lines.push(`  ${String(series.samples).padStart(8)}  ${series.metric}${series.labels}`);
  }
  if (report.incidents) {
    lines.push('', `incidents: ${report.incidents.map((entry) => `${entry.kind} ${entry.count}`).join(', ') || 'none'}`);
  }
  return `${lines.join('\n')}\n`;
}
