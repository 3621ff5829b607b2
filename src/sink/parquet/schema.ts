/**
 * Arrow fields → Parquet schema nodes (depth-first, as FileMetaData lists them) and the leaf
 * writers that read the Arrow buffers in place.
 */
import { DataType, Precision, Type, TimeUnit, type Data, type Field } from 'apache-arrow';
import { ConvertedType, PhysicalType, Repetition } from './format.js';
import type { Leaf } from './leaf.js';
import { MapLeaf, type MapBuffers, type MapStrings } from './map.js';
import { NumericLeaf, type NumericEncoding, type NumericKind } from './numeric.js';
import { BooleanLeaf, DictionaryLeaf, Utf8Leaf, type Utf8Buffers } from './strings.js';
import type { ThriftWriter } from './thrift.js';

export interface SchemaNode {
  name: string;
  type?: PhysicalType;
  repetition?: Repetition;
  children?: number;
  converted?: ConvertedType;
  /** Writes the LogicalType union's member. */
  logical?: (writer: ThriftWriter) => void;
}

/** Per-column encoding choices from the table's declaration. */
export type EncodingOf = (column: string) => NumericEncoding;

const stringLogical = (w: ThriftWriter) => w.struct(1, () => {});
const mapLogical = (w: ThriftWriter) => w.struct(2, () => {});

/**
 * The schema nodes of a column and, given its buffers, its leaf writers (`data` null: schema only,
 * for a table without rows).
 */
export function describeColumn(field: Field, data: Data | null, encodingOf: EncodingOf): { nodes: SchemaNode[]; leaves: Leaf[] } {
  if (data && data.offset !== 0) throw new Error(`parquet: column '${field.name}' is a slice (offset ${data.offset}); slices are not written`);
  const name = field.name;
  const repetition = field.nullable ? Repetition.OPTIONAL : Repetition.REQUIRED;
  const validity = data && data.nullCount > 0 ? (data.nullBitmap ?? null) : null;
  const rows = data?.length ?? 0;
  const type = field.type;
  const numeric = (kind: NumericKind, node: SchemaNode): { nodes: SchemaNode[]; leaves: Leaf[] } => {
    if (!data) return { nodes: [node], leaves: [] };
    const values = data.values as ArrayLike<number> & ArrayBufferView;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    return { nodes: [node], leaves: [new NumericLeaf([name], kind, bytes, validity, rows, encodingOf(name), field.nullable)] };
  };
  if (DataType.isInt(type)) {
    if (type.bitWidth === 32 && type.isSigned) return numeric('int32', { name, type: PhysicalType.INT32, repetition });
    if (type.bitWidth === 64 && type.isSigned) return numeric('int64', { name, type: PhysicalType.INT64, repetition });
    if (type.bitWidth === 64) {
      return numeric('uint64', {
        name, type: PhysicalType.INT64, repetition, converted: ConvertedType.UINT_64,
        logical: (w) => w.struct(10, (s) => s.i8(1, 64).bool(2, false)),
      });
    }
  }
  if (DataType.isFloat(type) && type.precision === Precision.DOUBLE) return numeric('double', { name, type: PhysicalType.DOUBLE, repetition });
  if (DataType.isTimestamp(type) && (type.unit === TimeUnit.MILLISECOND || type.unit === TimeUnit.MICROSECOND)) {
    const millis = type.unit === TimeUnit.MILLISECOND;
    return numeric('int64', {
      name, type: PhysicalType.INT64, repetition,
      // Arrow timestamps without a zone are local (DuckDB: TIMESTAMP), with one UTC instants; the
      // legacy converted types mean UTC, so only those carry one.
      converted: !type.timezone ? undefined : millis ? ConvertedType.TIMESTAMP_MILLIS : ConvertedType.TIMESTAMP_MICROS,
      logical: (w) => w.struct(8, (s) => s.bool(1, Boolean(type.timezone)).struct(2, (u) => u.struct(millis ? 1 : 2, () => {}))),
    });
  }
  switch (type.typeId) {
    case Type.Bool: {
      const node: SchemaNode = { name, type: PhysicalType.BOOLEAN, repetition };
      return { nodes: [node], leaves: data ? [new BooleanLeaf([name], data.values as Uint8Array, validity, rows, field.nullable)] : [] };
    }
    case Type.Utf8:
      return { nodes: [utf8Node(name, repetition)], leaves: data ? [new Utf8Leaf([name], utf8Buffers(data), validity, rows, field.nullable)] : [] };
    case Type.Dictionary: {
      if (!isUtf8Dictionary(type)) break;
      const coded = data ? dictionaryBuffers(data) : null;
      if (data && !coded) break;
      const leaves = coded ? [new DictionaryLeaf([name], coded.indices, coded.strings, validity, rows, field.nullable)] : [];
      return { nodes: [utf8Node(name, repetition)], leaves };
    }
    case Type.Map:
      return mapColumn(field, data, validity);
  }
  throw new Error(`parquet: column '${name}' has type ${String(type)}, which the writer does not support`);
}

function utf8Node(name: string, repetition: Repetition): SchemaNode {
  return { name, type: PhysicalType.BYTE_ARRAY, repetition, converted: ConvertedType.UTF8, logical: stringLogical };
}

function utf8Buffers(data: Data): Utf8Buffers {
  if (data.type.typeId !== Type.Utf8 || data.offset !== 0) throw new Error('parquet: expected an unsliced Utf8 buffer');
  return { count: data.length, offsets: data.valueOffsets as Int32Array, bytes: data.values as Uint8Array };
}

/** A dictionary of Utf8 with Int32 indices, the one dictionary type the writer takes. */
function isUtf8Dictionary(type: DataType | undefined): boolean {
  return DataType.isDictionary(type) && type.dictionary.typeId === Type.Utf8 && type.indices.bitWidth === 32 && type.indices.isSigned;
}

/** The indices and strings of a dictionary column's data, or null when they are not in one plain piece. */
function dictionaryBuffers(data: Data): { indices: Int32Array; strings: Utf8Buffers } | null {
  const dictionary = data.dictionary;
  if (dictionary?.data.length !== 1 || !(data.values instanceof Int32Array) || data.offset !== 0) return null;
  return { indices: data.values, strings: utf8Buffers(dictionary.data[0]!) };
}

/** A map's keys or values: the strings, or (from an Arrow dictionary) their indices and the dictionary. */
function mapStrings(data: Data): MapStrings {
  if (data.type.typeId === Type.Utf8) return { strings: utf8Buffers(data), indices: null };
  const coded = dictionaryBuffers(data);
  if (!coded) throw new Error('parquet: expected an unsliced dictionary of one Utf8 chunk');
  return coded;
}

function mapColumn(field: Field, data: Data | null, validity: Uint8Array | null): { nodes: SchemaNode[]; leaves: Leaf[] } {
  const [keyField, valueField] = DataType.isMap(field.type) ? field.type.children[0]!.type.children : [];
  const isText = (type: DataType | undefined) => type?.typeId === Type.Utf8 || isUtf8Dictionary(type);
  if (!isText(keyField?.type) || !isText(valueField?.type)) throw new Error(`parquet: map column '${field.name}' must map Utf8 to Utf8`);
  const name = field.name;
  let leaves: Leaf[] = [];
  if (data) {
    const [keys, values] = data.children[0]!.children as [Data, Data];
    const map: MapBuffers = {
      offsets: data.valueOffsets as Int32Array,
      validity,
      keys: mapStrings(keys),
      values: mapStrings(values),
      valueValidity: values.nullCount > 0 ? (values.nullBitmap ?? null) : null,
    };
    leaves = [new MapLeaf(name, 'key', map, data.length, field.nullable), new MapLeaf(name, 'value', map, data.length, field.nullable)];
  }
  return {
    nodes: [
      { name, repetition: field.nullable ? Repetition.OPTIONAL : Repetition.REQUIRED, children: 1, converted: ConvertedType.MAP, logical: mapLogical },
      { name: 'key_value', repetition: Repetition.REPEATED, children: 2 },
      utf8Node('key', Repetition.REQUIRED),
      utf8Node('value', Repetition.OPTIONAL),
    ],
    leaves,
  };
}
