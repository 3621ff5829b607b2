/**
 * A small logs dataset written through the project's own sink and summary code, following the
 * `logs` contract of ARCHITECTURE.md (timestamp, level, message, service, trace_id, span_id,
 * request_id + flat fields), so it looks exactly like a compiled one. Until the social-network
 * simulator lands, the replay tests of VictoriaLogs use it.
 */
import { Float64, Table, makeVector, vectorFromArray } from 'apache-arrow';
import { writeJson } from '../../src/dataset/directory.js';
import { buildSummary } from '../../src/dataset/summary.js';
import { dictionaryColumn, stringColumn, timestampColumn } from '../../src/sim/common/columns.js';
import type { TableSpec } from '../../src/contract/table.js';
import { writeBatch, type FileRecord } from '../../src/sink/index.js';

export const LOGS_SPEC: TableSpec = {
  name: 'logs',
  path: 'logs',
  role: 'logs',
  timePartition: 'date',
  timeColumn: 'timestamp',
  keyColumns: ['request_id'],
  requiredColumns: ['timestamp', 'level', 'message', 'service'],
  messageColumn: 'message',
  streamFields: ['service', 'level'],
};

const SERVICES = ['api-gateway', 'user-service', 'feed-service'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR'];
const START_MS = Date.parse('2026-03-02T00:00:00Z');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** Rows of one day/part: `rows` logs spread evenly over `spanMs` from `startMs`, sorted by time. */
function logsTable(startMs: number, rows: number, spanMs: number, salt: number): Table {
  const times = new BigInt64Array(rows);
  const pick = <T>(list: T[], i: number) => list[(i * 7 + salt) % list.length]!;
  for (let i = 0; i < rows; i++) times[i] = BigInt(startMs + Math.floor((i * spanMs) / rows));
  const ids = Array.from({ length: rows }, (_, i) => (salt + 1) * 1_000_003 + i * 7919);
  return new Table({
    timestamp: timestampColumn(times),
    level: dictionaryColumn(Array.from({ length: rows }, (_, i) => pick(LEVELS, i))),
    message: stringColumn(Array.from({ length: rows }, (_, i) => `request ${i} of part ${salt} "handled" in ${i % 97} ms`)),
    service: dictionaryColumn(Array.from({ length: rows }, (_, i) => pick(SERVICES, i + 1))),
    trace_id: stringColumn(ids.map((id) => hex(id, 32))),
    span_id: stringColumn(ids.map((id) => hex(id * 3, 16))),
    request_id: stringColumn(ids.map((id) => `req-${hex(id, 12)}`)),
    http_method: dictionaryColumn(Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? 'POST' : 'GET'))),
    http_status: makeVector(Int32Array.from({ length: rows }, (_, i) => (i % 50 === 0 ? 503 : 200))),
    duration_ms: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 97) + 0.5), new Float64()),
    user_id: stringColumn(Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? null : `user-${i % 1000}`))),
  });
}

/** Writes `days` days × `parts` parts of `rowsPerPart` logs each into `dir` (from 2026-03-02 or `startMs`, a day boundary), with summary.json. */
export async function writeLogsDataset(dir: string, options: { days?: number; parts?: number; rowsPerPart?: number; startMs?: number } = {}): Promise<number> {
  const { days = 2, parts = 2, rowsPerPart = 2500, startMs = START_MS } = options;
  const output = { formats: ['parquet' as const], compression: 'zstd' as const, parquetProfile: 'modern' as const };
  const files: FileRecord[] = [];
  for (let day = 0; day < days; day++) {
    const date = new Date(startMs + day * 86_400_000).toISOString().slice(0, 10);
    for (let part = 0; part < parts; part++) {
      const data = logsTable(startMs + day * 86_400_000 + part, rowsPerPart, 86_400_000 - parts, day * parts + part);
      files.push(...(await writeBatch(dir, LOGS_SPEC, { table: 'logs', date, data }, `${String(part).padStart(4, '0')}`, output)));
    }
  }
  const scenario = {
    kind: 'social-fixture',
    name: 'logs-fixture',
    description: 'logs contract fixture for replay tests',
    seed: 1,
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + days * 86_400_000).toISOString(),
    partitions: parts,
    preset: null,
    world: {},
  };
  const summary = buildSummary({ scenario, scenarioHash: 'fixture', output, partitions: parts, tables: [LOGS_SPEC], files, incidentKinds: [] });
  writeJson(dir, 'summary.json', summary);
  return days * parts * rowsPerPart;
}
