/**
 * The metrics of a datacenter: Prometheus names and units, one series per server and metric and one
 * per service endpoint and metric (response time once per quantile). The order of SERVER_METRICS and
 * SERVICE_SERIES is the order of the value arrays the kernels fill.
 */

export interface MetricDef {
  name: string;
  unit: string;
  /** Column of the training view. */
  column: string;
  /** The seed's field name (docs/datacenter.md). */
  seedField: string;
  /** Values are whole numbers (counts). */
  integer?: boolean;
}

export const SERVER_METRICS: readonly MetricDef[] = Object.freeze([
  { name: 'datacenter_server_cpu_usage_percent', unit: 'percent', column: 'cpu_usage_percent', seedField: 'cpu_usage' },
  { name: 'datacenter_server_memory_usage_percent', unit: 'percent', column: 'memory_usage_percent', seedField: 'memory_usage' },
  { name: 'datacenter_server_disk_read_bytes_per_second', unit: 'bytes_per_second', column: 'disk_read_bytes_per_second', seedField: 'disk_io_read (MB/s)' },
  { name: 'datacenter_server_disk_write_bytes_per_second', unit: 'bytes_per_second', column: 'disk_write_bytes_per_second', seedField: 'disk_io_write (MB/s)' },
  { name: 'datacenter_server_network_receive_bytes_per_second', unit: 'bytes_per_second', column: 'network_receive_bytes_per_second', seedField: 'network_rx (MB/s)' },
  { name: 'datacenter_server_network_transmit_bytes_per_second', unit: 'bytes_per_second', column: 'network_transmit_bytes_per_second', seedField: 'network_tx (MB/s)' },
  { name: 'datacenter_server_cpu_temperature_celsius', unit: 'celsius', column: 'cpu_temperature_celsius', seedField: 'temperature (°C)' },
  { name: 'datacenter_server_power_watts', unit: 'watts', column: 'power_watts', seedField: 'power_consumption (W)' },
]);

/** Server metric indices, named for the kernels. */
export const S = { Cpu: 0, Memory: 1, DiskRead: 2, DiskWrite: 3, NetRx: 4, NetTx: 5, Temperature: 6, Power: 7 } as const;

export const RESPONSE_TIME = 'datacenter_service_response_time_seconds';
export const QUANTILES = ['0.5', '0.95', '0.99'] as const;

/** A service endpoint's series: a metric, and for response times a quantile. */
export interface ServiceSeriesDef extends MetricDef {
  quantile?: (typeof QUANTILES)[number];
}

export const SERVICE_SERIES: readonly ServiceSeriesDef[] = Object.freeze([
  { name: 'datacenter_service_requests_per_second', unit: 'requests_per_second', column: 'requests_per_second', seedField: 'request_rate' },
  { name: RESPONSE_TIME, unit: 'seconds', column: 'response_time_p50_seconds', seedField: 'response_time_p50 (ms)', quantile: '0.5' },
  { name: RESPONSE_TIME, unit: 'seconds', column: 'response_time_p95_seconds', seedField: 'response_time_p95 (ms)', quantile: '0.95' },
  { name: RESPONSE_TIME, unit: 'seconds', column: 'response_time_p99_seconds', seedField: 'response_time_p99 (ms)', quantile: '0.99' },
  { name: 'datacenter_service_error_rate_percent', unit: 'percent', column: 'error_rate_percent', seedField: 'error_rate' },
  { name: 'datacenter_service_active_connections', unit: 'connections', column: 'active_connections', seedField: 'active_connections', integer: true },
  { name: 'datacenter_service_queue_depth', unit: 'requests', column: 'queue_depth', seedField: 'queue_depth', integer: true },
]);

/** Service series indices, named for the kernels. */
export const V = { Rps: 0, P50: 1, P95: 2, P99: 3, Errors: 4, Connections: 5, Queue: 6 } as const;

/** Every metric name: the dictionary of the samples' `metric` column, in file order. */
export const METRIC_NAMES: readonly string[] = Object.freeze([...new Set([...SERVER_METRICS, ...SERVICE_SERIES].map((metric) => metric.name))].sort());

export const metricIndex = (name: string): number => METRIC_NAMES.indexOf(name);
