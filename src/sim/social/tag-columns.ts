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

/**
 * Tag columns for rows whose release is `release(i)`; `skip` names columns the table already has.
 * `rows` rows; `release` gives the global release index of a row.
 */
export function tagColumns(releases: Releases, rows: number, release: (row: number) => number, skip: ReadonlySet<string> = new Set()): Record<string, Vector> {
  const dictionaries = planDictionaries(releases);
  const global = new Int32Array(rows);
  for (let i = 0; i < rows; i++) global[i] = release(i);
  let local: Int32Array | undefined;
  let used: number[] = [];
  const columns: Record<string, Vector> = {};
  TAG_NAMES.forEach((name, t) => {
    if (skip.has(name)) return;
    const dictionary = dictionaries[t];
    if (dictionary) {
      const indices = new Int32Array(rows);
      for (let i = 0; i < rows; i++) indices[i] = dictionary.index[global[i]!]!;
      columns[name] = dictionaryColumn(indices, dictionary.values);
      return;
    }
    if (!local) {
      const seen = new Map<number, number>();
      local = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        const r = global[i]!;
        let k = seen.get(r);
        if (k === undefined) seen.set(r, (k = seen.size));
        local[i] = k;
      }
      used = [...seen.keys()];
    }
    columns[name] = dictionaryColumn(local.slice(), utf8Vector(used.map((r) => tagBytes(releases, r, t))));
  });
  return columns;
}
