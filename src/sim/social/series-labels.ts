/** The `labels` MAP of the series table: the seed's metric tags of each series' label set. */
import type { Vector } from 'apache-arrow';
import { FirstSeen, codedLabelsColumn, utf8Values } from '../common/dictionaries.js';
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

const keyDictionary = utf8Values(KEY_NAMES);

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
  const values = new FirstSeen<Uint8Array>();
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
  return codedLabelsColumn({ offsets, keyIndices, keys: keyDictionary, valueIndices, values: utf8Values(values.values) });
}

function unseen(size: number): Int32Array {
  return new Int32Array(size).fill(-1);
}
