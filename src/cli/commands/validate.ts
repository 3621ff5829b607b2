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
        .example('$0 validate out/k8s-cluster', 'one line per check, PASS or FAIL'),
    async (argv) => {
      const { validateDataset } = await import('../../query/validate.js');
      const result = await validateDataset(argv.dataset);
      if (argv.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const width = Math.max(...result.checks.map((item) => item.name.length));
        for (const item of result.checks) process.stdout.write(`${item.passed ? 'PASS' : 'FAIL'}  ${item.name.padEnd(width)}  ${item.figure}\n`);
        const failed = result.checks.filter((item) => !item.passed).length;
        process.stdout.write(`${result.checks.length} checks, ${failed} failed: ${result.passed ? 'valid' : 'INVALID'} (${result.kind} dataset ${result.dataset})\n`);
      }
      if (!result.passed) process.exitCode = EXIT_FAILURE;
    },
  );
}
