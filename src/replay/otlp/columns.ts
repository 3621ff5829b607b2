/**
 * The columns of a logs or spans table as the OTLP encoders see them: the contract columns they
 * map to fields, resource columns, and every other column as a typed attribute (numbers as int or
 * double, booleans, text; MAP columns spread into one attribute per entry).
 */
import { TeleforgeError } from '../../errors.js';
import { column } from '../read/sql.js';
import type { EncodeContext } from '../types.js';
import type { ColumnSelect, ReplayTable, RowBatch } from '../read/types.js';
import type { KeyValue } from './codec.js';
import { isResourceField, resourceAttributes, type ResourceTable } from './resource.js';

type AttributeKind = 'int' | 'double' | 'bool' | 'text' | 'map';

export interface AttributeColumn {
  name: string;
  kind: AttributeKind;
}

export interface TableColumns {
  names: string[];
  resource: string[];
  attributes: AttributeColumn[];
  /** Repeated text attributes share their KeyValue objects (fewer allocations on the hot path). */
  interned: Map<string, KeyValue[]>;
}

function attributeKind(type: string): AttributeKind {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/.test(type)) return 'int';
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(type)) return 'double';
  if (type === 'BOOLEAN') return 'bool';
  if (type.startsWith('MAP(')) return 'map';
  return 'text';
}

/** Reads the table's schema and splits its columns; `required` must all be present. */
export async function tableColumns(table: ReplayTable, context: EncodeContext, mapped: string[], required: string[]): Promise<TableColumns> {
  const first = table.files[0];
  if (first === undefined) throw new TeleforgeError('BAD_ARGUMENT', `otlp: table ${table.spec.name} has no files`);
  const described = await context.sql.rows(`DESCRIBE SELECT * FROM read_parquet('${first.replace(/'/g, "''")}', hive_partitioning = false)`);
  const names = described.map((row) => String(row.column_name));
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new TeleforgeError('BAD_ARGUMENT', `otlp: table ${table.spec.name} lacks column(s) ${missing.join(', ')}`);
  const resource = names.filter((name) => isResourceField(name) && !mapped.includes(name));
  const attributes = described
    .filter((row) => !mapped.includes(String(row.column_name)) && !resource.includes(String(row.column_name)))
    .map((row) => ({ name: String(row.column_name), kind: attributeKind(String(row.column_type)) }));
  return { names, resource, attributes, interned: new Map() };
}

const key = (prefix: string, name: string) => `${prefix}${name}`;

const INTERN_LIMIT = 100_000;

function intern(cache: Map<string, KeyValue[]>, id: string, make: () => KeyValue[]): KeyValue[] {
  let value = cache.get(id);
  if (value === undefined) {
    if (cache.size >= INTERN_LIMIT) cache.clear();
    cache.set(id, (value = make()));
  }
  return value;
}

/** Reader selects for the resource and attribute columns (prefixed to keep them apart from mapped ones). */
export function extraSelects(columns: TableColumns): ColumnSelect[] {
  return [
    ...columns.resource.map((name): ColumnSelect => ({ name: key('res_', name), sql: column(name), kind: 'text' })),
    ...columns.attributes.map((a): ColumnSelect => {
      const sql = a.kind === 'map' ? `to_json(${column(a.name)})` : a.kind === 'bool' ? `${column(a.name)}::INTEGER` : column(a.name);
      return { name: key('attr_', a.name), sql, kind: a.kind === 'int' || a.kind === 'double' || a.kind === 'bool' ? 'double' : 'text' };
    }),
  ];
}

/** The attributes of one row (nulls left out). */
export function rowAttributes(columns: TableColumns, batch: RowBatch, row: number): KeyValue[] {
  const out: KeyValue[] = [];
  for (const a of columns.attributes) {
    const name = key('attr_', a.name);
    if (a.kind === 'text' || a.kind === 'map') {
      const text = batch.texts[name]![row];
      if (text === null || text === undefined) continue;
      out.push(...intern(columns.interned, `${a.name}\u0000${text}`, () =>
        a.kind === 'text' ? [{ key: a.name, value: { stringValue: text } }] : Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => ({ key: k, value: { stringValue: String(v) } })),
      ));
      continue;
    }
    const value = batch.doubles[name]![row]!;
    if (Number.isNaN(value)) continue;
    out.push({ key: a.name, value: a.kind === 'int' ? { intValue: value } : a.kind === 'bool' ? { boolValue: value !== 0 } : { doubleValue: value } });
  }
  return out;
}

/** The resource of each row, interned in `resources` (kept across batches: resources repeat). */
export function rowResource(columns: TableColumns, resources: ResourceTable, batch: RowBatch, row: number): number {
  const field = (name: string) => batch.texts[key('res_', name)]?.[row];
  const id = columns.resource.map((name) => field(name) ?? '').join('\u0001');
  return resources.intern(id, () => resourceAttributes(field));
}
