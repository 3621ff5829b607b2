/** Arrow column constructors used by simulators: zero-copy from typed arrays where it matters. */
import {
  Dictionary,
  Field,
  Int32,
  Map_,
  Struct,
  TimestampMillisecond,
  Uint64,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';

export function timestampColumn(values: BigInt64Array, validity?: { bitmap: Uint8Array; nullCount: number }): Vector {
  return makeVector(
    makeData({
      type: new TimestampMillisecond(),
      length: values.length,
      data: values,
      nullBitmap: validity?.bitmap,
      nullCount: validity?.nullCount ?? 0,
    }),
  );
}

export function uint64Column(values: BigUint64Array): Vector {
  return makeVector(makeData({ type: new Uint64(), length: values.length, data: values }));
}

/** Timestamps (ms) from plain numbers; fine for small tables. */
export function timestampsFromNumbers(values: ArrayLike<number>): Vector {
  return timestampColumn(BigInt64Array.from(Array.from(values, (value) => BigInt(Math.round(value)))));
}

/** Low-cardinality strings as a dictionary column. */
export function dictionaryColumn(values: ReadonlyArray<string | null>): Vector {
  return vectorFromArray(values as (string | null)[], new Dictionary(new Utf8(), new Int32()));
}

export function stringColumn(values: ReadonlyArray<string | null>): Vector {
  return vectorFromArray(values as (string | null)[], new Utf8());
}

const LABELS_TYPE = new Map_<Utf8, Utf8>(
  new Field('entries', new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]), false),
  false,
);

/** MAP<VARCHAR, VARCHAR> from ordered label pairs. */
export function labelsColumn(values: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Vector {
  return vectorFromArray(
    values.map((pairs) => new Map(pairs)),
    LABELS_TYPE,
  );
}
