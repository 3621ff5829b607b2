/**
 * A small telemetry dataset written through the project's own sink and summary code, following
 * the ARCHITECTURE.md contracts, until the social-network simulator lands: `spans` (trace_id 32
 * hex, span_id 16 hex, parent_span_id, name, kind, service_name, start_time (µs), end_time,
 * duration_ns, status_code, status_message, request_id, an `attributes` MAP and flat columns),
 * `logs` (timestamp, level, message, service, trace_id, span_id, request_id + typed fields) and a
 * tiny metrics pair (`series`, `samples` with a counter reset and exemplar trace/span ids).
 */
import { Bool, Float64, Table, TimestampMicrosecond, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { writeJson } from '../../../src/dataset/directory.js';
import { buildSummary } from '../../../src/dataset/summary.js';
import { dictionaryColumn, labelsColumn, stringColumn, timestampColumn, timestampsFromNumbers, uint64Column } from '../../../src/sim/common/columns.js';
import type { TableRole, TableSpec } from '../../../src/contract/table.js';
import { writeBatch, type FileRecord } from '../../../src/sink/index.js';

const spec = (name: string, role: TableRole, timeColumn?: string): TableSpec => ({
  name, path: name === 'series' || name === 'samples' ? `metrics/${name}` : name, role, timePartition: role === 'series' ? null : 'date', timeColumn, keyColumns: [], requiredColumns: [],
});
const SPANS = spec('spans', 'spans', 'start_time');
const LOGS = { ...spec('logs', 'logs', 'timestamp'), messageColumn: 'message', streamFields: ['service', 'level'] };
const SERIES = spec('series', 'series');
const SAMPLES = spec('samples', 'samples', 'ts');

export const START_MS = Date.parse('2026-03-02T00:00:00Z');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
const POD = { 'api-gateway': 'api-gateway-7d9f6-x2k4p', 'user-service': 'user-service-5c8b7-q9w2e' } as const;
const NODE = { 'api-gateway': 'node-a', 'user-service': 'node-b' } as const;

/** Each trace: gateway server span → gateway client span → user-service server span → internal span. */
const SHAPE = [
  { name: 'GET /feed', kind: 'server', service: 'api-gateway', parent: -1 },
  { name: 'GET user-service/profile', kind: 'client', service: 'api-gateway', parent: 0 },
  { name: 'GET /profile', kind: 'server', service: 'user-service', parent: 1 },
  { name: 'SELECT users', kind: 'internal', service: 'user-service', parent: 2 },
] as const;

export interface TelemetryCounts {
  spans: number;
  logs: number;
  samples: number;
}

function spanAndLogTables(traces: number, salt: number, dayStartMs: number): { spans: Table; logs: Table } {
  const n = traces * SHAPE.length;
  const us = new BigInt64Array(n);
  const end = new BigInt64Array(n);
  const durations = new BigInt64Array(n);
  const col = { trace: [] as string[], span: [] as string[], parent: [] as (string | null)[], name: [] as string[], kind: [] as string[], service: [] as string[], status: [] as string[], message: [] as (string | null)[], request: [] as string[] };
  for (let t = 0; t < traces; t++) {
    const traceStartUs = (dayStartMs + salt * 1000 + t * 60_000) * 1000 + 123;
    const error = t % 10 === 3;
    SHAPE.forEach((shape, depth) => {
      const i = t * SHAPE.length + depth;
      const durationNs = (40_000 - depth * 9000) * 1000 + 789;
      us[i] = BigInt(traceStartUs + depth * 1500);
      durations[i] = BigInt(durationNs);
      end[i] = us[i]! + BigInt(Math.floor(durationNs / 1000));
      const traceId = hex(salt * 1_000_003 + t * 7919 + 1, 32);
      col.trace.push(traceId);
      col.span.push(hex((salt * 100_000 + t) * 8 + depth + 1, 16));
      col.parent.push(shape.parent < 0 ? null : hex((salt * 100_000 + t) * 8 + shape.parent + 1, 16));
      col.name.push(shape.name);
      col.kind.push(shape.kind);
      col.service.push(shape.service);
      col.status.push(error && depth >= 2 ? 'ERROR' : depth === 0 ? 'OK' : 'UNSET');
      col.message.push(error && depth >= 2 ? 'upstream timeout' : null);
      col.request.push(`req-${hex(salt * 100_000 + t, 10)}`);
    });
  }
  const micros = (values: BigInt64Array) => makeVector(makeData({ type: new TimestampMicrosecond(), length: values.length, data: values }));
  const pods = col.service.map((s) => POD[s as keyof typeof POD]);
  const nodes = col.service.map((s) => NODE[s as keyof typeof NODE]);
  const levels = col.status.map((status, i) => (status === 'ERROR' ? 'ERROR' : col.kind[i] === 'internal' ? 'DEBUG' : i % 7 === 5 ? 'WARN' : 'INFO'));
  const spans = new Table({
    trace_id: stringColumn(col.trace), span_id: stringColumn(col.span), parent_span_id: stringColumn(col.parent),
    name: dictionaryColumn(col.name), kind: dictionaryColumn(col.kind), service_name: dictionaryColumn(col.service),
    start_time: micros(us), end_time: micros(end), duration_ns: makeVector(durations),
    status_code: dictionaryColumn(col.status), status_message: stringColumn(col.message), request_id: stringColumn(col.request),
    attributes: labelsColumn(col.name.map((name) => [['http.route', name.split(' ')[1] ?? name], ['net.peer.name', 'users-db']] as const)),
    pod: dictionaryColumn(pods), namespace: dictionaryColumn(pods.map(() => 'social')), node: dictionaryColumn(nodes), version: dictionaryColumn(pods.map(() => 'v1.4.2')),
  });
  const logs = new Table({
    timestamp: micros(end), level: dictionaryColumn(levels),
    message: stringColumn(col.name.map((name, i) => `${name} finished with ${col.status[i]}`)),
    service: dictionaryColumn(col.service), trace_id: stringColumn(col.trace), span_id: stringColumn(col.span), request_id: stringColumn(col.request),
    http_status: makeVector(Int32Array.from(col.status, (s) => (s === 'ERROR' ? 504 : 200))),
    duration_ms: vectorFromArray(Array.from(durations, (d) => Number(d) / 1e6), new Float64()),
    cached: vectorFromArray(col.kind.map((k) => k === 'internal'), new Bool()),
    user_id: stringColumn(col.trace.map((_, i) => (i % 3 === 0 ? null : `user-${i % 50}`))),
    pod: dictionaryColumn(pods), namespace: dictionaryColumn(pods.map(() => 'social')), node: dictionaryColumn(nodes), version: dictionaryColumn(pods.map(() => 'v1.4.2')),
  });
  return { spans, logs };
}

/** A counter of 20 samples with a reset at the 11th (new start_ts); every third sample has an exemplar. */
function metricTables(dayStartMs: number): { series: Table; samples: Table } {
  const series = new Table({
    series_id: uint64Column(BigUint64Array.from([11n])),
    metric: dictionaryColumn(['feed_requests_total']),
    labels: labelsColumn([[['route', '/feed'], ['service', 'api-gateway']]]),
    type: dictionaryColumn(['counter']),
    unit: dictionaryColumn(['requests']),
    first_ts: timestampsFromNumbers([dayStartMs]),
    last_ts: timestampsFromNumbers([dayStartMs + 19 * 15_000]),
  });
  const times = Array.from({ length: 20 }, (_, i) => dayStartMs + i * 15_000);
  const starts = times.map((_, i) => (i < 10 ? dayStartMs - 60_000 : times[10]! - 5000));
  const samples = new Table({
    series_id: uint64Column(BigUint64Array.from(times, () => 11n)),
    ts: timestampsFromNumbers(times),
    value: vectorFromArray(times.map((_, i) => (i < 10 ? 100 + i * 10 : (i - 10) * 3)), new Float64()),
    start_ts: timestampColumn(BigInt64Array.from(starts, BigInt)),
    trace_id: stringColumn(times.map((_, i) => (i % 3 === 0 ? hex(i + 0xabc, 32) : null))),
    span_id: stringColumn(times.map((_, i) => (i % 3 === 0 ? hex(i + 0xdef, 16) : null))),
  });
  return { series, samples };
}

/** Writes one day in `parts` parts of `traces` traces each, plus the counter, with summary.json. */
export async function writeTelemetryDataset(dir: string, options: { parts?: number; traces?: number } = {}): Promise<TelemetryCounts> {
  const { parts = 2, traces = 60 } = options;
  const output = { formats: ['parquet' as const], compression: 'zstd' as const, parquetProfile: 'modern' as const };
  const date = new Date(START_MS).toISOString().slice(0, 10);
  const files: FileRecord[] = [];
  for (let part = 0; part < parts; part++) {
    const { spans, logs } = spanAndLogTables(traces, part, START_MS);
    const key = String(part).padStart(4, '0');
    files.push(...(await writeBatch(dir, SPANS, { table: 'spans', date, data: spans }, key, output)));
    files.push(...(await writeBatch(dir, LOGS, { table: 'logs', date, data: logs }, key, output)));
  }
  const { series, samples } = metricTables(START_MS);
  files.push(...(await writeBatch(dir, SERIES, { table: 'series', date: null, data: series }, '0000', output)));
  files.push(...(await writeBatch(dir, SAMPLES, { table: 'samples', date, data: samples }, '0000', output)));
  const scenario = {
    kind: 'telemetry-fixture', name: 'telemetry-fixture', description: 'spans, logs and a counter for replay tests', seed: 1,
    start: new Date(START_MS).toISOString(), end: new Date(START_MS + 86_400_000).toISOString(), partitions: parts, preset: null, world: {},
  };
  const tables = [SPANS, LOGS, SERIES, SAMPLES];
  const summary = buildSummary({ scenario, scenarioHash: 'fixture', output, partitions: parts, tables, files, incidentKinds: [] });
  writeJson(dir, 'summary.json', summary);
  return { spans: parts * traces * SHAPE.length, logs: parts * traces * SHAPE.length, samples: 20 };
}
