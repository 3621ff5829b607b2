/**
 * Dictionary-coded Arrow columns built from indices: no Arrow builder, no object per row. The
 * builders keep every pending value as a heap object until they flush, and over a 30-day partition
 * that garbage outlived the young generation and set the worker's peak RSS.
 */
import { Dictionary, Field, Int32, Map_, Struct, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/** Distinct values in first-seen order, each with its index. */
export class FirstSeen<T> {
  private readonly index = new Map<T, number>();
  readonly values: T[] = [];

  of(value: T): number {
    let found = this.index.get(value);
    if (found === undefined) {
      found = this.values.push(value) - 1;
      this.index.set(value, found);
    }
    return found;
  }

  /** The index of `value`, or -1 if it was never seen. */
  find(value: T): number {
    return this.index.get(value) ?? -1;
  }
}

/**
 * Codes into `names`, renumbered by first appearance in `codes` (negative codes stay, as nulls):
 * the dictionary a column of those strings would have, without making the strings' array.
 */
export function firstSeenOrder(codes: Int32Array, names: readonly string[]): { indices: Int32Array; values: string[] } {
  const renumbered = new Int32Array(names.length).fill(-1);
  const values: string[] = [];
  const indices = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0) {
      indices[i] = -1;
      continue;
    }
    if (renumbered[code] === -1) renumbered[code] = values.push(names[code]!) - 1;
    indices[i] = renumbered[code]!;
  }
  return { indices, values };
}

const encoder = new TextEncoder();

/** A Utf8 vector of the given values (text, or bytes already encoded). */
export function utf8Values(parts: ReadonlyArray<Uint8Array | string>): Vector<Utf8> {
  const bytes = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
  const valueOffsets = new Int32Array(bytes.length + 1);
  bytes.forEach((part, i) => (valueOffsets[i + 1] = valueOffsets[i]! + part.length));
  const data = new Uint8Array(valueOffsets[bytes.length]!);
  bytes.forEach((part, i) => data.set(part, valueOffsets[i]!));
  return makeVector(makeData({ type: new Utf8(), length: bytes.length, valueOffsets, data }));
}

type CodedText = Dictionary<Utf8, Int32>;
const codedText = () => new Dictionary(new Utf8(), new Int32());
// Arrow's Map_ typing wants plain key types; a dictionary-encoded key is valid Arrow all the same.
const CODED_LABELS_TYPE = new Map_<Utf8, Utf8>(
  new Field('entries', new Struct<{ key: CodedText; value: CodedText }>([new Field('key', codedText(), false), new Field('value', codedText(), true)]), false) as unknown as Field<
    Struct<{ key: Utf8; value: Utf8 }>
  >,
  false,
);

/** The entries of a MAP<VARCHAR, VARCHAR> column: row i holds entries offsets[i] .. offsets[i + 1]. */
export interface CodedLabels {
  offsets: Int32Array;
  keyIndices: Int32Array;
  keys: Vector<Utf8>;
  valueIndices: Int32Array;
  values: Vector<Utf8>;
}

/** MAP<VARCHAR, VARCHAR> whose keys and values are dictionary indices. */
export function codedLabelsColumn({ offsets, keyIndices, keys, valueIndices, values }: CodedLabels): Vector {
  const entries = offsets[offsets.length - 1]!;
  const [keyType, valueType] = CODED_LABELS_TYPE.children[0]!.type.children.map((field) => field.type as unknown as CodedText);
  const keyData = makeData({ type: keyType!, length: entries, data: keyIndices.subarray(0, entries), dictionary: keys });
  const valueData = makeData({ type: valueType!, length: entries, data: valueIndices.subarray(0, entries), dictionary: values });
  const struct = makeData({ type: CODED_LABELS_TYPE.children[0]!.type, length: entries, children: [keyData, valueData] });
  return makeVector(makeData({ type: CODED_LABELS_TYPE, length: offsets.length - 1, valueOffsets: offsets, child: struct }));
}
