/**
 * The 20 release tag columns of a batch. Most tags are a function of the release's target
 * (environment, region, target_id…) or of its service (stack, service_id…): those columns share
 * one index array, the row's target or service, over a small dictionary per tag built once per
 * plan (it may repeat a value: two targets in one region). The others (release, deployment_id,
 * release_id) use a dictionary of the releases the batch uses, so no batch carries every release.
 */
import type { Vector } from 'apache-arrow';
import { dictionaryColumn, utf8Vector } from './arrow.js';
import { TAG_NAMES, tagText, type Releases } from './releases.js';

type TagKey = 'target' | 'service' | 'release';

interface TagDictionary {
  key: TagKey;
  /** Values by target or service index; null for per-release tags. */
  values: Vector | null;
}

const cache = new WeakMap<Releases, TagDictionary[]>();

/** Per target (or service): the value index k of tag `t` if the tag is a function of it, else null. */
function valuesBy(releases: Releases, of: Int32Array, t: number): Int32Array | null {
  const tags = releases.tags;
  const first = new Int32Array(releases.count).fill(-1);
  let keys = 0;
  for (let r = 0; r < releases.count; r++) {
    const k = of[r]!;
    if (first[k]! < 0) {
      first[k] = r;
      keys = Math.max(keys, k + 1);
    } else if (tags[first[k]!]![t] !== tags[r]![t]) return null;
  }
  const picks = first.subarray(0, keys);
  // Every target and service has releases (an initial one each): no index is left without a value.
  if (picks.includes(-1)) return null;
  return picks.map((r) => r * TAG_NAMES.length + t);
}

function planDictionaries(releases: Releases): TagDictionary[] {
  let dictionaries = cache.get(releases);
  if (dictionaries) return dictionaries;
  const text = tagText(releases);
  dictionaries = TAG_NAMES.map((_, t): TagDictionary => {
    const byTarget = valuesBy(releases, releases.target, t);
    if (byTarget) return { key: 'target', values: utf8Vector(text.bytes, text.start, text.end, byTarget) };
    const byService = valuesBy(releases, releases.service, t);
    if (byService) return { key: 'service', values: utf8Vector(text.bytes, text.start, text.end, byService) };
    return { key: 'release', values: null };
  });
  cache.set(releases, dictionaries);
  return dictionaries;
}

/** Per release: its index among the releases a batch uses (-1 if unused); reset after each batch. */
let localOf = new Int32Array(0);

/**
 * Tag columns of rows whose (global) release index is `release[i]`; `skip` names columns the table
 * already has.
 */
export function tagColumns(releases: Releases, release: Int32Array, skip: ReadonlySet<string> = new Set()): Record<string, Vector> {
  const dictionaries = planDictionaries(releases);
  const rows = release.length;
  const target = new Int32Array(rows);
  const service = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = release[i]!;
    target[i] = releases.target[r]!;
    service[i] = releases.service[r]!;
  }
  const [local, used] = localReleases(releases, release);
  const text = tagText(releases);
  const picks = new Int32Array(used.length);
  const columns: Record<string, Vector> = {};
  TAG_NAMES.forEach((name, t) => {
    if (skip.has(name)) return;
    const { key, values } = dictionaries[t]!;
    if (key !== 'release') {
      columns[name] = dictionaryColumn(key === 'target' ? target : service, values!, { nonNegative: true });
      return;
    }
    for (let i = 0; i < used.length; i++) picks[i] = used[i]! * TAG_NAMES.length + t;
    columns[name] = dictionaryColumn(local, utf8Vector(text.bytes, text.start, text.end, picks), { nonNegative: true });
  });
  return columns;
}

/** Each row's index among the batch's releases (in first-use order), and those releases. */
function localReleases(releases: Releases, release: Int32Array): [Int32Array, number[]] {
  if (localOf.length < releases.count) localOf = new Int32Array(releases.count).fill(-1);
  const local = new Int32Array(release.length);
  const used: number[] = [];
  for (let i = 0; i < release.length; i++) {
    const r = release[i]!;
    let k = localOf[r]!;
    if (k < 0) {
      localOf[r] = k = used.length;
      used.push(r);
    }
    local[i] = k;
  }
  for (const r of used) localOf[r] = -1;
  return [local, used];
}
