/** `teleforge scenarios`: the bundled scenarios with their default size. */
import { basename, extname } from 'node:path';
import type { Argv } from 'yargs';
import { formatCount } from '../format.js';

export function scenariosCommand(yargs: Argv): Argv {
  return yargs.command(
    'scenarios',
    'List bundled scenarios with a description and their default size',
    (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print as JSON' }),
    async (argv) => {
      const { listBundledScenarioFiles } = await import('../../scenario/resolve.js');
      const { estimateScenario } = await import('../../run/estimate.js');
      const rows = listBundledScenarioFiles().map((file) => {
        const info = estimateScenario(file);
        return { name: basename(file, extname(file)), kind: info.kind, description: info.description, ...info.estimate };
      });
      if (argv.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      // Columns as wide as their longest entry (kinds range from `k8s` to `social-network`).
      const nameWidth = Math.max(...rows.map((row) => row.name.length)) + 2;
      const kindWidth = Math.max(...rows.map((row) => row.kind.length)) + 2;
      for (const row of rows) {
        const size = [
          row.series === undefined ? '' : `${formatCount(row.series)} series`,
          row.samples === undefined ? `${formatCount(row.rows)} rows` : `${formatCount(row.samples)} samples`,
          `${row.days} days`,
        ].filter(Boolean);
        process.stdout.write(`${row.name.padEnd(nameWidth)}${row.kind.padEnd(kindWidth)}${size.join(', ')}\n${''.padEnd(nameWidth + kindWidth)}${row.description}\n`);
      }
    },
  );
}
