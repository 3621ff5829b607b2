/**
 * Replay records of the datacenter's samples in the seed generator's shape: one JSON message per
 * entity (server, or service endpoint) and tick, every metric of that entity a field named as the
 * seed names it, in the seed's units (MB/s, ms); a server's message leaves the service fields null
 * and the reverse. Keyed by `entity`: the server, or service and endpoint path (`checkout/api/cart`).
 */
import type { EntityTickRecords } from '../../contract/table.js';
import { SERVER_METRICS, SERVICE_SERIES, type MetricDef, type ServiceSeriesDef } from './metrics.js';

const quote = (text: string) => `'${text}'`;

/** `disk_io_read (MB/s)` → `disk_io_read`, and the factor from our unit to the seed's. */
function seedField(metric: MetricDef): { name: string; factor: number } {
  const [name, unit] = [metric.seedField.replace(/\s*\(.*$/, ''), /\((.*)\)/.exec(metric.seedField)?.[1]];
  if (unit === 'MB/s' && metric.unit === 'bytes_per_second') return { name, factor: 1e-6 };
  if (unit === 'ms' && metric.unit === 'seconds') return { name, factor: 1e3 };
  return { name, factor: 1 };
}

const fields = [...SERVER_METRICS, ...SERVICE_SERIES].map((metric: ServiceSeriesDef) => {
  const { name, factor } = seedField(metric);
  const quantile = metric.quantile ? ` AND se.quantile = ${quote(metric.quantile)}` : '';
  const value = `any_value(s.value) FILTER (WHERE se.metric = ${quote(metric.name)}${quantile})`;
  return { name, sql: `${factor === 1 ? value : `${value} * ${factor}`} AS ${name}` };
});

export const ENTITY_TICKS: EntityTickRecords = {
  uses: ['series'],
  key: 'entity',
  columns: ['ts', 'entity_type', 'entity', 'zone', 'service', 'endpoint', ...fields.map((field) => field.name)],
  sql: `SELECT s.ts, CASE WHEN se.server IS NULL THEN 'service' ELSE 'server' END AS entity_type,
      coalesce(se.server, se.service || se.path) AS entity, se.zone::VARCHAR AS zone, se.service::VARCHAR AS service, se.path::VARCHAR AS endpoint,
      ${fields.map((field) => field.sql).join(',\n      ')}
    FROM selected s JOIN series se USING (series_id)
    GROUP BY ALL`,
};
