/** `teleforge inspect <dataset>`: a dataset's shape at a glance, or as JSON. */
import type { Argv } from 'yargs';
import type { InspectReport } from '../../query/inspect.js';
import { formatBytes, formatCount } from '../format.js';

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
  for (const table of report.tables.filter((entry) => entry.days.length > 0)) {
    lines.push('', `${table.name} per day: ${table.sparkline}`);
    for (const day of table.days) lines.push(`  ${day.date}  ${formatCount(day.rows).padStart(8)} rows${day.bytes === undefined ? '' : `  ${formatBytes(day.bytes).padStart(10)}`}`);
  }
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
