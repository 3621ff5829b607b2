/**
 * The ORACLE of the OTLP and remote write encoders: requests built as message objects from the
 * same rows and encoded by protobufjs with the official codec (the generated OpenTelemetry code,
 * the prompb schema), as the replayer did before it wrote protobuf itself. Rows are read with the
 * replay reader as JS values (integers exactly, as decimal text), batch for batch as a replay
 * reads them, so oracle request i must equal replayed request i field for field.
 */
import { loadReplayDataset } from '../../../src/replay/read/dataset.js';
import { planUnits } from '../../../src/replay/read/plan.js';
import { DatasetReader } from '../../../src/replay/read/reader.js';
import { SERIES_ROW_JSON_SQL, labelsOf } from '../../../src/replay/encode/series-labels.js';
import { column, sourceSql } from '../../../src/replay/read/sql.js';
import type { ColumnSelect, ReplayTable, RowBatch } from '../../../src/replay/read/types.js';
import type { Signal } from '../../../src/replay/otlp/codec.js';
import { WriteRequest } from '../../doubles/prompb-schema.js';
import { codecs } from '../../doubles/otlp-codec.js';

type Nanos = { low: number; high: number };
type KeyValue = { key: string; value: Record<string, unknown> };

const TWO_32 = 2 ** 32;
function nanos(ms: number, extraNs = 0): Nanos {
  const msHigh = Math.floor(ms / TWO_32);
  const msLow = ms - msHigh * TWO_32;
  const low = msLow * 1e6 + extraNs;
  const carry = Math.floor(low / TWO_32);
  return { low: (low - carry * TWO_32) >>> 0, high: (msHigh * 1e6 + carry) >>> 0 };
}
const idBytes = (hex: string | null | undefined, length: number) => (hex && hex.length === length * 2 && /^[0-9a-f]+$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined);

const RESOURCE_FIELDS: [string, string][] = [
  ['service_name', 'service.name'], ['service', 'service.name'], ['job', 'service.name'], ['service_version', 'service.version'], ['version', 'service.version'],
  ['deployment_environment', 'deployment.environment'], ['environment', 'deployment.environment'], ['env', 'deployment.environment'],
  ['namespace', 'k8s.namespace.name'], ['pod', 'k8s.pod.name'], ['node', 'k8s.node.name'], ['container', 'k8s.container.name'],
  ['cloud_provider', 'cloud.provider'], ['region', 'cloud.region'], ['zone', 'cloud.availability_zone'],
];
const isResourceField = (name: string) => RESOURCE_FIELDS.some(([field]) => field === name);
function resourceAttributes(field: (name: string) => string | null | undefined): KeyValue[] {
  const attributes = new Map<string, string>();
  for (const [name, attribute] of RESOURCE_FIELDS) {
    const value = field(name);
    if (value && !attributes.has(attribute)) attributes.set(attribute, value);
  }
  return [...attributes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, value: { stringValue: value } }));
}
function groupBy(keyOf: (row: number) => string, rows: number): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let row = 0; row < rows; row++) {
    const key = keyOf(row);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(row);
  }
  return groups;
}
const SCOPE = { name: 'teleforge-replay', version: '1' };

type Kind = 'int' | 'double' | 'bool' | 'text' | 'map';
const kindOf = (type: string): Kind =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/.test(type) ? 'int' : /^(FLOAT|DOUBLE|DECIMAL)/.test(type) ? 'double' : type === 'BOOLEAN' ? 'bool' : type.startsWith('MAP(') ? 'map' : 'text';

interface Columns {
  names: string[];
  resource: string[];
  attributes: { name: string; kind: Kind }[];
}

async function describe(reader: DatasetReader, table: ReplayTable, mapped: string[]): Promise<Columns> {
  const described = await reader.rows(`DESCRIBE SELECT * FROM read_parquet('${table.files[0]}', hive_partitioning = false)`);
  const names = described.map((row) => String(row.column_name));
  const resource = names.filter((name) => isResourceField(name) && !mapped.includes(name));
  const attributes = described.filter((row) => !mapped.includes(String(row.column_name)) && !resource.includes(String(row.column_name))).map((row) => ({ name: String(row.column_name), kind: kindOf(String(row.column_type)) }));
  return { names, resource, attributes };
}

function extraSelects(columns: Columns): ColumnSelect[] {
  return [
    ...columns.resource.map((name): ColumnSelect => ({ name: `res_${name}`, sql: column(name), kind: 'text' })),
    ...columns.attributes.map((a): ColumnSelect => {
      // Integers as exact decimal text (protobufjs encodes int64 strings through Long).
      const sql = a.kind === 'map' ? `to_json(${column(a.name)})` : a.kind === 'int' ? `${column(a.name)}::VARCHAR` : a.kind === 'bool' ? `${column(a.name)}::INTEGER` : column(a.name);
      return { name: `attr_${a.name}`, sql, kind: a.kind === 'double' || a.kind === 'bool' ? 'double' : 'text' };
    }),
  ];
}

function rowAttributes(columns: Columns, batch: RowBatch, row: number): KeyValue[] {
  const out: KeyValue[] = [];
  for (const a of columns.attributes) {
    const name = `attr_${a.name}`;
    if (a.kind === 'text' || a.kind === 'map' || a.kind === 'int') {
      const text = batch.texts[name]![row];
      if (text === null || text === undefined) continue;
      if (a.kind === 'text') out.push({ key: a.name, value: { stringValue: text } });
      else if (a.kind === 'int') out.push({ key: a.name, value: { intValue: text } });
      else for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>)) out.push({ key: k, value: { stringValue: String(v) } });
      continue;
    }
    const value = batch.doubles[name]![row]!;
    if (Number.isNaN(value)) continue;
    out.push({ key: a.name, value: a.kind === 'bool' ? { boolValue: value !== 0 } : { doubleValue: value } });
  }
  return out;
}

function resourceOf(columns: Columns, batch: RowBatch, row: number): { key: string; attributes: () => KeyValue[] } {
  const field = (name: string) => batch.texts[`res_${name}`]?.[row];
  return { key: columns.resource.map((name) => field(name) ?? '').join('\u0001'), attributes: () => resourceAttributes(field) };
}

/** ResourceX messages of a batch: one per resource in first-seen order, with `item` of each row. */
function byResource(columns: Columns, batch: RowBatch, scopeKey: string, itemsKey: string, item: (row: number) => object): object[] {
  const groups = groupBy((row) => resourceOf(columns, batch, row).key, batch.rows);
  return [...groups.values()].map((rows) => ({ resource: { attributes: resourceOf(columns, batch, rows[0]!).attributes() }, [scopeKey]: [{ scope: SCOPE, [itemsKey]: rows.map(item) }] }));
}

const SPAN_KIND: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS: Record<string, number> = { unset: 0, ok: 1, error: 2 };
const SEVERITY: Record<string, number> = { TRACE: 1, DEBUG: 5, INFO: 9, NOTICE: 10, WARN: 13, WARNING: 13, ERROR: 17, ERR: 17, CRITICAL: 21, FATAL: 21, PANIC: 21 };

interface Oracle {
  columns: ColumnSelect[];
  join?: string;
  encode(batch: RowBatch): Uint8Array;
}

async function spansOracle(reader: DatasetReader, table: ReplayTable): Promise<Oracle> {
  const start = table.spec.timeColumn!;
  const MAPPED = ['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_time', 'end_time', 'duration_ns', 'status_code', 'status_message', 'links', 'events', start];
  const columns = await describe(reader, table, MAPPED);
  const has = (name: string) => columns.names.includes(name);
  const text = (name: string): ColumnSelect => ({ name, sql: has(name) ? `r."${name}"` : 'NULL', kind: 'text' });
  const duration = has('duration_ns') ? `r.duration_ns` : `(epoch_us(r.end_time) - epoch_us(r."${start}")) * 1000`;
  return {
    columns: [
      { name: 't', sql: `epoch_ms(r."${start}")`, kind: 'double' },
      { name: 'us', sql: `epoch_us(r."${start}") % 1000`, kind: 'double' },
      { name: 'dur', sql: duration, kind: 'double' },
      ...['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'status_code', 'status_message', 'links', 'events'].map(text),
      { name: 'ous', sql: `epoch_us(r."${start}")`, kind: 'double' },
      ...extraSelects(columns),
    ],
    encode(batch) {
      const span = (row: number) => {
        const ms = batch.doubles.t![row]!;
        const startNs = batch.doubles.us![row]! * 1000;
        const endExtra = startNs + Math.max(0, batch.doubles.dur![row] || 0);
        const kind = SPAN_KIND[(batch.texts.kind![row] ?? '').toLowerCase().replace(/^span_kind_/, '')] ?? 0;
        const status = STATUS[(batch.texts.status_code![row] ?? '').toLowerCase().replace(/^status_code_/, '')] ?? 0;
        return {
          traceId: idBytes(batch.texts.trace_id![row], 16), spanId: idBytes(batch.texts.span_id![row], 8), parentSpanId: idBytes(batch.texts.parent_span_id![row], 8),
          name: batch.texts.name![row] ?? '', kind, startTimeUnixNano: nanos(ms, startNs), endTimeUnixNano: nanos(ms + Math.floor(endExtra / 1e6), endExtra % 1e6),
          attributes: rowAttributes(columns, batch, row), status: { code: status, message: batch.texts.status_message![row] ?? undefined },
          links: links(batch.texts.links![row]), events: events(batch.texts.events![row], ms, startNs, batch.doubles.ous![row]!),
        };
      };
      return codecs('traces').request.encode({ resourceSpans: byResource(columns, batch, 'scopeSpans', 'spans', span) }).finish();
    },
  };
}

const jsonAttributes = (attributes: Record<string, unknown> | null | undefined): KeyValue[] => Object.entries(attributes ?? {}).map(([key, value]) => ({ key, value: { stringValue: String(value) } }));

function links(json: string | null | undefined) {
  if (!json) return undefined;
  return (JSON.parse(json) as { trace_id?: string; span_id?: string; attributes?: Record<string, unknown> }[]).map((link) => ({
    traceId: idBytes(link.trace_id, 16), spanId: idBytes(link.span_id, 8), attributes: jsonAttributes(link.attributes),
  }));
}

/** Each event at the replayed start plus its offset from the recorded start (BigInt: exact), no time when not an integer. */
function events(json: string | null | undefined, ms: number, startNs: number, recordedStartUs: number) {
  if (!json) return undefined;
  return (JSON.parse(json) as { name?: string; time_unix_nano?: string; attributes?: Record<string, unknown> }[]).map((event) => {
    const integral = /^\d+$/.test(String(event.time_unix_nano ?? ''));
    const extra = integral ? startNs + Number(BigInt(String(event.time_unix_nano)) - BigInt(recordedStartUs) * 1000n) : 0;
    const extraMs = Math.floor(extra / 1e6);
    return { timeUnixNano: integral ? nanos(ms + extraMs, extra - extraMs * 1e6) : undefined, name: event.name ?? '', attributes: jsonAttributes(event.attributes) };
  });
}

async function logsOracle(reader: DatasetReader, table: ReplayTable): Promise<Oracle> {
  const time = table.spec.timeColumn!;
  const message = table.spec.messageColumn ?? 'message';
  const columns = await describe(reader, table, [time, 'level', message, 'trace_id', 'span_id', 'observed_timestamp']);
  const text = (name: string, sql: string): ColumnSelect => ({ name, sql: columns.names.includes(sql) ? `r."${sql}"` : 'NULL', kind: 'text' });
  return {
    columns: [
      { name: 't', sql: `epoch_ms(r."${time}")`, kind: 'double' },
      { name: 'us', sql: `epoch_us(r."${time}") % 1000`, kind: 'double' },
      { name: 'late', sql: columns.names.includes('observed_timestamp') ? `epoch_us(r.observed_timestamp) - epoch_us(r."${time}")` : '0', kind: 'double' },
      text('level', 'level'), text('body', message), text('trace_id', 'trace_id'), text('span_id', 'span_id'),
      ...extraSelects(columns),
    ],
    encode(batch) {
      const record = (row: number) => {
        const level = batch.texts.level![row];
        const ms = batch.doubles.t![row]!;
        const us = batch.doubles.us![row]!;
        const observedUs = us + Math.max(0, batch.doubles.late![row] || 0);
        return {
          timeUnixNano: nanos(ms, us * 1000), observedTimeUnixNano: nanos(ms + Math.floor(observedUs / 1000), (observedUs % 1000) * 1000), severityNumber: level ? (SEVERITY[level.toUpperCase()] ?? 0) : 0, severityText: level ?? undefined,
          body: { stringValue: batch.texts.body![row] ?? '' }, attributes: rowAttributes(columns, batch, row),
          traceId: idBytes(batch.texts.trace_id![row], 16), spanId: idBytes(batch.texts.span_id![row], 8),
        };
      };
      return codecs('logs').request.encode({ resourceLogs: byResource(columns, batch, 'scopeLogs', 'logRecords', record) }).finish();
    },
  };
}

const LE = `CASE WHEN lower(l.le) IN ('+inf', 'inf') THEN 'infinity'::DOUBLE ELSE TRY_CAST(l.le AS DOUBLE) END`;

async function metricsOracle(reader: DatasetReader, table: ReplayTable, all: ReplayTable[]): Promise<Oracle> {
  const series = all.find((t) => t.spec.role === 'series')!;
  await reader.run(
    `CREATE OR REPLACE TEMP TABLE oracle_series AS SELECT r.series_id, (row_number() OVER (ORDER BY r.series_id) - 1)::INTEGER AS idx, r.metric::VARCHAR AS metric, ` +
      `coalesce(r.type::VARCHAR, 'gauge') AS type, coalesce(r.unit::VARCHAR, '') AS unit, to_json(r.labels)::VARCHAR AS labels, r.labels['le'] AS le, ` +
      `regexp_replace(r.metric, '_(bucket|sum|count)$', '') || to_json(map_from_entries(list_filter(map_entries(r.labels), e -> e.key <> 'le')))::VARCHAR AS grp FROM ${sourceSql(series.files)}`,
  );
  await reader.run(
    `CREATE OR REPLACE TEMP TABLE oracle_histograms AS SELECT l.grp, r.ts, to_json(list(r.value ORDER BY ${LE}) FILTER (WHERE l.type = 'histogram_bucket'))::VARCHAR AS buckets, ` +
      `max(r.value) FILTER (WHERE l.type = 'histogram_sum') AS sum FROM ${sourceSql(table.files)} JOIN oracle_series l ON l.series_id = r.series_id ` +
      `WHERE l.type IN ('histogram_bucket', 'histogram_sum') GROUP BY l.grp, r.ts`,
  );
  const rows = await reader.rows(`SELECT idx, metric, type, unit, labels, grp FROM oracle_series ORDER BY idx`);
  const boundsRows = await reader.rows(`SELECT grp, to_json(list(DISTINCT ${LE}) FILTER (WHERE ${LE} < 'infinity'::DOUBLE))::VARCHAR AS bounds FROM oracle_series l WHERE type = 'histogram_bucket' GROUP BY grp`);
  const boundsOf = new Map(boundsRows.map((row) => [String(row.grp), (JSON.parse(String(row.bounds ?? '[]')) as number[]).sort((a, b) => a - b)]));
  const info = rows.map((row) => {
    const type = String(row.type);
    const labels = JSON.parse(String(row.labels ?? '{}')) as Record<string, string>;
    const histogram = type === 'histogram_count';
    const resourceKeys = Object.keys(labels).filter((name) => isResourceField(name) && !(name === 'job' && labels.service));
    return {
      name: histogram ? String(row.metric).replace(/_count$/, '') : String(row.metric),
      kind: histogram ? 'histogram' : type === 'counter' ? 'sum' : 'gauge',
      unit: String(row.unit),
      bounds: histogram ? (boundsOf.get(String(row.grp)) ?? []) : undefined,
      attributes: Object.keys(labels).filter((name) => name !== 'le' && !resourceKeys.includes(name)).sort().map((key) => ({ key, value: { stringValue: labels[key]! } })),
      resourceKey: JSON.stringify(resourceKeys.sort().map((name) => [name, labels[name]])),
      resource: { attributes: resourceAttributes((name) => (resourceKeys.includes(name) ? labels[name] : undefined)) },
    };
  });
  const names = (await reader.rows(`DESCRIBE SELECT * FROM read_parquet('${table.files[0]}', hive_partitioning = false)`)).map((row) => String(row.column_name));
  const has = (name: string) => names.includes(name);
  return {
    columns: [
      { name: 's', sql: 'l.idx', kind: 'int' },
      { name: 't', sql: 'epoch_ms(r.ts)', kind: 'double' },
      { name: 'st', sql: has('start_ts') ? 'epoch_ms(r.start_ts)' : 'NULL', kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
      { name: 'hb', sql: 'h.buckets', kind: 'text' },
      { name: 'hs', sql: 'h.sum', kind: 'double' },
      { name: 'trace_id', sql: has('trace_id') ? 'r.trace_id' : 'NULL', kind: 'text' },
      { name: 'span_id', sql: has('span_id') ? 'r.span_id' : 'NULL', kind: 'text' },
    ],
    join: `JOIN (SELECT * FROM oracle_series l WHERE l.type NOT IN ('histogram_bucket', 'histogram_sum')) l ON l.series_id = r.series_id LEFT JOIN oracle_histograms h ON h.grp = l.grp AND h.ts = r.ts`,
    encode(batch) {
      const point = (row: number) => {
        const s = info[batch.ints.s![row]!]!;
        const time = nanos(batch.doubles.t![row]!);
        const start = batch.doubles.st![row]!;
        const value = batch.doubles.v![row]!;
        const common = { attributes: s.attributes, timeUnixNano: time, startTimeUnixNano: Number.isNaN(start) || s.kind === 'gauge' ? undefined : nanos(start) };
        if (s.kind !== 'histogram') {
          const traceId = idBytes(batch.texts.trace_id![row], 16);
          return { ...common, asDouble: value, exemplars: traceId ? [{ timeUnixNano: time, asDouble: value, traceId, spanId: idBytes(batch.texts.span_id![row], 8) }] : undefined };
        }
        const bounds = s.bounds!;
        const cumulative = JSON.parse(batch.texts.hb![row] ?? '[]') as number[];
        const bucketCounts = bounds.length === 0 && cumulative.length === 0 ? [] : bounds.map((_, i) => (cumulative[i] ?? 0) - (i > 0 ? (cumulative[i - 1] ?? 0) : 0));
        if (bucketCounts.length > 0) bucketCounts.push(value - (cumulative[bounds.length - 1] ?? 0));
        const sum = batch.doubles.hs![row]!;
        return { ...common, count: value, sum: Number.isNaN(sum) ? undefined : sum, bucketCounts, explicitBounds: bounds };
      };
      const groups = groupBy((row) => info[batch.ints.s![row]!]!.resourceKey, batch.rows);
      const resourceMetrics = [...groups.values()].map((rows) => {
        const metrics = new Map<string, Record<string, unknown>>();
        for (const row of rows) {
          const s = info[batch.ints.s![row]!]!;
          const key = `${s.kind}:${s.name}`;
          if (!metrics.has(key)) {
            const data = s.kind === 'sum' ? { dataPoints: [], aggregationTemporality: 2, isMonotonic: true } : s.kind === 'histogram' ? { dataPoints: [], aggregationTemporality: 2 } : { dataPoints: [] };
            metrics.set(key, { name: s.name, unit: s.unit, [s.kind]: data });
          }
          const metric = metrics.get(key)!;
          (metric[s.kind] as { dataPoints: object[] }).dataPoints.push(point(row));
        }
        return { resource: info[batch.ints.s![rows[0]!]!]!.resource, scopeMetrics: [{ scope: SCOPE, metrics: [...metrics.values()] }] };
      });
      return codecs('metrics').request.encode({ resourceMetrics }).finish();
    },
  };
}

async function remoteWriteOracle(reader: DatasetReader, all: ReplayTable[]): Promise<Oracle> {
  const series = all.find((t) => t.spec.role === 'series')!;
  await reader.run(`CREATE OR REPLACE TEMP TABLE oracle_rw AS SELECT r.series_id, (row_number() OVER (ORDER BY r.series_id) - 1)::INTEGER AS idx, r.metric::VARCHAR AS metric, ${SERIES_ROW_JSON_SQL} AS row FROM ${sourceSql(series.files)}`);
  const labels = (await reader.rows(`SELECT idx, metric, row FROM oracle_rw ORDER BY idx`)).map((row) => {
    const map: Record<string, string> = { ...labelsOf(String(row.row)), __name__: String(row.metric) };
    return Object.keys(map).sort().map((name) => ({ name, value: map[name]! }));
  });
  return {
    columns: [
      { name: 'series', sql: 'si.idx', kind: 'int' },
      { name: 't', sql: 'epoch_ms(r.ts)', kind: 'double' },
      { name: 'v', sql: 'r.value', kind: 'double' },
    ],
    join: 'JOIN oracle_rw si ON si.series_id = r.series_id',
    encode(batch) {
      const bySeries = new Map<number, { labels: object[]; samples: { value: number; timestamp: number }[] }>();
      for (let row = 0; row < batch.rows; row++) {
        const id = batch.ints.series![row]!;
        if (!bySeries.has(id)) bySeries.set(id, { labels: labels[id]!, samples: [] });
        bySeries.get(id)!.samples.push({ value: batch.doubles.v![row]!, timestamp: batch.doubles.t![row]! });
      }
      const timeseries = [...bySeries.values()];
      for (const entry of timeseries) entry.samples.sort((a, b) => a.timestamp - b.timestamp);
      return WriteRequest.encode({ timeseries }).finish();
    },
  };
}

export type OracleTarget = Signal | 'remote-write';

/** The oracle's request bodies for one table of a dataset (no --shift-to-now), in replay order (the replay's own units). */
export async function oracleBodies(dir: string, target: OracleTarget, batchSize: number, timeOrdered = false): Promise<Uint8Array[]> {
  const dataset = loadReplayDataset(dir);
  const role = { traces: 'spans', logs: 'logs', metrics: 'samples', 'remote-write': 'samples' }[target];
  const table = dataset.tables.find((t) => t.spec.role === role)!;
  const reader = await DatasetReader.open(1);
  try {
    const oracle =
      target === 'traces' ? await spansOracle(reader, table)
      : target === 'logs' ? await logsOracle(reader, table)
      : target === 'metrics' ? await metricsOracle(reader, table, dataset.tables)
      : await remoteWriteOracle(reader, dataset.tables);
    const bodies: Uint8Array[] = [];
    for (const unit of planUnits(dir, [table], { timeOrdered })) {
      for await (const batch of reader.read(unit, oracle.columns, oracle.join ?? '', { batchSize, timeOrdered }, () => false, () => {})) bodies.push(oracle.encode(batch.rows));
    }
    return bodies;
  } finally {
    reader.close();
  }
}
