/** `teleforge query <dataset> [sql]`: SQL over a dataset's views, or the list of views. */
import type { Argv } from 'yargs';
import { oneOf } from '../options.js';

const FORMATS = ['table', 'csv', 'json', 'parquet'] as const;

export function queryCommand(yargs: Argv): Argv {
  return yargs.command(
    'query <dataset> [sql]',
    'Run SQL (DuckDB) over a dataset: one view per table, and metrics = series joined to samples; without SQL, list the views',
    (y) =>
      y
        .positional('dataset', { type: 'string', demandOption: true, describe: 'Dataset directory (holds summary.json)' })
        .positional('sql', { type: 'string', describe: 'One SQL statement; views: series, samples, metrics, incidents, … (see the list without SQL)' })
        .option('format', { type: 'string', coerce: oneOf('format', FORMATS, 'format'), default: 'table', describe: `Output: ${FORMATS.join(', ')} (json is an array; parquet needs --out)` })
        .option('out', { type: 'string', describe: 'Write the result to this file instead of stdout' })
        .example('$0 query out/k8s-cluster', 'list the views with their columns and row counts')
        .example(`$0 query out/k8s-cluster "SELECT metric, count(*) FROM metrics WHERE date = '2026-01-05' GROUP BY 1"`, 'samples per metric on one day')
        .example('$0 query out/k8s-cluster "SELECT * FROM incidents" --format parquet --out incidents.parquet', 'export a result'),
    async (argv) => {
      const { runQuery } = await import('../../query/query.js');
      await runQuery(argv.dataset, argv.sql, { format: argv.format, out: argv.out, write: (text) => process.stdout.write(text) });
    },
  );
}
