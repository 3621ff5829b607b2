/**
 * A tiny dataset of the OTLP encoders' edge cases, written through the project's own sink:
 * non-ASCII and long text (two-byte lengths), NULL and empty values, a row whose attributes are
 * all NULL, empty and non-ASCII MAP entries, int64 attributes beyond 2^53 (and negative ones),
 * NaN, ±Infinity and −0, ids that are not valid hex, unknown kinds and levels, a resource-less
 * row, span links and events as JSON (non-ASCII and long values, empty and absent attributes,
 * `[]`, empty text, an event before its span and one without a time), log arrival times (late,
 * NULL, earlier than the record), and gauges of special values next to a counter with a reset.
 */
import { Bool, Float64, Int64, Table, TimestampMicrosecond, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { writeJson } from '../../../src/dataset/directory.js';
import { buildSummary } from '../../../src/dataset/summary.js';
import { dictionaryColumn, labelsColumn, stringColumn, timestampColumn, timestampsFromNumbers, uint64Column } from '../../../src/sim/common/columns.js';
import type { TableRole, TableSpec } from '../../../src/contract/table.js';
import { writeBatch, type FileRecord } from '../../../src/sink/index.js';

const spec = (name: string, role: TableRole, timeColumn?: string): TableSpec => ({
  name, path: name === 'series' || name === 'samples' ? `metrics/${name}` : name, role, timePartition: role === 'series' ? null : 'date', timeColumn, keyColumns: [], requiredColumns: [],
});
const SPANS = spec('spans', 'spans', 'start_time');
const LOGS = { ...spec('logs', 'logs', 'timestamp'), messageColumn: 'message' };
const SERIES = spec('series', 'series');
const SAMPLES = spec('samples', 'samples', 'ts');

const START_MS = Date.parse('2026-05-04T00:00:00Z');
const LONG = `${'ünïcödé ☕ '.repeat(20)}end`;
/** Microsecond timestamps; null entries are NULL. */
function micros(values: (number | null)[]) {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => (bitmap[i >> 3]! |= v === null ? 0 : 1 << (i & 7)));
  const nullCount = values.filter((v) => v === null).length;
  return makeVector(makeData({ type: new TimestampMicrosecond(), length: values.length, data: BigInt64Array.from(values, (v) => BigInt(v ?? 0)), nullBitmap: bitmap, nullCount }));
}
/** A time in nanoseconds as decimal text: `us` microseconds plus `ns`. */
const nsText = (us: number, ns: number) => String(BigInt(us) * 1000n + BigInt(ns));
const BIG = [2n ** 53n + 1n, -1n, -(2n ** 63n), 2n ** 63n - 1n, 0n, null, 9007199254740993n, -9007199254740993n];

function spans(): Table {
  const n = 8;
  const us = Array.from({ length: n }, (_, i) => (START_MS + i * 1000) * 1000 + 999);
  return new Table({
    trace_id: stringColumn(['0af7651916cd43dd8448eb211c80319c', '0AF7651916CD43DD8448EB211C80319C', 'not-hex-at-all-0000000000000000z', '', null, 'abc', '0af7651916cd43dd8448eb211c80319c', '1'.repeat(32)]),
    span_id: stringColumn(['b7ad6b7169203331', 'B7AD6B7169203332', 'zzzzzzzzzzzzzzzz', '00f067aa0ba902b7', '00f067aa0ba902b8', null, '1234', '00f067aa0ba902b9']),
    parent_span_id: stringColumn([null, 'b7ad6b7169203331', '', 'b7ad6b716920333', null, 'b7ad6b7169203331', null, null]),
    name: stringColumn(['GET /café', '日本語のスパン', '', LONG, null, 'a'.repeat(200), 'x', 'SELECT ☕']),
    kind: dictionaryColumn(['server', 'SPAN_KIND_CLIENT', 'Producer', 'consumer', 'internal', 'bogus', null, 'span_kind_server']),
    service_name: dictionaryColumn(['checkout', 'checkout', 'paiement-é', 'checkout', null, 'checkout', 'checkout', 'paiement-é']),
    start_time: micros(us),
    duration_ns: makeVector(BigInt64Array.from([1n, 999_999n, 1_000_001n, 0n, -5n, 86_400_000_000_123n, 7n, 999n])),
    status_code: dictionaryColumn(['OK', 'ERROR', 'STATUS_CODE_ERROR', 'unset', null, 'weird', 'Ok', 'error']),
    status_message: stringColumn([null, 'timeout ⏱', '', LONG, null, 'x', null, 'boom']),
    attributes: labelsColumn([[['http.route', '/café'], ['net.peer.name', 'db']], [], [['ключ', 'значение']], [['', '']], [['a', 'b']], [], [['k', LONG]], [['x', 'y']]]),
    user: stringColumn(['ü', null, 'user-2', LONG, null, '', 'u', 'v']),
    big: vectorFromArray(BIG, new Int64()),
    ratio: vectorFromArray([0.5, Number.NaN, -0, 1e300, null, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324], new Float64()),
    ok: vectorFromArray([true, false, null, true, null, false, true, true], new Bool()),
    pod: dictionaryColumn(['pod-a', 'pod-a', 'pod-b', 'pod-a', null, 'pod-ü', 'pod-a', 'pod-b']),
    namespace: dictionaryColumn(['shop', 'shop', 'shop', 'shop', null, 'shop', 'shop', 'shop']),
    links: stringColumn([
      JSON.stringify([{ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', attributes: { 'agentic.link.type': 'handoff' } }]),
      JSON.stringify([{ trace_id: '0AF7651916CD43DD8448EB211C80319C', span_id: 'B7AD6B7169203332', attributes: {} }, { trace_id: '1'.repeat(32), span_id: '2'.repeat(16), attributes: { clé: 'värde ☕', n: 5, '': '' } }]),
      '[]', null, '',
      JSON.stringify([{ trace_id: 'not-hex', span_id: 'b7ad6b7169203331' }]),
      JSON.stringify([{ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: '00f067aa0ba902b7', attributes: { long: LONG } }]),
      null,
    ]),
    events: stringColumn([
      JSON.stringify([{ name: 'exception', time_unix_nano: nsText(us[0]!, 5_000_123), attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'délai dépassé ⏱' } }]),
      JSON.stringify([{ name: '日本', time_unix_nano: nsText(us[1]!, -2_000_001), attributes: {} }, { name: '', time_unix_nano: nsText(us[1]!, 0) }]),
      null, '[]',
      JSON.stringify([{ name: 'no-time', attributes: { k: '' } }]),
      JSON.stringify([{ name: 'a day later', time_unix_nano: nsText(us[5]!, 86_400_000_000_123) }]),
      '',
      JSON.stringify([{ name: 'long', time_unix_nano: nsText(us[7]!, 1), attributes: { x: LONG } }]),
    ]),
  });
}

function logs(): Table {
  const levels = ['INFO', 'warning', 'Fatal', 'verbose', null, 'ERR', 'debug', 'NOTICE'];
  const n = levels.length;
  const us = Array.from({ length: n }, (_, i) => (START_MS + i * 1000) * 1000 + i * 7);
  const late = [0, 1, null, 123_456_789, -5, 999, 1000, 86_400_000_000];
  return new Table({
    timestamp: micros(us),
    observed_timestamp: micros(late.map((l, i) => (l === null ? null : us[i]! + l))),
    level: dictionaryColumn(levels),
    message: stringColumn(['démarré ✓', null, '', LONG, 'plain', 'x'.repeat(130), '日本', 'ok']),
    service: dictionaryColumn(['checkout', 'checkout', null, 'paiement-é', 'checkout', 'checkout', null, 'checkout']),
    trace_id: stringColumn(['0af7651916cd43dd8448eb211c80319c', 'xyz', null, '0AF7651916CD43DD8448EB211C80319C', '', '0af7651916cd43dd8448eb211c80319', null, '2'.repeat(32)]),
    span_id: stringColumn(['b7ad6b7169203331', null, 'b7ad6b716920333g', 'B7AD6B7169203331', '', null, null, '3'.repeat(16)]),
    count: vectorFromArray(BIG, new Int64()),
    note: stringColumn([null, null, null, 'ü', null, LONG, null, null]),
  });
}

function metrics(): { series: Table; samples: Table } {
  const series = new Table({
    series_id: uint64Column(BigUint64Array.from([3n, 5n])),
    metric: dictionaryColumn(['temperature_celsius', 'jobs_total']),
    labels: labelsColumn([[['room', 'salle-à-manger'], ['service', 'thermostat']], [['queue', ''], ['job', 'worker']]]),
    type: dictionaryColumn(['gauge', 'counter']),
    unit: dictionaryColumn(['', 'jobs']),
    first_ts: timestampsFromNumbers([START_MS, START_MS]),
    last_ts: timestampsFromNumbers([START_MS + 5000, START_MS + 5000]),
  });
  const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1e-300];
  const times = values.map((_, i) => START_MS + i * 1000);
  return {
    series,
    samples: new Table({
      series_id: uint64Column(BigUint64Array.from([...values.map(() => 3n), ...values.map(() => 5n)])),
      ts: timestampsFromNumbers([...times, ...times]),
      value: vectorFromArray([...values, 5, 9, 2 ** 53 + 2, 0, 1, 3], new Float64()),
      start_ts: timestampColumn(BigInt64Array.from([...times.map(() => 0n), ...times.map((t, i) => BigInt(i < 3 ? START_MS - 1 : t - 1))]), undefined),
      trace_id: stringColumn([...values.map(() => null), '0af7651916cd43dd8448eb211c80319c', 'bad', null, '4'.repeat(32), null, null]),
      span_id: stringColumn([...values.map(() => null), 'b7ad6b7169203331', null, null, 'nothex!!nothex!!', null, null]),
    }),
  };
}

export async function writeEdgeDataset(dir: string): Promise<void> {
  const output = { formats: ['parquet' as const], compression: 'zstd' as const, parquetProfile: 'modern' as const };
  const date = new Date(START_MS).toISOString().slice(0, 10);
  const files: FileRecord[] = [];
  files.push(...(await writeBatch(dir, SPANS, { table: 'spans', date, data: spans() }, '0000', output)));
  files.push(...(await writeBatch(dir, LOGS, { table: 'logs', date, data: logs() }, '0000', output)));
  const { series, samples } = metrics();
  files.push(...(await writeBatch(dir, SERIES, { table: 'series', date: null, data: series }, '0000', output)));
  files.push(...(await writeBatch(dir, SAMPLES, { table: 'samples', date, data: samples }, '0000', output)));
  const scenario = {
    kind: 'edge-fixture', name: 'edge-fixture', description: 'OTLP encoder edge cases', seed: 1,
    start: new Date(START_MS).toISOString(), end: new Date(START_MS + 86_400_000).toISOString(), partitions: 1, preset: null, world: {},
  };
  const summary = buildSummary({ scenario, scenarioHash: 'edge', output, partitions: 1, tables: [SPANS, LOGS, SERIES, SAMPLES], files, incidentKinds: [] });
  writeJson(dir, 'summary.json', summary);
}
