/**
 * The columns of a logs or spans table as the OTLP encoders see them: the contract columns they
 * map to fields, resource columns, and every other column as a typed attribute (integers as
 * int64, exact beyond 2^53; floats as double; booleans; text; MAP columns spread into one
 * attribute per entry). Text travels as UTF-8 bytes from the reader to the request body.
 */
import { TeleforgeError } from '../../errors.js';
import { LENGTH_DELIMITED, type ProtoWriter } from '../encode/protobuf-writer.js';
import { column } from '../read/sql.js';
import type { ColumnSelect, ReplayTable, RowBatch } from '../read/types.js';
import type { EncodeContext } from '../types.js';
import type { Utf8Column } from '../read/utf8-column.js';
import type { RowGrouper } from './group.js';
import { BytesInterner, hashSql } from './interner.js';
import { isResourceField, resourceAttributes, ResourceTable } from './resource.js';
import { keyField, SCOPE_CONTENT, stringAttributes, writeBoolAttribute, writeDoubleAttribute, writeIntAttribute, writeMessage, writeStringAttribute } from './wire.js';

type AttributeKind = 'int' | 'double' | 'bool' | 'text' | 'map';

export interface AttributeColumn {
  name: string;
  kind: AttributeKind;
}

export interface TableColumns {
  names: string[];
  resource: string[];
  attributes: AttributeColumn[];
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
  return { names, resource, attributes };
}

const RESOURCE_HASH = 'res#';
const res = (name: string) => `res_${name}`;
const attr = (name: string) => `attr_${name}`;
const high = (name: string) => `attrhi_${name}`;
const hash = (name: string) => `hash_${name}`;

/** Reader selects for the resource and attribute columns (prefixed to keep them apart from mapped ones). */
export function extraSelects(columns: TableColumns): ColumnSelect[] {
  const selects: ColumnSelect[] = columns.resource.map((name) => ({ name: res(name), sql: column(name), kind: 'utf8' }));
  selects.push({ name: RESOURCE_HASH, sql: hashSql(columns.resource.map(column)), kind: 'int' });
  for (const a of columns.attributes) {
    const sql = column(a.name);
    if (a.kind === 'text') selects.push({ name: attr(a.name), sql, kind: 'utf8' });
    else if (a.kind === 'map') selects.push({ name: attr(a.name), sql: `to_json(${sql})`, kind: 'utf8' }, { name: hash(a.name), sql: hashSql([`to_json(${sql})`]), kind: 'int' });
    else if (a.kind === 'bool') selects.push({ name: attr(a.name), sql: `${sql}::INTEGER`, kind: 'double' });
    else if (a.kind === 'double') selects.push({ name: attr(a.name), sql, kind: 'double' });
    else {
      // int64 as two exact 32-bit halves of its two's complement (a double holds only 53 bits).
      selects.push({ name: attr(a.name), sql: `(${sql}::HUGEINT & 4294967295)::DOUBLE`, kind: 'double' }, { name: high(a.name), sql: `((${sql}::HUGEINT >> 32) & 4294967295)::DOUBLE`, kind: 'double' });
    }
  }
  return selects;
}

interface BoundAttribute {
  kind: AttributeKind;
  key: Uint8Array;
  text?: Utf8Column;
  values?: Float64Array;
  highs?: Float64Array;
  hashes?: Int32Array;
  /** The MAP column alone, as the interner takes it. */
  columns?: Utf8Column[];
  map?: MapAttribute;
}

/** A MAP column's distinct values, each encoded once as its attribute fields. */
interface MapAttribute {
  interner: BytesInterner;
  encoded: Uint8Array[];
}

/**
 * Writes the attributes and finds the resource of rows of one table; `field` is the attributes
 * field number of the message being written (Span 9, LogRecord 6).
 */
export class RowFields {
  readonly resources = new ResourceTable();
  private readonly keys: Uint8Array[];
  private readonly maps = new Map<string, MapAttribute>();
  private readonly resourceKeys = new BytesInterner();
  private readonly resourceOfKey: number[] = [];
  private bound: BoundAttribute[] = [];
  private resourceColumns: Utf8Column[] = [];
  private resourceHashes: Int32Array = new Int32Array(0);
  /** The resource of each row of the bound batch. */
  resourceIds = new Int32Array(0);

  constructor(private readonly columns: TableColumns, private readonly field: number) {
    this.keys = columns.attributes.map((a) => keyField(a.name));
    for (const a of columns.attributes) if (a.kind === 'map') this.maps.set(a.name, { interner: new BytesInterner(), encoded: [] });
  }

  /** Binds a batch's columns and resolves every row's resource (`resourceIds`). */
  bind(batch: RowBatch): void {
    this.bound = this.columns.attributes.map((a, i) => ({
      kind: a.kind,
      key: this.keys[i]!,
      text: batch.utf8[attr(a.name)],
      values: batch.doubles[attr(a.name)],
      highs: batch.doubles[high(a.name)],
      hashes: batch.ints[hash(a.name)],
      columns: a.kind === 'map' ? [batch.utf8[attr(a.name)]!] : undefined,
      map: this.maps.get(a.name),
    }));
    this.resourceColumns = this.columns.resource.map((name) => batch.utf8[res(name)]!);
    this.resourceHashes = batch.ints[RESOURCE_HASH]!;
    if (this.resourceIds.length < batch.rows) this.resourceIds = new Int32Array(batch.rows);
    for (let row = 0; row < batch.rows; row++) this.resourceIds[row] = this.resourceOf(row);
  }

  /** The attributes of one row (nulls left out). */
  writeAttributes(w: ProtoWriter, row: number): void {
    const field = this.field;
    for (const a of this.bound) {
      if (a.kind === 'text') {
        const text = a.text!;
        const length = text.length[row]!;
        if (length >= 0) writeStringAttribute(w, field, a.key, text.data, text.start[row]!, length);
        continue;
      }
      if (a.kind === 'map') {
        if (a.text!.length[row]! >= 0) w.raw(this.mapFields(a, row));
        continue;
      }
      const value = a.values![row]!;
      if (Number.isNaN(value)) continue;
      if (a.kind === 'int') writeIntAttribute(w, field, a.key, value, a.highs![row]!);
      else if (a.kind === 'bool') writeBoolAttribute(w, field, a.key, value !== 0);
      else writeDoubleAttribute(w, field, a.key, value);
    }
  }

  private mapFields(a: BoundAttribute, row: number): Uint8Array {
    const map = a.map!;
    const hash = a.hashes![row]!;
    const columns = a.columns!;
    const id = map.interner.find(hash, columns, row);
    if (id >= 0) return map.encoded[id]!;
    map.interner.add(hash, columns, row);
    const entries = Object.entries(JSON.parse(columns[0]!.text(row)!) as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]);
    const encoded = stringAttributes(this.field, entries);
    map.encoded.push(encoded);
    return encoded;
  }

  private resourceOf(row: number): number {
    const columns = this.resourceColumns;
    const hash = this.resourceHashes[row]!;
    const id = this.resourceKeys.find(hash, columns, row);
    if (id >= 0) return this.resourceOfKey[id]!;
    this.resourceKeys.add(hash, columns, row);
    const values = columns.map((c) => c.text(row));
    const field = (name: string) => values[this.columns.resource.indexOf(name)];
    const resource = this.resources.intern(values.map((v) => v ?? '').join('\u0001'), () => resourceAttributes(field));
    this.resourceOfKey.push(resource);
    return resource;
  }
}

/**
 * The request's ResourceSpans/ResourceLogs (field 1 of the request; resource = 1, scope_* = 2),
 * one per resource of the bound batch in first-seen order, each with the replay's scope
 * (scope = 1) and its rows' items (field 2, written by `item`).
 */
export function writeByResource(w: ProtoWriter, fields: RowFields, grouper: RowGrouper, rows: number, item: (row: number) => void): void {
  const { order, groups, bounds } = grouper.group(fields.resourceIds, rows);
  groups.forEach((resource, g) => {
    w.tag(1, LENGTH_DELIMITED);
    const outer = w.fork(3);
    writeMessage(w, 1, fields.resources.contents[resource]!);
    w.tag(2, LENGTH_DELIMITED);
    const scope = w.fork(3);
    writeMessage(w, 1, SCOPE_CONTENT);
    for (let i = bounds[g]!; i < bounds[g + 1]!; i++) item(order[i]!);
    w.join(scope);
    w.join(outer);
  });
}
