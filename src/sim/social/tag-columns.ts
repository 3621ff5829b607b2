/**
 * The 20 release tag columns of a partition's tables. Most tags are a function of the release's
 * target (environment, region, target_id…) or of its service (stack, service_id…): those columns
 * share one index array, the row's target or service, over a small dictionary per tag built once
 * per plan (it may repeat a value: two targets in one region). The others (release, deployment_id,
 * release_id) index the releases the partition uses, in first-use order, so no batch carries every
 * release; their dictionaries are built once per partition and shared by its tables.
 */
import type { Vector } from 'apache-arrow';
import { utf8Vector } from '../common/arrow.js';
import { indexedDictionaryColumn, NO_NULLS } from '../common/columns.js';
import { TAG_KEYS, TAG_NAMES, tagText, type Releases } from './releases.js';

const cache = new WeakMap<Releases, Array<Vector | null>>();

/** Per target- or service-keyed tag: its values by target or service index (null for per-release tags). */
function planDictionaries(releases: Releases): Array<Vector | null> {
  let dictionaries = cache.get(releases);
  if (dictionaries) return dictionaries;
  const text = tagText(releases);
  dictionaries = TAG_NAMES.map((_, t) => {
    const key = TAG_KEYS[t]!;
    if (key === 'release') return null;
    const of = key === 'target' ? releases.target : releases.service;
    const first: number[] = [];
    // Every (service, target) has an initial release, so every index gets a value.
    for (let r = 0; r < releases.count; r++) first[of[r]!] ??= r;
    return utf8Vector(text.bytes, text.start, text.end, Int32Array.from(first, (r) => r * TAG_NAMES.length + t));
  });
  cache.set(releases, dictionaries);
  return dictionaries;
}

/**
 * Per release: its index among an instance's releases, valid where `stamp` holds that instance's
 * generation. Shared by all instances so that a partition does not allocate and fill an array as
 * long as the releases; an instance is used only until the next one is made (one partition).
 */
let localOf = new Int32Array(0);
let stamp = new Int32Array(0);
let generations = 0;

export class ReleaseTagColumns {
  /** The releases in use, in first-use order. */
  readonly used: number[] = [];
  private readonly generation = ++generations;
  private readonly releaseDictionaries = new Map<number, Vector>();

  /** `release`: the global release index of each row of the first table, which defines the order. */
  constructor(
    private readonly releases: Releases,
    release: Int32Array,
  ) {
    if (localOf.length < releases.count) {
      localOf = new Int32Array(releases.count);
      stamp = new Int32Array(releases.count);
    }
    for (let i = 0; i < release.length; i++) {
      const r = release[i]!;
      if (stamp[r] !== this.generation) {
        stamp[r] = this.generation;
        localOf[r] = this.used.push(r) - 1;
      }
    }
  }

  /** Each row's index in `used` (every row's release must be in use). */
  localIndex(release: Int32Array): Int32Array {
    const local = new Int32Array(release.length);
    for (let i = 0; i < release.length; i++) {
      const r = release[i]!;
      if (stamp[r] !== this.generation) throw new Error(`social: release ${r} is not among the partition's releases (or a later partition's tags were made)`);
      local[i] = localOf[r]!;
    }
    return local;
  }

  /** Tag columns of rows whose (global) release is `release[i]`; `skip` names columns the table already has. */
  columns(release: Int32Array, skip: ReadonlySet<string> = new Set()): Record<string, Vector> {
    const releases = this.releases;
    const dictionaries = planDictionaries(releases);
    const rows = release.length;
    const target = new Int32Array(rows);
    const service = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const r = release[i]!;
      target[i] = releases.target[r]!;
      service[i] = releases.service[r]!;
    }
    const local = this.localIndex(release);
    const columns: Record<string, Vector> = {};
    TAG_NAMES.forEach((name, t) => {
      if (skip.has(name)) return;
      const key = TAG_KEYS[t]!;
      const indices = key === 'target' ? target : key === 'service' ? service : local;
      columns[name] = indexedDictionaryColumn(indices, dictionaries[t] ?? this.releaseDictionary(t), NO_NULLS);
    });
    return columns;
  }

  private releaseDictionary(t: number): Vector {
    let values = this.releaseDictionaries.get(t);
    if (!values) {
      const text = tagText(this.releases);
      values = utf8Vector(text.bytes, text.start, text.end, Int32Array.from(this.used, (r) => r * TAG_NAMES.length + t));
      this.releaseDictionaries.set(t, values);
    }
    return values;
  }
}
