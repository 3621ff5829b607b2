/**
 * Arrow fields → Parquet schema nodes (src/sink/parquet/schema.ts): physical types, repetition,
 * converted and logical types as parquet.thrift numbers them, and the leaves built for the data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bool, Dictionary, Field, Float64, Int32, Int64, Map_, Struct, TimestampMicrosecond, TimestampMillisecond, Uint64, Utf8, Float32, type DataType } from 'apache-arrow';
import { ByteWriter } from '../../../src/sink/parquet/bytes.js';
import { describeColumn, type SchemaNode } from '../../../src/sink/parquet/schema.js';
import { ThriftWriter } from '../../../src/sink/parquet/thrift.js';
import { SpecReader, readCompactStruct, type Thrift } from './spec-reader.js';

// parquet.thrift: Type, FieldRepetitionType, ConvertedType.
const [BOOLEAN, INT32, INT64, DOUBLE, BYTE_ARRAY] = [0, 1, 2, 5, 6];
const [REQUIRED, OPTIONAL, REPEATED] = [0, 1, 2];
const [UTF8, MAP, TIMESTAMP_MILLIS, TIMESTAMP_MICROS, UINT_64] = [0, 1, 9, 10, 14];

/** A node as plain numbers, its logical type decoded (LogicalType union: field id → member). */
function plain(node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = { name: node.name, type: node.type, repetition: node.repetition, children: node.children, converted: node.converted };
  if (node.logical) {
    const bytes = new ByteWriter(8);
    new ThriftWriter(bytes).message((w) => node.logical!(w));
    out.logical = readCompactStruct(new SpecReader(bytes.bytes.slice(0, bytes.length))) as Thrift;
  }
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
}

const nodesOf = (type: DataType, nullable = true) => describeColumn(new Field('c', type, nullable), null, () => 'plain').nodes.map(plain);

describe('sink/parquet/schema', () => {
  it('numbers: int32, int64, uint64 (UINT_64, INTEGER(64, unsigned)), double', () => {
    assert.deepEqual(nodesOf(new Int32(), false), [{ name: 'c', type: INT32, repetition: REQUIRED }]);
    assert.deepEqual(nodesOf(new Int64()), [{ name: 'c', type: INT64, repetition: OPTIONAL }]);
    assert.deepEqual(nodesOf(new Uint64()), [{ name: 'c', type: INT64, repetition: OPTIONAL, converted: UINT_64, logical: { 10: { 1: 64, 2: false } } }]);
    assert.deepEqual(nodesOf(new Float64()), [{ name: 'c', type: DOUBLE, repetition: OPTIONAL }]);
  });

  it('timestamps: UTC instants with the legacy converted type, zone-less ones as local times without it', () => {
    assert.deepEqual(nodesOf(new TimestampMillisecond('UTC')), [{ name: 'c', type: INT64, repetition: OPTIONAL, converted: TIMESTAMP_MILLIS, logical: { 8: { 1: true, 2: { 1: {} } } } }]);
    assert.deepEqual(nodesOf(new TimestampMicrosecond('UTC')), [{ name: 'c', type: INT64, repetition: OPTIONAL, converted: TIMESTAMP_MICROS, logical: { 8: { 1: true, 2: { 2: {} } } } }]);
    assert.deepEqual(nodesOf(new TimestampMillisecond()), [{ name: 'c', type: INT64, repetition: OPTIONAL, logical: { 8: { 1: false, 2: { 1: {} } } } }]);
  });

  it('text: Utf8 and Utf8 dictionaries are BYTE_ARRAY with UTF8 / STRING; booleans are BOOLEAN', () => {
    const text = [{ name: 'c', type: BYTE_ARRAY, repetition: OPTIONAL, converted: UTF8, logical: { 1: {} } }];
    assert.deepEqual(nodesOf(new Utf8()), text);
    assert.deepEqual(nodesOf(new Dictionary(new Utf8(), new Int32())), text);
    assert.deepEqual(nodesOf(new Bool(), false), [{ name: 'c', type: BOOLEAN, repetition: REQUIRED }]);
  });

  it('a map is the three-level MAP group: repeated key_value of a required key and an optional value', () => {
    const entries = new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]);
    assert.deepEqual(nodesOf(new Map_<Utf8, Utf8>(new Field('entries', entries, false), false)), [
      { name: 'c', repetition: OPTIONAL, children: 1, converted: MAP, logical: { 2: {} } },
      { name: 'key_value', repetition: REPEATED, children: 2 },
      { name: 'key', type: BYTE_ARRAY, repetition: REQUIRED, converted: UTF8, logical: { 1: {} } },
      { name: 'value', type: BYTE_ARRAY, repetition: OPTIONAL, converted: UTF8, logical: { 1: {} } },
    ]);
  });

  it('refuses what it cannot write, naming the column', () => {
    assert.throws(() => nodesOf(new Float32()), /column 'c' has type Float32/);
    const entries = new Struct<{ key: Utf8; value: Int32 }>([new Field('key', new Utf8(), false), new Field('value', new Int32(), true)]);
    assert.throws(() => nodesOf(new Map_<Utf8, Int32>(new Field('entries', entries, false), false)), /map column 'c' must map Utf8 to Utf8/);
  });
});
