/**
 * The 20 release tag columns of a batch. Most tags are a function of the release's target
 * (environment, region, target_id…) or of its service (stack, service_id…): those columns share
 * one index array, the row's target or service, over a small dictionary per tag built once per
 * plan (it may repeat a value: two targets in one region). The others (release, deployment_id,
 * release_id) use a dictionary of the releases the batch uses, so no batch carries every release.
 */
import type { Vector } from 'apache-arrow';
import { dictionaryColumn, utf8Vector } from './arrow.js';
import { TAG_NAMES, tagBytes, type Releases } from './releases.js';

type TagKey = 'target' | 'service' | 'release';

interface TagDictionary {
  key: TagKey;
  /** Values by target or service index; null for per-release tags. */
  values: Vector | null;
}

const cache = new WeakMap<Releases, TagDictionary[]>();

/** The value of tag `t` per target (or service) if it is a function of it, else null. */
function valuesBy(releases: Releases, of: Int32Array, t: number): Uint8Array[] | null {
  const values: Uint8Array[] = [];
  const text: string[] = [];
  for (let r = 0; r < releases.count; r++) {
    const k = of[r]!;
    const value = releases.tags[r]![t]!;
    if (text[k] === undefined) {
      text[k] = value;
      values[k] = tagBytes(releases, r, t);
    } else if (text[k] !== value) return null;
  }
  // Every target and service has releases (an initial one each), so no index is left empty.
  return values.length === text.filter((v) => v !== undefined).length ? values : null;
}

function planDictionaries(releases: Releases): TagDictionary[] {
  let dictionaries = cache.get(releases);
  if (dictionaries) return dictionaries;
  dictionaries = TAG_NAMES.map((_, t): TagDictionary => {
    const byTarget = valuesBy(releases, releases.target, t);
    if (byTarget) return { key: 'target', values: utf8Vector(byTarget) };
    const byService = valuesBy(releases, releases.service, t);
    if (byService) return { key: 'service', values: utf8Vector(byService) };
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
  const columns: Record<string, Vector> = {};
  TAG_NAMES.forEach((name, t) => {
    if (skip.has(name)) return;
    const { key, values } = dictionaries[t]!;
    const indices = key === 'target' ? target : key === 'service' ? service : local;
    columns[name] = dictionaryColumn(indices, values ?? utf8Vector(used.map((r) => tagBytes(releases, r, t))), { nonNegative: true });
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
