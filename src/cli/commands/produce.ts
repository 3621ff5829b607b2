/**
 * `teleforge produce --target URL`: synthetic payloads at a controlled rate, no dataset (the
 * rate-controlled generator's smoke-test and raw-throughput tool). Argument parsing, --config
 * merging and output only; the work is in src/replay/synthetic and the target sinks.
 */
import { readFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { badArgument, EXIT_FAILURE, TeleforgeError } from '../../errors.js';
import { AUTH_ENV, requestHeaders } from '../../replay/send/auth.js';
import { KAFKA_ACKS, type KafkaAcks } from '../../replay/kafka/url.js';
import { systemClock } from '../../replay/send/limiter.js';
import { parseRate } from '../../replay/send/rate.js';
import { targetKind } from '../../replay/records/open.js';
import type { SyntheticResult } from '../../replay/synthetic/produce.js';
import { parseDuration } from '../../util/duration.js';
import { PACKAGE_ROOT } from '../../util/package-root.js';
import { formatBytes, formatCount, formatSeconds } from '../format.js';
import { checkedText, durationText, each, hostPort, nameValue, numberAtLeast, wholeNumber } from '../options.js';
import { createReplayProgress } from '../replay-progress.js';
import { loadRunConfig, type ProduceConfig } from '../run-config.js';

/** The seed's payload fixtures, shipped in fixtures/producer/. */
export const TEMPLATE_FIXTURES = ['header-only', 'fits-like-blob', 'weighted-sample'];

const OPTION_NAMES = [
  'target', 'rate', 'rate-per-worker', 'mode', 'burst-window', 'parallel', 'payload-size', 'payload-template', 'duration', 'records', 'seed', 'sample',
  'annotate', 'producer-id', 'batch-size', 'acks', 'partitions', 'format', 'gzip', 'header', 'rotate-size-mb', 'audit-every', 'verify', 'metrics-addr',
  'log-format', 'stats-every', 'max-retries',
] as const;

export function produceCommand(yargs: Argv): Argv {
  return yargs.command(
    'produce',
    'Produce synthetic payloads into kafka://, http(s)://, file:// or stdout at a controlled rate',
    (y) =>
      y
        .option('target', { type: 'string', describe: 'kafka://host:9092/topic | http(s)://host/ingest | file:///path/payloads.bin | stdout' })
        .option('config', { type: 'string', describe: 'Run config YAML: the options below by their long names; flags win' })
        .option('rate', { type: 'string', coerce: checkedText((text) => parseRate(text)), describe: 'Global rate: payload bytes/s (125000B/s, 1mbit, 50MB/s) or records/s (2k/s) [default: unlimited]' })
        .option('rate-per-worker', { type: 'string', coerce: checkedText((text) => parseRate(text, '--rate-per-worker')), describe: 'Rate cap of each producer (same units)' })
        .option('mode', { choices: ['steady', 'burst'] as const, describe: 'steady token bucket or burst windows [default: steady]' })
        .option('burst-window', { type: 'string', coerce: durationText('burst-window'), describe: 'Burst mode window [default: 1s]' })
        .option('parallel', { type: 'string', coerce: wholeNumber('parallel', 1), describe: 'Concurrent producers (Kafka: partitions of a new topic) [default: 1]' })
        .option('payload-size', { type: 'string', coerce: wholeNumber('payload-size', 1), describe: 'Bytes per payload ({{fill}} pads to it) [default: 512]' })
        .option('payload-template', { type: 'string', describe: `Template file, or a shipped fixture: ${TEMPLATE_FIXTURES.join(', ')}` })
        .option('duration', { type: 'string', coerce: durationText('duration'), describe: 'Stop after this long (30s, 5m, 1h)' })
        .option('records', { type: 'string', coerce: wholeNumber('records', 1), describe: 'Stop after this many records (in total)' })
        .option('seed', { type: 'string', coerce: wholeNumber('seed', Number.MIN_SAFE_INTEGER), describe: 'Seed of the payloads: same seed, same bytes [default: 1]' })
        .option('sample', { type: 'string', coerce: wholeNumber('sample', 1), describe: 'Send one record in N with weight N [default: 1, all]' })
        .option('annotate', { type: 'boolean', describe: 'producer_id, sequence, timestamp on every record (Kafka headers / JSON fields) [default: true]' })
        .option('producer-id', { type: 'string', describe: 'Prefix of producer ids (<prefix>-<index>) [default: <hostname>-<pid>]' })
        .option('batch-size', { type: 'string', coerce: wholeNumber('batch-size', 1), describe: 'Records per delivery [default: ~20 ms of the rate, ≤ 1 MiB]' })
        .option('acks', { choices: KAFKA_ACKS, describe: 'kafka: acknowledgements [default: all]' })
        .option('partitions', { type: 'string', coerce: wholeNumber('partitions', 1), describe: 'kafka: partitions of a new topic [default: --parallel]' })
        .option('format', { choices: ['ndjson', 'json-array'] as const, describe: 'http: body format [default: ndjson]' })
        .option('gzip', { type: 'boolean', describe: 'http: Content-Encoding gzip; kafka: gzip record batches [default: false]' })
        .option('header', { type: 'string', array: true, coerce: each(nameValue('header')), describe: 'http: extra header name=value (repeatable)' })
        .option('auth-bearer', { type: 'string', describe: `http: bearer token [env ${AUTH_ENV.bearer}]` })
        .option('auth-basic', { type: 'string', describe: `http: user:password [env ${AUTH_ENV.basic}]` })
        .option('rotate-size-mb', { type: 'string', coerce: numberAtLeast('rotate-size-mb', 0), describe: 'file: rotate at this size, MiB (0: never) [default: 50]' })
        .option('audit-every', { type: 'string', coerce: wholeNumber('audit-every', 0), describe: 'file: an audit line in payloads.log every N records (0: off) [default: 1000]' })
        .option('verify', { type: 'boolean', describe: 'kafka: read back the partitions\' offsets and compare with the records sent' })
        .option('metrics-addr', { type: 'string', coerce: hostPort('metrics-addr'), describe: 'Serve Prometheus /metrics and /health on host:port' })
        .option('log-format', { choices: ['text', 'json'] as const, describe: 'json: per-producer stats as JSON lines on stderr [default: text]' })
        .option('stats-every', { type: 'string', coerce: durationText('stats-every'), describe: 'Interval of the JSON stats lines [default: 10s]' })
        .option('max-retries', { type: 'string', coerce: wholeNumber('max-retries', 0), describe: 'Retries of a delivery [default: 8]' })
        .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no summary line' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
        .example('$0 produce --target kafka://127.0.0.1:9092/ingest --payload-size 512 --rate 125000B/s --duration 300s', 'the seed\'s 1 Mbit/s smoke test')
        .example('$0 produce --target file:///data/payloads.bin --payload-size 4096 --duration 30s --rotate-size-mb 50', 'raw throughput to disk')
        .example('$0 produce --target stdout --payload-template weighted-sample --records 1000 | kcat -P -b host:9092 -t t', 'into a pipe')
        .example('$0 produce --config run.yaml --rate 10MB/s', 'a run config, one option overridden'),
    async (argv) => {
      const config = argv.config ? loadRunConfig(argv.config) : {};
      const flags = Object.fromEntries(OPTION_NAMES.map((name) => [name, (argv as Record<string, unknown>)[name]]).filter(([, value]) => value !== undefined)) as ProduceConfig;
      const o: ProduceConfig = { ...config, ...flags };
      if (!o.target) throw badArgument('--target: required (kafka://host:9092/topic, http(s)://…, file:///path or stdout), on the command line or in --config');
      if (o.duration === undefined && o.records === undefined) throw badArgument('--duration or --records: say when to stop');
      const kind = targetKind(o.target);
      if (o.verify && kind !== 'kafka') throw badArgument('--verify: only the kafka target can be read back');
      const parallel = whole(o.parallel ?? 1, '--parallel', 1);
      const payloadSize = whole(o['payload-size'] ?? 512, '--payload-size', 1);
      const rate = o.rate === undefined ? undefined : parseRate(o.rate);
      const { url, headers } = kind === 'http'
        ? requestHeaders({ url: o.target, bearer: argv.authBearer ?? process.env[AUTH_ENV.bearer], basic: argv.authBasic ?? process.env[AUTH_ENV.basic], headers: o.header })
        : { url: o.target, headers: {} };
      const { produceSynthetic, defaultBatchRecords } = await import('../../replay/synthetic/produce.js');
      const { parseTemplate, DEFAULT_TEMPLATE } = await import('../../replay/synthetic/template.js');
      const { openSink } = await import('../../replay/records/open.js');
      const { createReplayMetrics, serveMetrics } = await import('../../replay/send/metrics.js');
      const { createBatchSender } = await import('../../replay/records/batch-sender.js');
      const templatePath = o['payload-template'] === undefined ? undefined : templateFile(o['payload-template']);
      const template = templatePath ? parseTemplate(readFileSync(templatePath, 'utf8'), templatePath) : parseTemplate(DEFAULT_TEMPLATE, 'default template');
      const statsEveryMs = parseDuration(o['stats-every'] ?? '10s', '--stats-every');
      const producerPrefix = o['producer-id'] ?? `${hostname()}-${process.pid}`;
      const sample = whole(o.sample ?? 1, '--sample', 1);
      const maxRetries = whole(o['max-retries'] ?? 8, '--max-retries', 0);
      const metrics = createReplayMetrics(kind);
      const metricsServer = o['metrics-addr'] ? await serveMetrics(metrics, o['metrics-addr']) : undefined;
      const controller = new AbortController();
      const abort = () => controller.abort();
      process.once('SIGINT', abort).once('SIGTERM', abort);
      const warn = (message: string) => process.stderr.write(`teleforge: warning: ${message}\n`);
      // Results go to stderr when the records go to stdout.
      const out = kind === 'stdout' ? process.stderr : process.stdout;
      const progress = createReplayProgress(!argv.quiet && !argv.json && kind !== 'stdout');
      let sink: Awaited<ReturnType<typeof openSink>> | undefined;
      try {
        sink = await openSink(url, {
          producers: parallel,
          maxRetries,
          timeoutMs: 60_000,
          partitionByProducer: true,
          kafka: { acks: (o.acks ?? 'all') as KafkaAcks, partitions: o.partitions },
          http: { headers, format: o.format ?? 'ndjson', gzip: o.gzip ?? false },
          file: { rotateSizeMb: o['rotate-size-mb'] ?? 50, auditEvery: o['audit-every'] ?? 1000 },
          onWarning: warn,
        });
        const durationMs = o.duration === undefined ? undefined : parseDuration(o.duration, '--duration');
        const expected = o.records ?? (rate && durationMs ? (rate.unit === 'bytes' ? rate.perSecond / payloadSize : rate.perSecond) * (durationMs / 1000) : undefined);
        if (expected !== undefined) progress.start(Math.round(expected));
        const options = {
          rate,
          ratePerWorker: o['rate-per-worker'] === undefined ? undefined : parseRate(o['rate-per-worker'], '--rate-per-worker'),
          mode: o.mode ?? 'steady',
          burstWindowMs: parseDuration(o['burst-window'] ?? '1s', '--burst-window'),
          speed: 1,
          // A producer that stalled (GC, a slow disk, a broker's pause) makes up up to 1 s of the rate.
          catchUpMs: 1000,
          payloadSize,
          template,
          parallel,
          seed: Math.trunc(o.seed ?? 1),
          durationMs,
          records: o.records,
          batchRecords: o['batch-size'] ?? defaultBatchRecords(payloadSize, rate?.unit === 'bytes' ? rate.perSecond : rate ? rate.perSecond * payloadSize : undefined),
          sample,
          annotate: o.annotate ?? true,
          producerPrefix,
          clock: systemClock,
        };
        const logJson = o['log-format'] === 'json';
        const sender = createBatchSender(sink, { maxRetries, metrics, stopped: () => controller.signal.aborted, random: Math.random });
        const result = await produceSynthetic(
          options,
          sender,
          metrics,
          {
            onProgress: (records, bytes) => progress.update(records, bytes),
            onStats: logJson
              ? (stats) => {
                  for (const producer of stats) process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'producer stats', sample_rate: 1 / sample, ...producer })}\n`);
                }
              : undefined,
            statsEveryMs,
          },
          controller.signal,
        );
        const verify = o.verify && sink.verify ? { sent: result.records, target: await sink.verify() } : undefined;
        progress.stop();
        if (logJson) for (const producer of result.producers) process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'producer final', sample_rate: 1 / sample, ...producer })}\n`);
        const summary = { target: redactTarget(o.target), template: templatePath ?? 'default', payloadSize, parallel, sample, ...result, ...(verify ? { verify } : {}) };
        if (argv.json) out.write(`${JSON.stringify(summary, null, 2)}\n`);
        else if (!argv.quiet) printResult(out, summary);
        if (verify && verify.sent !== verify.target) throw new TeleforgeError('VERIFY_MISMATCH', `verify: the topic received ${verify.target} records, ${verify.sent} were sent`, EXIT_FAILURE);
      } finally {
        progress.stop();
        await sink?.close();
        metricsServer?.close();
        process.off('SIGINT', abort).off('SIGTERM', abort);
      }
    },
  );
}

function whole(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw badArgument(`${what}: expected a whole number ≥ ${min}, got ${value}`);
  return value;
}

/** A fixture name (header-only, …) or a path. */
function templateFile(name: string): string {
  if (TEMPLATE_FIXTURES.includes(name)) return join(PACKAGE_ROOT, 'fixtures/producer', `${name}.json`);
  if (!existsSync(name)) throw badArgument(`--payload-template: ${name} does not exist (shipped: ${TEMPLATE_FIXTURES.join(', ')})`);
  return name;
}

function redactTarget(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}

type Summary = SyntheticResult & { target: string; verify?: { sent: number; target: number } };

function printResult(out: NodeJS.WritableStream, s: Summary): void {
  const full = s.bytesPerSecondSeries.slice(0, Math.floor(s.elapsedMs / 1000));
  const mean = full.reduce((a, b) => a + b, 0) / Math.max(1, full.length);
  const jitter = full.length > 1 ? Math.sqrt(full.reduce((a, b) => a + (b - mean) ** 2, 0) / full.length) / mean : 0;
  out.write(
    `produce ${s.target}: ${formatCount(s.records)} records (${formatCount(s.weightedRecords)} weighted), ${formatBytes(s.bytes)} of payloads in ${formatSeconds(s.elapsedMs)} ` +
      `(${formatCount(s.recordsPerSecond)} records/s, ${formatBytes(s.bytesPerSecond)}/s; per-second jitter ${(jitter * 100).toFixed(1)} %)\n`,
  );
  if (s.verify) out.write(`verify records: sent ${s.verify.sent}, topic ${s.verify.target} — ${s.verify.sent === s.verify.target ? 'ok' : 'MISMATCH'}\n`);
}
