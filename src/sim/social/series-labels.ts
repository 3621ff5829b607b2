/** The `labels` MAP of the series table: the seed's metric tags of each series' label set. */
import { Field, Map_, Struct, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { ACTIONS } from './actions.js';
import { AsciiColumn } from './ascii-column.js';
import { OBJECT_TYPES, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { RELEASE_ID_TAG, tagBytes } from './releases.js';

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

interface LabelBlob {
  values: Uint8Array;
  valueLengths: number[];
}

const KEY_NAMES = ['service', 'stack', 'action', 'success', 'is_write', 'persona', 'release_id', 'object_type'];
const KEY_BLOB = bytesOf(KEY_NAMES.join(''));
const KEY_LENGTHS = KEY_NAMES.map((k) => k.length);
const KEY_BLOB_WITHOUT_OBJECT = KEY_BLOB.subarray(0, KEY_BLOB.length - 'object_type'.length);
const KEY_LENGTHS_WITHOUT_OBJECT = KEY_LENGTHS.slice(0, -1);
const scratch = new Uint8Array(1 << 12);

/** The values of a label set's tags, back to back (keys are always KEY_NAMES, object_type last and optional). */
function labelBlob(plan: SocialPlan, series: SeriesIndex, set: number): LabelBlob {
  const a = ACTIONS[series.setAction[set]!]!;
  const obj = series.setObjectType[set]!;
  const parts = [
    bytesOf(a.service), bytesOf(a.stack), bytesOf(a.name), bytesOf(series.setSuccess[set] ? 'true' : 'false'), bytesOf(a.isWrite ? 'true' : 'false'),
    bytesOf(plan.personas[series.setPersona[set]!]!.name), tagBytes(plan.releases, series.setRelease[set]!, RELEASE_ID_TAG),
  ];
  if (obj >= 0) parts.push(bytesOf(OBJECT_TYPES[obj]!));
  let at = 0;
  for (const part of parts) {
    scratch.set(part, at);
    at += part.length;
  }
  return { values: scratch.slice(0, at), valueLengths: parts.map((p) => p.length) };
}

const labelKeys = new AsciiColumn();
const labelValues = new AsciiColumn();

/** The labels MAP of every series: the label set's tags, bytes cached per distinct value. */
export function labelsColumn(plan: SocialPlan, series: SeriesIndex): Vector {
  const n = series.size;
  labelKeys.reset(n * 8);
  labelValues.reset(n * 8);
  const offsets = new Int32Array(n + 1);
  const blobs = new Map<number, LabelBlob>();
  let entries = 0;
  for (let s = 0; s < n; s++) {
    const set = series.labelSet[s]!;
    let blob = blobs.get(set);
    if (!blob) blobs.set(set, (blob = labelBlob(plan, series, set)));
    const count = blob.valueLengths.length;
    if (count === KEY_NAMES.length) labelKeys.values(KEY_BLOB, KEY_LENGTHS);
    else labelKeys.values(KEY_BLOB_WITHOUT_OBJECT, KEY_LENGTHS_WITHOUT_OBJECT);
    labelValues.values(blob.values, blob.valueLengths);
    entries += count;
    offsets[s + 1] = entries;
  }
  const struct = makeData({ type: LABELS_TYPE.children[0]!.type, length: entries, children: [labelKeys.vector().data[0]!, labelValues.vector().data[0]!] });
  return makeVector(makeData({ type: LABELS_TYPE, length: n, valueOffsets: offsets, child: struct }));
}

