/** `teleforge replay <target> <dataset>`: argument parsing and output only; the work is in src/replay. */
import type { Argv, Options } from 'yargs';
import { badArgument, EXIT_FAILURE, EXIT_SIGNAL, TeleforgeError } from '../../errors.js';
import { AUTH_ENV, requestHeaders } from '../../replay/send/auth.js';
import { REPLAY_MODES } from '../../replay/send/limits.js';
import { parseRate } from '../../replay/send/rate.js';
import { targetNames, targetOptions } from '../../replay/registry.js';
import type { TargetOptionValues } from '../../replay/types.js';
import { formatBytes, formatCount, formatSeconds } from '../format.js';
import { durationMs, each, hostPort, nameValue, instantMs, lastText, MAX_WORKERS, shard, wholeNumber } from '../options.js';
import { createReplayProgress } from '../replay-progress.js';

export function replayCommand(yargs: Argv): Argv {
  return yargs.command(
    'replay <target> <dataset>',
    `Replay a compiled dataset into a backend at a controlled rate (targets: ${targetNames().join(', ')})`,
    (y) =>
      withTargetOptions(y)
        .positional('target', { type: 'string', demandOption: true, describe: `Backend kind: ${targetNames().join(', ')}` })
        .positional('dataset', { type: 'string', demandOption: true, describe: 'Dataset directory (holds summary.json)' })
        .option('url', { type: 'string', alias: 'endpoint', coerce: checkedUrl, describe: 'Base URL of the backend, http:// or https:// (e.g. http://127.0.0.1:8428)' })
        .option('rate', { type: 'string', coerce: (value: unknown) => parseRate(lastText(value)), describe: 'Global rate: items/s (50k/s, 2M/s) or bytes/s (10MB/s, 125kb/s, 1mbit)' })
        .option('rate-per-worker', { type: 'string', coerce: (value: unknown) => parseRate(lastText(value), '--rate-per-worker'), describe: 'Rate cap of each worker (same units as --rate)' })
        .option('mode', { choices: REPLAY_MODES, default: 'steady' as const, describe: 'steady pacing, burst windows, or realtime spacing' })
        .option('burst-window', { type: 'string', coerce: durationMs('burst-window'), default: '1s', describe: 'Burst mode: full speed for each window, then idle' })
        .option('speed', { type: 'string', coerce: (value: unknown) => parseSpeed(lastText(value)), default: '1x', describe: 'Realtime mode: how many times faster than the data (e.g. 60x)' })
        .option('shift-to-now', { type: 'boolean', default: false, describe: 'Rebase timestamps so the data ends now' })
        .option('workers', { type: 'string', coerce: wholeNumber('workers', 1, MAX_WORKERS), describe: `Concurrent requests (connections), 1–${MAX_WORKERS} [default: per target, 2]` })
        .option('batch-size', { type: 'string', coerce: wholeNumber('batch-size', 1), describe: 'Rows per request [default: per target]' })
        .option('gzip', { type: 'boolean', default: false, describe: 'Compress request bodies (Content-Encoding: gzip)' })
        .option('tables', { type: 'string', describe: 'Only these tables, comma-separated' })
        .option('from', { type: 'string', coerce: instantMs('from'), describe: 'Only rows at or after this time (ISO-8601)' })
        .option('to', { type: 'string', coerce: instantMs('to'), describe: 'Only rows before this time (ISO-8601)' })
        .option('shard', { type: 'string', coerce: shard, describe: 'Only slice i of N of the files: i/N' })
        .option('auth-bearer', { type: 'string', describe: `Bearer token [env ${AUTH_ENV.bearer}]` })
        .option('auth-basic', { type: 'string', describe: `user:password [env ${AUTH_ENV.basic}]` })
        .option('header', { type: 'string', array: true, coerce: each(nameValue('header')), default: [] as string[], describe: 'Extra request header name=value (repeatable)' })
        .option('resume', { type: 'boolean', default: false, describe: 'Skip batches the checkpoint records as acknowledged' })
        .option('checkpoint', { type: 'string', describe: 'Checkpoint file [default: <dataset>/.teleforge/replay/<target>-<server>.json]' })
        .option('verify', { type: 'boolean', default: false, describe: 'Compare the backend\'s counts with the dataset afterwards (exit 1 on a mismatch)' })
        .option('dump', { type: 'string', describe: 'Write the request bodies to this directory instead of sending' })
        .option('metrics-addr', { type: 'string', coerce: hostPort('metrics-addr'), describe: 'Serve the replayer\'s Prometheus metrics and /health on host:port' })
        .option('max-retries', { type: 'string', coerce: wholeNumber('max-retries', 0), default: '8', describe: 'Retries of a request (connection errors, 429, 5xx)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar and no summary line' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
        .example('$0 replay victoriametrics out/k8s-cluster --url http://127.0.0.1:8428 --rate 200k/s --verify', 'paced import, then count check')
        .example('$0 replay victorialogs out/social --url http://127.0.0.1:9428 --mode realtime --speed 60x --shift-to-now', 'live-looking logs')
        .example('$0 replay otlp out/social --endpoint http://127.0.0.1:4317 --protocol grpc --signals logs,traces', 'OTLP over gRPC')
        .example('$0 replay remote-write out/k8s-cluster --url http://127.0.0.1:9090/api/v1/write --shift-to-now --verify', 'Prometheus remote write')
        .example('$0 replay kafka out/social --url kafka://127.0.0.1:9092/logs --tables logs --rate 20k/s --verify', 'JSON per row, keyed by entity')
        .example('$0 replay stdout out/k8s-cluster --sample 100 | kcat -P -b 127.0.0.1:9092 -t samples', 'one row in 100, weighted, into a pipe'),
    async (argv) => {
      // kafka://, file:// and stdout name their destination without HTTP (and without credentials).
      const plainUrl = argv.target === 'stdout' ? (argv.url ?? 'stdout:') : argv.url && RECORD_URL.test(argv.url) ? argv.url : undefined;
      const { url, headers } = plainUrl
        ? { url: plainUrl, headers: {} }
        : argv.url
          ? requestHeaders({ url: argv.url, bearer: argv.authBearer ?? process.env[AUTH_ENV.bearer], basic: argv.authBasic ?? process.env[AUTH_ENV.basic], headers: argv.header })
          : { url: undefined, headers: {} };
      if (argv.verify && argv.sample !== undefined && argv.sample !== '1') throw badArgument('--verify counts messages: it cannot be combined with --sample');
      // The stdout target's records own stdout: the result goes to stderr.
      const out = argv.target === 'stdout' ? process.stderr : process.stdout;
      const controller = new AbortController();
      let signal: 'SIGINT' | 'SIGTERM' = 'SIGINT';
      const abort = (name: 'SIGINT' | 'SIGTERM') => {
        signal = name;
        controller.abort();
      };
      process.once('SIGINT', abort).once('SIGTERM', abort);
      const progress = createReplayProgress(!argv.quiet && !argv.json);
      const { replay } = await import('../../replay/engine.js');
      try {
        const result = await replay(
          {
            target: argv.target,
            dataset: argv.dataset,
            url,
            headers,
            rate: argv.rate,
            ratePerWorker: argv.ratePerWorker,
            mode: argv.mode,
            burstWindowMs: argv.burstWindow,
            speed: argv.speed,
            shiftToNow: argv.shiftToNow,
            workers: argv.workers,
            batchSize: argv.batchSize,
            gzip: argv.gzip,
            tables: argv.tables?.split(',').map((name) => name.trim()).filter(Boolean),
            fromMs: argv.from,
            toMs: argv.to,
            shard: argv.shard,
            resume: argv.resume,
            verify: argv.verify,
            dump: argv.dump,
            metricsAddr: argv.metricsAddr,
            maxRetries: argv.maxRetries,
            checkpoint: argv.checkpoint,
            targetOptions: targetOptionValues(argv.target, argv),
          },
          {
            onStart: ({ records }) => progress.start(records),
            onProgress: (records, bytes) => progress.update(records, bytes),
            onWarning: (message) => process.stderr.write(`teleforge: warning: ${message}\n`),
          },
          controller.signal,
        );
        progress.stop();
        if (argv.json) out.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (!argv.quiet) printResult(out, result);
        if (result.verify && !result.verify.ok) {
          // The line carries the figures itself: under --json nothing else is printed above it.
          const { expected, backend } = result.verify;
          const short = Object.keys(expected).filter((key) => backend[key] !== expected[key]).map((key) => `${key} ${backend[key] ?? 0} of ${expected[key]}`);
          throw new TeleforgeError('VERIFY_MISMATCH', `verify: ${result.target} holds other counts than the dataset (${short.join(', ') || 'summary.json disagrees with the files'})`, EXIT_FAILURE);
        }
      } catch (error) {
        // Exit as a shell reports a run stopped by that signal (130 Ctrl-C, 143 SIGTERM).
        if (error instanceof TeleforgeError && error.code === 'INTERRUPTED') throw new TeleforgeError('INTERRUPTED', `${signal}: ${error.message}`, EXIT_SIGNAL[signal]);
        throw error;
      } finally {
        progress.stop();
        process.off('SIGINT', abort).off('SIGTERM', abort);
      }
    },
  );
}

function withTargetOptions<T>(y: Argv<T>): Argv<T> {
  for (const [name, spec] of Object.entries(targetOptionSpecs())) y.option(name, spec);
  return y;
}

/** Every target's own options, for yargs; each says which targets take it. */
function targetOptionSpecs(): Record<string, Options> {
  const specs: Record<string, Options> = {};
  for (const name of targetNames()) {
    for (const option of targetOptions(name)) {
      const takers = targetNames().filter((candidate) => targetOptions(candidate).some((o) => o.name === option.name));
      const fallback = option.default === undefined ? '' : ` [default: ${option.default}]`;
      specs[option.name] = { type: 'string', choices: option.choices, describe: `${takers.join(', ')}: ${option.describe}${fallback}`, group: 'Target options:' };
    }
  }
  return specs;
}

/** The values of the chosen target's options; another target's option is a mistake worth naming. */
function targetOptionValues(target: string, argv: Record<string, unknown>): TargetOptionValues {
  const own = targetOptions(target);
  for (const name of Object.keys(targetOptionSpecs())) {
    if (argv[name] !== undefined && !own.some((option) => option.name === name)) throw badArgument(`--${name}: not an option of target ${target}`);
  }
  return Object.fromEntries(own.map((option) => [option.name, (argv[option.name] as string | undefined) ?? option.default]));
}

/**
 * The URL's own checks (syntax, http or https, never printed with its credentials), at parse time.
 * kafka:// and file:// URLs are the record targets' own, checked by those targets.
 */
function checkedUrl(value: unknown): string {
  const text = lastText(value);
  if (!RECORD_URL.test(text)) requestHeaders({ url: text });
  return text;
}

const RECORD_URL = /^(kafka|file):/;

function parseSpeed(text: string): number {
  const speed = /^\d+(\.\d+)?x?$/i.test(text.trim()) ? Number(text.trim().replace(/x$/i, '')) : Number.NaN;
  if (!(speed > 0)) throw badArgument(`--speed: '${text}' is not a speed-up factor (e.g. 1x, 60x)`);
  return speed;
}

type Result = Awaited<ReturnType<typeof import('../../replay/engine.js').replay>>;

function printResult(out: NodeJS.WritableStream, result: Result): void {
  const rate = `${formatCount(result.recordsPerSecond)} records/s, ${formatBytes(result.bytesPerSecond)}/s`;
  out.write(
    `${result.target} ${result.server}: ${formatCount(result.records)} records, ${formatBytes(result.bytes)} in ${formatSeconds(result.sendMs)} (${rate}); ` +
      `${result.requests} requests, ${result.retries} retries, ${result.resumedBatches} batches already acknowledged; data ${result.timeRange.start} → ${result.timeRange.end}\n`,
  );
  if (!result.verify) return;
  for (const [key, expected] of Object.entries(result.verify.expected)) {
    const fromSummary = result.verify.summary?.[key];
    const backend = result.verify.backend[key];
    const ok = backend === expected && (fromSummary ?? expected) === expected;
    out.write(`verify ${key}: sent ${expected}${fromSummary === undefined ? '' : `, summary.json ${fromSummary}`}, backend ${backend} — ${ok ? 'ok' : 'MISMATCH'}\n`);
  }
}
