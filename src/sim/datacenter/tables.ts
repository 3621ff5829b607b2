/**
 * The tables a datacenter compile writes: `series` and `samples` (the metrics contract every kind
 * shares), `entities` (the inventory: zones, placement, the limits the invariants check against),
 * and the `training` view derived from them.
 */
import { Float64, Table, makeData, makeVector, type Vector } from 'apache-arrow';
import { hash64 } from '../../util/hash.js';
import { dictionaryColumn, labelsColumn, stringColumn, tableOf, timestampsFromNumbers, uint64Column } from '../common/columns.js';
import { narrowSamplesColumns, samplesTableSpec, seriesTableSpec, type NarrowSamples } from '../common/metrics-tables.js';
import type { TableSpec } from '../../contract/table.js';
import { METRIC_NAMES, SERVER_METRICS, SERVICE_SERIES, metricIndex } from './metrics.js';
import type { DatacenterPlan, Unit } from './plan.js';
import { ENTITY_TICKS } from './entity-ticks.js';
import { TRAINING_VIEW } from './training-view.js';

export const SERIES_TABLE = seriesTableSpec({ enumColumns: ['metric'] });
// One file per metric and day, as k8s: per-metric questions read one metric's files.
export const SAMPLES_TABLE = samplesTableSpec({
  parquet: { deltaColumns: ['series_id', 'ts'] },
  partitionColumns: ['metric'],
  views: [TRAINING_VIEW],
  entityTicks: ENTITY_TICKS,
  signals: { errorPercentGauge: 'datacenter_service_error_rate_percent' },
});
export const ENTITIES_TABLE: TableSpec = {
  name: 'entities',
  path: 'inventory/entities',
  role: 'table',
  timePartition: null,
  keyColumns: ['entity', 'path'],
  requiredColumns: ['entity', 'entity_type'],
};

/** Labels promoted to columns of the series table (and so labels of a replayed series). */
const LABELS = ['server', 'zone', 'service', 'path', 'quantile'] as const;

export interface SeriesDef {
  id: bigint;
  metricIndex: number;
  unit: string;
  /** Sorted by name. */
  labels: Array<readonly [string, string]>;
}

/** A unit's series, in the order its kernel fills them (SERVER_METRICS or SERVICE_SERIES). */
export function unitSeries(plan: DatacenterPlan, unit: Unit): SeriesDef[] {
  if (unit.type === 'server') {
    const server = plan.servers[unit.server]!;
    return SERVER_METRICS.map((metric) => seriesDef(metric.name, metric.unit, { server: server.name, zone: server.zone }));
  }
  const service = plan.services[unit.service]!;
  const path = service.endpoints[unit.endpoint]!.path;
  return SERVICE_SERIES.map((series) =>
    seriesDef(series.name, series.unit, series.quantile ? { service: service.name, path, quantile: series.quantile } : { service: service.name, path }),
  );
}

function seriesDef(metric: string, unit: string, labels: Record<string, string>): SeriesDef {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  const id = hash64(`${metric}{${sorted.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`);
  return { id, metricIndex: metricIndex(metric), unit, labels: sorted };
}

/** `{"__name__":…,labels…}`, the metric object of a VictoriaMetrics import line. */
export function metricJson(series: SeriesDef): string {
  return JSON.stringify({ __name__: METRIC_NAMES[series.metricIndex], ...Object.fromEntries(series.labels) });
}

/** The series of a partition (in table order: by id), all alive over the whole timeline. */
export function seriesTable(series: readonly SeriesDef[], firstMs: number, lastMs: number): Table {
  const rows = [...series].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const label = (name: string) => dictionaryColumn(rows.map((row) => row.labels.find(([key]) => key === name)?.[1] ?? null));
  return new Table({
    series_id: uint64Column(BigUint64Array.from(rows, (row) => row.id)),
    metric: dictionaryColumn(rows.map((row) => METRIC_NAMES[row.metricIndex]!)),
    labels: labelsColumn(rows.map((row) => row.labels)),
    ...Object.fromEntries(LABELS.map((name) => [name, label(name)])),
    type: dictionaryColumn(rows.map(() => 'gauge')),
    unit: dictionaryColumn(rows.map((row) => row.unit)),
    first_ts: timestampsFromNumbers(rows.map(() => firstMs)),
    last_ts: timestampsFromNumbers(rows.map(() => lastMs)),
  });
}

export type SampleColumns = NarrowSamples;

export function samplesTable(columns: SampleColumns): Table {
  return tableOf(narrowSamplesColumns(columns, METRIC_NAMES));
}

/** The partition's units as inventory rows: what a server holds and can do, where a service endpoint runs. */
export function entitiesTable(plan: DatacenterPlan, units: readonly Unit[]): Table {
  const s = plan.world.server;
  const servers = units.map((unit) => (unit.type === 'server' ? plan.servers[unit.server]! : null));
  const services = units.map((unit) => (unit.type === 'endpoint' ? plan.services[unit.service]! : null));
  const serverNumber = (of: (index: number) => number) => nullableDoubles(servers.map((server) => (server ? of(server.index) : null)));
  return new Table({
    entity: stringColumn(units.map((_, i) => servers[i]?.name ?? services[i]!.name)),
    entity_type: dictionaryColumn(units.map((unit) => (unit.type === 'server' ? 'server' : 'service'))),
    path: stringColumn(units.map((unit) => (unit.type === 'endpoint' ? plan.services[unit.service]!.endpoints[unit.endpoint]!.path : null))),
    zone: dictionaryColumn(servers.map((server) => server?.zone ?? null)),
    /** A server's services, or a service's servers. */
    placement: stringColumn(units.map((_, i) => (servers[i] ? servers[i].services.map((k) => plan.services[k]!.name) : services[i]!.hosts.map((k) => plan.servers[k]!.name)).join(','))),
    idle_power_watts: serverNumber((k) => plan.servers[k]!.idlePower),
    max_power_watts: serverNumber((k) => plan.servers[k]!.maxPower),
    disk_limit_bytes_per_second: serverNumber(() => s.disk_limit_mb_per_second * 1e6),
    network_capacity_bytes_per_second: serverNumber(() => s.network_capacity_mb_per_second * 1e6),
    thermal_lag_seconds: serverNumber(() => s.thermal_lag / 1000),
  });
}

function nullableDoubles(values: ReadonlyArray<number | null>): Vector {
  const data = Float64Array.from(values, (value) => value ?? 0);
  const nullCount = values.filter((value) => value === null).length;
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((value, i) => {
    if (value !== null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return makeVector(makeData({ type: new Float64(), length: values.length, data, nullBitmap: nullCount > 0 ? nullBitmap : undefined, nullCount }));
}
