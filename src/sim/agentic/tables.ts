/** The tables an agentic-ide compile writes. */
import { samplesTableSpec, seriesTableSpec } from '../common/metrics-tables.js';
import type { TableSpec } from '../../contract/table.js';

export const SPANS_TABLE: TableSpec = {
  name: 'spans',
  path: 'spans',
  role: 'spans',
  timePartition: 'month',
  timeColumn: 'start_time',
  keyColumns: ['trace_id', 'span_id'],
  requiredColumns: ['trace_id', 'span_id', 'name', 'kind', 'service_name', 'start_time', 'end_time', 'arrival_time', 'status_code', 'tenant.id', 'gen_ai.conversation.id', 'user.id', 'schema_url'],
  // Agent failures end their spans in error: the report's error rate lines up with them.
  signals: { errorCondition: "status_code = 'ERROR'", latencySeconds: '(epoch_us(end_time) - epoch_us(start_time)) / 1e6' },
};

export const LOGS_TABLE: TableSpec = {
  name: 'logs',
  path: 'logs',
  role: 'logs',
  timePartition: 'month',
  timeColumn: 'timestamp',
  keyColumns: ['trace_id', 'span_id'],
  messageColumn: 'message',
  streamFields: ['service_name', 'level', 'event.name'],
  requiredColumns: ['timestamp', 'observed_timestamp', 'level', 'message', 'trace_id', 'span_id', 'service_name', 'event.name', 'tenant.id'],
};

export const SERIES_TABLE = seriesTableSpec({ extraRequired: ['tenant.id'] });
export const SAMPLES_TABLE = samplesTableSpec({ timePartition: 'month', parquet: { deltaColumns: ['series_id', 'ts'] }, requiredColumns: ['series_id', 'metric', 'ts', 'value', 'start_ts'] });

export const SESSIONS_TABLE: TableSpec = {
  name: 'sessions',
  path: 'sessions',
  role: 'table',
  timePartition: 'month',
  timeColumn: 'start',
  keyColumns: ['gen_ai.conversation.id'],
  requiredColumns: ['gen_ai.conversation.id', 'trace_id', 'tenant.id', 'user.id', 'time_zone', 'utc_offset_minutes', 'workflow', 'start', 'end', 'phase_path'],
};

export const TENANTS_TABLE: TableSpec = {
  name: 'tenants',
  path: 'tenants',
  role: 'table',
  timePartition: null,
  keyColumns: ['tenant.id'],
  requiredColumns: ['tenant.id', 'name', 'size', 'users', 'repositories', 'time_zones', 'schema_version_before', 'schema_version_after'],
};

export const TRANSITIONS_TABLE: TableSpec = {
  name: 'transitions',
  path: 'transitions',
  role: 'table',
  timePartition: null,
  keyColumns: ['workflow', 'from_phase', 'to_phase'],
  requiredColumns: ['workflow', 'from_phase', 'to_phase', 'probability'],
};

export const AUDIT_TABLE: TableSpec = {
  name: 'audit',
  path: 'audit',
  role: 'table',
  timePartition: 'month',
  timeColumn: 'first_time',
  keyColumns: ['partition', 'tenant.id', 'table_name', 'column_name'],
  requiredColumns: ['partition', 'tenant.id', 'table_name', 'column_name', 'action', 'values', 'subjects', 'first_time', 'last_time'],
};
