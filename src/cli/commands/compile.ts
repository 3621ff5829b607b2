/** `teleforge compile <scenario>`: argument parsing and output only; the work is in src/run. */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { parseAssignment } from '../../scenario/paths.js';
import { OUTPUT_FORMATS, PARQUET_PROFILES } from '../../sink/formats.js';
import { formatBytes, formatCount, formatSeconds } from '../format.js';
import { durationText, each, instantText, listOf, MAX_WORKERS, shard, wholeNumber } from '../options.js';
import { createProgress } from '../progress.js';
import { writePrettyJson } from '../../util/pretty-json.js';

export function compileCommand(yargs: Argv): Argv {
  return yargs.command(
    'compile <scenario>',
    'Compile a scenario into a dataset directory (Parquet and/or JSONL)',
    (y) =>
      y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file, or the name of a bundled scenario' })
        .option('out', { type: 'string', describe: 'Dataset directory [default: out/<scenario name>]' })
        .option('workers', {
          type: 'string',
          coerce: wholeNumber('workers', 1, MAX_WORKERS),
          describe: `Worker processes, 1–${MAX_WORKERS}, at most one per partition [default: CPU cores]`,
        })
        .option('format', { type: 'string', coerce: listOf('format', OUTPUT_FORMATS, 'format'), default: 'parquet', describe: 'Output formats, comma-separated: parquet,jsonl' })
        .option('compression', { choices: ['zstd', 'none'] as const, default: 'zstd' as const, describe: 'Parquet codec; zstd also makes .jsonl.zst' })
        .option('parquet-profile', {
          choices: PARQUET_PROFILES,
          default: 'modern' as const,
          describe: 'Parquet encodings: modern (delta, byte-stream-split) or compat (PLAIN and dictionary only, for older readers such as Spark < 3.3)',
        })
        .option('seed', { type: 'string', coerce: wholeNumber('seed', 0), describe: 'Override the scenario seed (a whole number ≥ 0)' })
        .option('start', { type: 'string', coerce: instantText('start'), describe: 'Override the start (ISO-8601)' })
        .option('duration', { type: 'string', coerce: durationText('duration'), describe: 'Override the duration, with its unit (e.g. 6h, 30d)' })
        .option('preset', { type: 'string', describe: 'Apply one of the scenario\'s presets' })
        .option('set', { type: 'string', array: true, coerce: each(parseAssignment), default: [] as string[], describe: 'Override a scenario field: key.path=value (repeatable)' })
        .option('shard', { type: 'string', coerce: shard, describe: 'Compile only slice i of N of the partition plan: i/N' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a dataset of another scenario in --out' })
        .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar and no summary line' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
        .example('$0 compile k8s-cluster', 'compile the bundled 30-day cluster into out/k8s-cluster')
        .example('$0 compile k8s-cluster --duration 6h --set world.cluster.nodes=5 --out out/small', 'a small slice')
        .example('$0 compile k8s-cluster --shard 0/4', 'the first of four slices (run the others elsewhere)'),
    async (argv) => {
      const { compile } = await import('../../run/compile.js');
      const progress = createProgress(!argv.quiet && !argv.json);
      try {
        const result = await compile(
          {
            scenario: argv.scenario,
            out: argv.out,
            workers: argv.workers ?? availableParallelism(),
            output: { formats: argv.format, compression: argv.compression, parquetProfile: argv.parquetProfile },
            overrides: { sets: argv.set, seed: argv.seed, start: argv.start, duration: argv.duration, preset: argv.preset },
            shard: argv.shard,
            force: argv.force,
          },
          {
            onStart: (info) => {
              announce(info, argv.workers, argv.quiet || argv.json);
              progress.start(info.estimatedRows, info.pending);
            },
            onRows: (rows) => progress.rows(rows),
            onPartitionDone: () => progress.partitionDone(),
          },
        );
        progress.stop();
        if (argv.json) {
          // In pieces: the summary lists every file (~7 MB for 90 days of k8s).
          writePrettyJson(resultJson(result), (chunk) => process.stdout.write(chunk));
          process.stdout.write('\n');
        } else if (!argv.quiet) {
          printResult(result);
        }
      } finally {
        progress.stop();
      }
    },
  );
}

type StartInfo = Parameters<NonNullable<import('../../run/compile.js').CompileEvents['onStart']>>[0];

/**
 * On stderr, before the first partition: the estimated size (a 100-year `--duration` shows what it
 * means before it runs), and a `--workers` the user gave that was capped, said even with --quiet
 * (the default, one per core, is capped without a word).
 */
function announce(info: StartInfo, requested: number | undefined, quiet: boolean): void {
  if (requested !== undefined && info.pending > 0 && info.workers < requested) {
    process.stderr.write(`teleforge: --workers ${requested}: using ${info.workers}, one per partition to compile\n`);
  }
  if (quiet || info.pending === 0) return;
  const of = info.pending === info.partitions ? '' : ` (${info.partitions - info.pending} of ${info.partitions} already done)`;
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  process.stderr.write(`compile: ≈${formatCount(info.estimatedRows)} rows (estimate) in ${plural(info.pending, 'partition')}${of} on ${plural(info.workers, 'worker')} into ${info.outDir}\n`);
}

type CompileResult = Awaited<ReturnType<typeof import('../../run/compile.js').compile>>;

/** The `--json` shape: snake_case like summary.json, with this run's throughput. */
function resultJson(result: CompileResult) {
  return {
    out_dir: result.outDir,
    scenario: result.scenario,
    scenario_hash: result.scenarioHash,
    complete: result.complete,
    partitions: result.partitions,
    tables: result.tables,
    rows: result.rows,
    bytes: result.bytes,
    wall_seconds: result.wallMs / 1000,
    rows_per_second: Math.round(result.rows / (result.wallMs / 1000)),
    bytes_per_second: Math.round(result.bytes / (result.wallMs / 1000)),
    peak_rss_bytes: result.peakRssBytes,
    summary: result.summary ?? null,
  };
}

function printResult(result: CompileResult): void {
  const tables = Object.entries(result.tables)
    .map(([name, { rows }]) => `${name} ${formatCount(rows)}`)
    .join(', ');
  const rate = formatCount(result.rows / (result.wallMs / 1000));
  const { partitions } = result;
  const parts = `${partitions.compiled} compiled, ${partitions.resumed} already done, of ${partitions.total}`;
  process.stdout.write(
    `${result.outDir}: ${tables} rows; ${formatBytes(result.bytes)} in ${formatSeconds(result.wallMs)} (${rate} rows/s); partitions ${parts}\n`,
  );
  if (!result.complete) {
    process.stdout.write(`partial dataset: summary.json is written once all ${partitions.total} partitions are present (other --shard slices)\n`);
  } else if (result.summary) {
    const { summary } = result;
    process.stdout.write(
      `scenario ${summary.scenario} (${summary.kind}, hash ${summary.scenario_hash}, seed ${summary.seed}) ${summary.time_range.start} → ${summary.time_range.end}; ` +
        `incidents ${summary.incidents.total} (${Object.entries(summary.incidents.by_kind).map(([kind, n]) => `${kind} ${n}`).join(', ')})\n`,
    );
  }
}
