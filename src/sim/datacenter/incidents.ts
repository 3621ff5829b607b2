/**
 * Ground truth of a datacenter plan: every anomaly is one incident, with the entity it happened to,
 * every entity it reached (a server's services for the kinds that reach them) and the metrics it
 * affects, as the columns `entity`, `affected_entities` and `affected_metrics` (comma-separated).
 */
import type { Table } from 'apache-arrow';
import { incidentsTable, type Incident } from '../common/incidents.js';
import { stringColumn } from '../common/columns.js';
import { RESPONSE_TIME } from './metrics.js';
import type { DatacenterPlan } from './plan.js';
import { REACHES_SERVICES, type Anomaly } from './schedule.js';
import type { AnomalyKind } from './world-schema.js';

const server = (name: string) => `datacenter_server_${name}`;
const service = (name: string) => `datacenter_service_${name}`;
const SLOWER_SERVICES = [RESPONSE_TIME, service('active_connections'), service('queue_depth')];

/** The metrics each kind changes, on the entity and on the services it reaches. */
export const AFFECTED_METRICS: Readonly<Record<AnomalyKind, readonly string[]>> = {
  cpu_spike: [server('cpu_usage_percent'), server('cpu_temperature_celsius'), server('power_watts')],
  memory_leak: [server('memory_usage_percent'), service('error_rate_percent')],
  temperature_high: [server('cpu_temperature_celsius'), server('power_watts')],
  power_surge: [server('power_watts')],
  network_saturation: [server('network_receive_bytes_per_second'), server('network_transmit_bytes_per_second'), ...SLOWER_SERVICES],
  disk_io_bottleneck: [server('disk_read_bytes_per_second'), server('disk_write_bytes_per_second'), ...SLOWER_SERVICES],
  latency_spike: [RESPONSE_TIME, service('active_connections'), service('queue_depth')],
  error_burst: [service('error_rate_percent')],
};

const SIGNALS: Readonly<Record<AnomalyKind, string>> = {
  cpu_spike: 'CPU pinned high; temperature follows with the thermal lag; power follows CPU and fans',
  memory_leak: 'memory rises strictly until the process restarts (or is OOM-killed): memory drops, the services on the server fail briefly',
  temperature_high: 'cooling failure: temperature rises with the thermal lag; fans and power surge',
  power_surge: 'power jumps well above what CPU and fans explain',
  network_saturation: 'RX and TX pinned at the link capacity; services on the server slow down (p99, p95 most)',
  disk_io_bottleneck: 'disk read + write pinned at the device limit; services on the server slow down (p99, p95 most)',
  latency_spike: 'p99 ≫ p95 > p50 all rise; connections and queue grow',
  error_burst: 'error rate jumps',
};

interface DatacenterIncident extends Incident {
  entity: string;
  affectedEntities: string[];
  affectedMetrics: readonly string[];
}

export function datacenterIncidents(plan: DatacenterPlan): Table {
  return incidentsTable(plan.anomalies.map((anomaly) => incidentOf(plan, anomaly)), (rows) => ({
    entity: stringColumn(rows.map((row) => row.entity)),
    affected_entities: stringColumn(rows.map((row) => row.affectedEntities.join(','))),
    affected_metrics: stringColumn(rows.map((row) => row.affectedMetrics.join(','))),
  }));
}

function incidentOf(plan: DatacenterPlan, anomaly: Anomaly): DatacenterIncident {
  const onServer = anomaly.entityType === 'server';
  const entity = onServer ? plan.servers[anomaly.entity]!.name : plan.services[anomaly.entity]!.name;
  const reached = onServer && REACHES_SERVICES.has(anomaly.kind) ? plan.servers[anomaly.entity]!.services.map((k) => plan.services[k]!.name) : [];
  const metrics = AFFECTED_METRICS[anomaly.kind].filter((metric) => (onServer && reached.length === 0 ? metric.startsWith('datacenter_server_') : true));
  return {
    kind: anomaly.kind,
    startMs: anomaly.startMs,
    endMs: anomaly.endMs,
    scope: `${anomaly.entityType}=${entity}`,
    severity: anomaly.kind === 'memory_leak' || anomaly.kind === 'error_burst' || anomaly.kind === 'temperature_high' ? 'critical' : 'warning',
    expectedSignals: SIGNALS[anomaly.kind],
    details: { ...anomaly.params, cause_end: new Date(anomaly.causeEndMs).toISOString() },
    entity,
    affectedEntities: [entity, ...reached],
    affectedMetrics: metrics,
  };
}
