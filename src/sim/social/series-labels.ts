/** The `labels` MAP of the series table: the seed's metric tags of each series' label set. */
import type { Vector } from 'apache-arrow';
import { FirstSeen, codedLabelsColumn, utf8Values } from '../common/dictionaries.js';
import { Scratch } from '../common/scratch.js';
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
const keyDictionary = utf8Values(KEY_NAMES);

/**
 * The labels' distinct values in first-use order, each value's index cached by a small id (action,
 * persona, release, …; -1 until first seen): a Map lookup per label set and value cost more than the
 * rest of the column. A class with one method per kind, not closures made per call: a partition's
 * calls then reach the same functions as the previous partition's, and stay optimized.
 */
class LabelValues {
  readonly values = new FirstSeen<Uint8Array>();
  private readonly actions = unseen(ACTIONS.length * 4);
  private readonly successes = unseen(2);
  private readonly personas: Int32Array;
  private readonly releases: Int32Array;
  private readonly objects = unseen(OBJECT_TYPES.length);
  private readonly text: ReturnType<typeof tagText>;

  constructor(private readonly plan: SocialPlan) {
    this.personas = unseen(plan.personas.length);
    this.releases = unseen(plan.releases.tags.length);
    this.text = tagText(plan.releases);
  }

  /** The action's service, stack, name or is_write (`part` 0–3). */
  action(action: number, part: number): number {
    const id = action * 4 + part;
    const known = this.actions[id]!;
    return known >= 0 ? known : (this.actions[id] = this.values.of(ACTION_BYTES[action]![part]!));
  }

  success(success: number): number {
    const known = this.successes[success]!;
    return known >= 0 ? known : (this.successes[success] = this.values.of(BOOLEAN_BYTES[success]!));
  }

  persona(persona: number): number {
    const known = this.personas[persona]!;
    return known >= 0 ? known : (this.personas[persona] = this.values.of(bytesOf(this.plan.personas[persona]!.name)));
  }

  release(release: number): number {
    const known = this.releases[release]!;
    if (known >= 0) return known;
    const k = release * TAG_NAMES.length + RELEASE_ID_TAG;
    return (this.releases[release] = this.values.of(this.text.bytes.subarray(this.text.start[k]!, this.text.end[k]!)));
  }

  objectType(objectType: number): number {
    const known = this.objects[objectType]!;
    return known >= 0 ? known : (this.objects[objectType] = this.values.of(bytesOf(OBJECT_TYPES[objectType]!)));
  }
}

/**
 * The labels MAP of every series (keys always KEY_NAMES, object_type last and optional), keys and
 * values as dictionary indices: a partition's series repeat a few thousand distinct values, and
 * as plain strings the map was over half of the bytes zstd compressed in a compile. A label set's
 * value indices are looked up once; its series (created together) copy them.
 */
export function labelsColumn(plan: SocialPlan, series: SeriesIndex): Vector {
  const n = series.size;
  const keyIndices = scratch.keys.take(n * KEY_NAMES.length);
  const valueIndices = scratch.values.take(n * KEY_NAMES.length);
  const offsets = scratch.offsets.take(n + 1);
  offsets[0] = 0;
  const labels = new LabelValues(plan);
  const setValues = new Int32Array(KEY_NAMES.length);
  let entries = 0;
  let previousSet = -1;
  let count = 0;
  for (let s = 0; s < n; s++) {
    const set = series.labelSet[s]!;
    if (set !== previousSet) {
      const action = series.setAction[set]!;
      // service, stack, action, is_write go to positions 0, 1, 2 and 4 (success is 3).
      setValues[0] = labels.action(action, 0);
      setValues[1] = labels.action(action, 1);
      setValues[2] = labels.action(action, 2);
      setValues[4] = labels.action(action, 3);
      setValues[3] = labels.success(series.setSuccess[set]!);
      setValues[5] = labels.persona(series.setPersona[set]!);
      setValues[6] = labels.release(series.setRelease[set]!);
      const obj = series.setObjectType[set]!;
      if (obj >= 0) setValues[7] = labels.objectType(obj);
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
  return codedLabelsColumn({
    offsets,
    keyIndices: keyIndices.subarray(0, entries),
    keys: keyDictionary,
    valueIndices: valueIndices.subarray(0, entries),
    values: utf8Values(labels.values.values),
  });
}

const int32 = (length: number) => new Int32Array(length);
const scratch = { offsets: new Scratch(int32), keys: new Scratch(int32), values: new Scratch(int32) };

function unseen(size: number): Int32Array {
  return new Int32Array(size).fill(-1);
}
