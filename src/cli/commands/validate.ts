/** `teleforge validate <dataset>`: every check on one line with its figure; exit 1 when one fails. */
import type { Argv } from 'yargs';
import { EXIT_FAILURE } from '../../errors.js';

export function validateCommand(yargs: Argv): Argv {
  return yargs.command(
    'validate <dataset>',
    'Check a dataset: files as recorded in summary.json, time range, duplicates, nulls, and the scenario\'s invariants',
    (y) =>
      y
        .positional('dataset', { type: 'string', demandOption: true, describe: 'Dataset directory (holds summary.json)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
        .example('$0 validate out/k8s-cluster', 'one line per check, PASS, FAIL or SKIP (too little data to decide)'),
    async (argv) => {
      const { validateDataset } = await import('../../query/validate.js');
      const result = await validateDataset(argv.dataset);
      if (argv.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const width = Math.max(...result.checks.map((item) => item.name.length));
        for (const item of result.checks) {
          const status = item.skipped !== undefined ? 'SKIP' : item.passed ? 'PASS' : 'FAIL';
          process.stdout.write(`${status}  ${item.name.padEnd(width)}  ${item.figure}${item.skipped === undefined ? '' : ` — ${item.skipped}`}\n`);
        }
        const failed = result.checks.filter((item) => !item.passed).length;
        const skips = result.checks.filter((item) => item.skipped !== undefined).length;
        const skippedText = skips > 0 ? `, ${skips} skipped` : '';
        process.stdout.write(`${result.checks.length} checks, ${failed} failed${skippedText}: ${result.passed ? 'valid' : 'INVALID'} (${result.kind} dataset ${result.dataset})\n`);
      }
      if (!result.passed) process.exitCode = EXIT_FAILURE;
    },
  );
}
