/** The `labels` MAP of the series table: the seed's metric tags of each series' label set. */
import { Dictionary, Field, Int32, Map_, Struct, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { ACTIONS } from './actions.js';
import { OBJECT_TYPES, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { RELEASE_ID_TAG, TAG_NAMES, tagText } from './releases.js';

const encoder = new TextEncoder();
const encoded = new Map<string, Uint8Array>();
const bytesOf = (text: string): Uint8Array => {
  let bytes = encoded.get(text);
  if (!bytes) encoded.set(text, (bytes = encoder.encode(text)));
  return bytes;
};

/** The seed's metric tags of a label set, in its order: service, stack, action, success, is_write, persona, release_id, object_type. */
export function labelSetTags(plan: SocialPlan, series: SeriesIndex, set: number): Array<[string, string]> {
  const a = ACTIONS[series.setAction[set]!]!;
  const tags: Array<[string, string]> = [
    ['service', a.service], ['stack', a.stack], ['action', a.name], ['success', series.setSuccess[set] ? 'true' : 'false'],
    ['is_write', a.isWrite ? 'true' : 'false'], ['persona', plan.personas[series.setPersona[set]!]!.name],
    ['release_id', plan.releases.tags[series.setRelease[set]!]![RELEASE_ID_TAG]!],
  ];
  const obj = series.setObjectType[set]!;
  if (obj >= 0) tags.push(['object_type', OBJECT_TYPES[obj]!]);
  return tags;
}

const KEY_NAMES = ['service', 'stack', 'action', 'success', 'is_write', 'persona', 'release_id', 'object_type'];
const BOOLEAN_BYTES = [bytesOf('false'), bytesOf('true')];
/** Per action: the bytes of its service, stack, name and is_write values. */
const ACTION_BYTES = ACTIONS.map((a) => [bytesOf(a.service), bytesOf(a.stack), bytesOf(a.name), BOOLEAN_BYTES[a.isWrite ? 1 : 0]!] as const);
/** Value bytes by the small ids labelsColumn caches indices under. */
const actionBytes = (at: number) => ACTION_BYTES[at >> 2]![at & 3]!;
const successBytes = (success: number) => BOOLEAN_BYTES[success]!;
const objectBytes = (obj: number) => bytesOf(OBJECT_TYPES[obj]!);

const DICTIONARY_UTF8 = () => new Dictionary(new Utf8(), new Int32());
type LabelText = Dictionary<Utf8, Int32>;
// Arrow's Map_ typing wants plain key types; a dictionary-encoded key is valid Arrow all the same.
const LABELS_TYPE = new Map_<Utf8, Utf8>(
  new Field('entries', new Struct<{ key: LabelText; value: LabelText }>([new Field('key', DICTIONARY_UTF8(), false), new Field('value', DICTIONARY_UTF8(), true)]), false) as unknown as Field<Struct<{ key: Utf8; value: Utf8 }>>,
  false,
);
const keyDictionary = makeVector(makeData({ type: new Utf8(), length: KEY_NAMES.length, ...utf8Parts(KEY_NAMES.map(bytesOf)) }));

/**
 * The labels MAP of every series (keys always KEY_NAMES, object_type last and optional), keys and
 * values as dictionary indices: a partition's series repeat a few thousand distinct values, and
 * as plain strings the map was over half of the bytes zstd compressed in a compile. A label set's
 * value indices are looked up once; its series (created together) copy them.
 */
export function labelsColumn(plan: SocialPlan, series: SeriesIndex): Vector {
  const n = series.size;
  const keyIndices = new Int32Array(n * KEY_NAMES.length);
  const valueIndices = new Int32Array(n * KEY_NAMES.length);
  const values = new ValueDictionary();
  const text = tagText(plan.releases);
  const offsets = new Int32Array(n + 1);
  const setValues = new Int32Array(KEY_NAMES.length);
  // Each value's dictionary index by a small id (-1 until first seen): a Map lookup per label set
  // and value cost more than the rest of the column.
  const actionIndex = unseen(ACTIONS.length * 4);
  const successIndex = unseen(2);
  const personaIndex = unseen(plan.personas.length);
  const releaseIndex = unseen(plan.releases.tags.length);
  const objectIndex = unseen(OBJECT_TYPES.length);
  const indexOf = (cache: Int32Array, id: number, bytes: (id: number) => Uint8Array): number => {
    const known = cache[id]!;
    return known >= 0 ? known : (cache[id] = values.of(bytes(id)));
  };
  const personaBytes = (persona: number) => bytesOf(plan.personas[persona]!.name);
  const releaseBytes = (release: number) => {
    const k = release * TAG_NAMES.length + RELEASE_ID_TAG;
    return text.bytes.subarray(text.start[k]!, text.end[k]!);
  };
  let entries = 0;
  let previousSet = -1;
  let count = 0;
  for (let s = 0; s < n; s++) {
    const set = series.labelSet[s]!;
    if (set !== previousSet) {
      const action = series.setAction[set]!;
      // service, stack, action, is_write go to positions 0, 1, 2 and 4 (success is 3).
      for (let j = 0; j < 4; j++) setValues[j === 3 ? 4 : j] = indexOf(actionIndex, action * 4 + j, actionBytes);
      setValues[3] = indexOf(successIndex, series.setSuccess[set]!, successBytes);
      setValues[5] = indexOf(personaIndex, series.setPersona[set]!, personaBytes);
      setValues[6] = indexOf(releaseIndex, series.setRelease[set]!, releaseBytes);
      const obj = series.setObjectType[set]!;
      if (obj >= 0) setValues[7] = indexOf(objectIndex, obj, objectBytes);
      count = obj >= 0 ? KEY_NAMES.length : KEY_NAMES.length - 1;
      previousSet = set;
    }
    for (let k = 0; k < count; k++) {
      keyIndices[entries + k] = k;
      valueIndices[entries + k] = setValues[k]!;
    }
    entries += count;
    offsets[s + 1] = entries;
  }
  const [keyType, valueType] = LABELS_TYPE.children[0]!.type.children.map((field) => field.type as unknown as LabelText);
  const keys = makeData({ type: keyType!, length: entries, data: keyIndices.subarray(0, entries), dictionary: keyDictionary });
  const valueData = makeData({ type: valueType!, length: entries, data: valueIndices.subarray(0, entries), dictionary: values.vector() });
  const struct = makeData({ type: LABELS_TYPE.children[0]!.type, length: entries, children: [keys, valueData] });
  return makeVector(makeData({ type: LABELS_TYPE, length: n, valueOffsets: offsets, child: struct }));
}

function unseen(size: number): Int32Array {
  return new Int32Array(size).fill(-1);
}

/** Distinct label values in first-seen order, the same bytes object once (callers cache indices by id). */
class ValueDictionary {
  private readonly byBytes = new Map<Uint8Array, number>();
  private readonly parts: Uint8Array[] = [];

  of(bytes: Uint8Array): number {
    let index = this.byBytes.get(bytes);
    if (index === undefined) this.byBytes.set(bytes, (index = this.add(bytes)));
    return index;
  }

  private add(bytes: Uint8Array): number {
    this.parts.push(bytes);
    return this.parts.length - 1;
  }

  vector(): Vector<Utf8> {
    return makeVector(makeData({ type: new Utf8(), length: this.parts.length, ...utf8Parts(this.parts) }));
  }
}

function utf8Parts(parts: Uint8Array[]): { valueOffsets: Int32Array; data: Uint8Array } {
  const valueOffsets = new Int32Array(parts.length + 1);
  parts.forEach((part, i) => (valueOffsets[i + 1] = valueOffsets[i]! + part.length));
  const data = new Uint8Array(valueOffsets[parts.length]!);
  parts.forEach((part, i) => data.set(part, valueOffsets[i]!));
  return { valueOffsets, data };
}
