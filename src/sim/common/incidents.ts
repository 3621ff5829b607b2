/** The ground-truth table every simulator writes to `labels/incidents.parquet`. */
import { Table, type Vector } from 'apache-arrow';
import type { TableSpec } from '../../contract/table.js';
import { dictionaryColumn, stringColumn, timestampsFromNumbers } from './columns.js';

export interface Incident {
  kind: string;
  startMs: number;
  endMs: number;
  /** What is affected, as `kind=name` (`pod=…`, `node=…`, `deployment=svc/env`) or `cluster`. */
  scope: string;
  severity: 'critical' | 'warning' | 'info';
  /** What the data shows, in words. */
  expectedSignals: string;
  details: Record<string, string | number>;
}

export const INCIDENTS_TABLE: TableSpec = {
  name: 'incidents',
  path: 'labels/incidents',
  role: 'incidents',
  timePartition: null,
  timeColumn: 'start',
  keyColumns: ['incident_id'],
  requiredColumns: ['incident_id', 'kind', 'start', 'end', 'scope', 'severity'],
};

/**
 * Incidents sorted by (start, kind, scope), numbered in that order; `extra` adds a kind's own
 * columns after the common ones, from the rows in that order.
 */
export function incidentsTable<T extends Incident>(incidents: T[], extra?: (rows: T[]) => Record<string, Vector>): Table {
  const rows = [...incidents].sort(
    (a, b) => a.startMs - b.startMs || cmp(a.kind, b.kind) || cmp(a.scope, b.scope) || a.endMs - b.endMs,
  );
  return new Table({
    incident_id: stringColumn(rows.map((_, i) => `inc-${String(i + 1).padStart(6, '0')}`)),
    kind: dictionaryColumn(rows.map((row) => row.kind)),
    start: timestampsFromNumbers(rows.map((row) => row.startMs)),
    end: timestampsFromNumbers(rows.map((row) => row.endMs)),
    scope: stringColumn(rows.map((row) => row.scope)),
    severity: dictionaryColumn(rows.map((row) => row.severity)),
    expected_signals: stringColumn(rows.map((row) => row.expectedSignals)),
    details: stringColumn(rows.map((row) => JSON.stringify(row.details))),
    ...extra?.(rows),
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
