/**
 * The 20 release tag columns of a batch. Tags with few distinct values (environment, region,
 * service_id…) use a dictionary built once per plan; the near-unique ones (release, deployment_id,
 * release_id) a dictionary of the releases the batch uses, so no batch carries every release.
 */
import type { Vector } from 'apache-arrow';
import { dictionaryColumn, utf8Vector } from './arrow.js';
import { TAG_NAMES, tagBytes, type Releases } from './releases.js';

const PER_BATCH_ABOVE = 512;

interface TagDictionary {
  /** Per release: index of its value in `values`. */
  index: Int32Array;
  values: Vector;
}

const cache = new WeakMap<Releases, Array<TagDictionary | null>>();

function planDictionaries(releases: Releases): Array<TagDictionary | null> {
  let dictionaries = cache.get(releases);
  if (dictionaries) return dictionaries;
  dictionaries = TAG_NAMES.map((_, t) => {
    const distinct = new Map<string, number>();
    const firstRelease: number[] = [];
    const index = new Int32Array(releases.count);
    for (let r = 0; r < releases.count; r++) {
      const value = releases.tags[r]![t]!;
      let k = distinct.get(value);
      if (k === undefined) {
        distinct.set(value, (k = distinct.size));
        firstRelease.push(r);
      }
      index[r] = k;
    }
    if (distinct.size > PER_BATCH_ABOVE) return null;
    return { index, values: utf8Vector(firstRelease.map((r) => tagBytes(releases, r, t))) };
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
  let local: Int32Array | undefined;
  let used: number[] = [];
  const columns: Record<string, Vector> = {};
  TAG_NAMES.forEach((name, t) => {
    if (skip.has(name)) return;
    const dictionary = dictionaries[t];
    if (dictionary) {
      const indices = new Int32Array(rows);
      const index = dictionary.index;
      for (let i = 0; i < rows; i++) indices[i] = index[release[i]!]!;
      columns[name] = dictionaryColumn(indices, dictionary.values);
      return;
    }
    if (!local) [local, used] = localReleases(releases, release);
    columns[name] = dictionaryColumn(local.slice(), utf8Vector(used.map((r) => tagBytes(releases, r, t))));
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
