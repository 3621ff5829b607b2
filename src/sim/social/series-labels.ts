/** The `labels` MAP of the series table: the seed's metric tags of each series' label set. */
import { Field, Map_, Struct, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { ACTIONS } from './actions.js';
import { AsciiColumn } from './ascii-column.js';
import { OBJECT_TYPES, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { RELEASE_ID_TAG, TAG_NAMES, tagText } from './releases.js';

const LABELS_TYPE = new Map_<Utf8, Utf8>(
  new Field('entries', new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]), false),
  false,
);
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
const KEY_BYTES = KEY_NAMES.map(bytesOf);
const BOOLEAN_BYTES = [bytesOf('false'), bytesOf('true')];
/** Per action: the bytes of its service, stack, name and is_write values. */
const ACTION_BYTES = ACTIONS.map((a) => [bytesOf(a.service), bytesOf(a.stack), bytesOf(a.name), BOOLEAN_BYTES[a.isWrite ? 1 : 0]!] as const);

const labelKeys = new AsciiColumn();
const labelValues = new AsciiColumn();

/**
 * The labels MAP of every series (keys always KEY_NAMES, object_type last and optional). The series
 * of a label set are created together, so a series mostly repeats the previous one's values.
 */
export function labelsColumn(plan: SocialPlan, series: SeriesIndex): Vector {
  const n = series.size;
  labelKeys.reset(n * KEY_NAMES.length);
  labelValues.reset(n * KEY_NAMES.length);
  const offsets = new Int32Array(n + 1);
  let entries = 0;
  let previousSet = -1;
  let previousCount = 0;
  const text = tagText(plan.releases);
  for (let s = 0; s < n; s++) {
    const set = series.labelSet[s]!;
    const obj = series.setObjectType[set]!;
    const count = obj >= 0 ? KEY_NAMES.length : KEY_NAMES.length - 1;
    if (count === previousCount) labelKeys.repeat(count);
    else for (let k = 0; k < count; k++) labelKeys.bytes(KEY_BYTES[k]!).end();
    if (set === previousSet) labelValues.repeat(count);
    else {
      const [service, stack, action, isWrite] = ACTION_BYTES[series.setAction[set]!]!;
      labelValues.bytes(service).end();
      labelValues.bytes(stack).end();
      labelValues.bytes(action).end();
      labelValues.bytes(BOOLEAN_BYTES[series.setSuccess[set]!]!).end();
      labelValues.bytes(isWrite).end();
      labelValues.bytes(bytesOf(plan.personas[series.setPersona[set]!]!.name)).end();
      const k = series.setRelease[set]! * TAG_NAMES.length + RELEASE_ID_TAG;
      labelValues.range(text.bytes, text.start[k]!, text.end[k]!).end();
      if (obj >= 0) labelValues.bytes(bytesOf(OBJECT_TYPES[obj]!)).end();
    }
    previousSet = set;
    previousCount = count;
    entries += count;
    offsets[s + 1] = entries;
  }
  const struct = makeData({ type: LABELS_TYPE.children[0]!.type, length: entries, children: [labelKeys.vector().data[0]!, labelValues.vector().data[0]!] });
  return makeVector(makeData({ type: LABELS_TYPE, length: n, valueOffsets: offsets, child: struct }));
}
