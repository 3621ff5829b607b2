/**
 * Releases over the timeline: every service's builds are promoted through the environments and
 * rolled to each target of the environment in deploy windows. Every (service, target) also gets
 * an initial release deployed before the timeline, so every span's release_id is in `releases`.
 */
import { DAY_MS } from '../../util/duration.js';
import { createRng, uniform, uniformInt } from '../common/rng.js';
import { APPLICATION, SERVICES } from './actions.js';
import type { DeployTarget, SocialWorld } from './world-schema.js';

const MINUTE_MS = 60_000;
const HIGH_FREQUENCY = new Set(['user:identity', 'content:posts', 'feed:timeline', 'messaging:dm', 'content:media']);
/** Days after the build a promotion reaches each environment; others take 1–3 days. */
const PROMOTION_DELAY_DAYS: Record<string, [number, number]> = { dev: [0, 1], stg: [3, 7], prod: [7, 14] };

/** The 12 single-word tags and 8 composite ids of a release_id, in this order. */
export const TAG_NAMES = [
  'environment', 'provider', 'account', 'region', 'partition', 'target_type', 'target', 'application', 'stack', 'service', 'tag', 'release',
  'provider_id', 'region_id', 'partition_id', 'target_id', 'stack_id', 'service_id', 'deployment_id', 'release_id',
] as const;
export const RELEASE_ID_TAG = TAG_NAMES.indexOf('release_id');
/**
 * What each tag is a function of (see `releaseTags`): the release's target, its service (the
 * constants application and tag count as such), or the release itself.
 */
export const TAG_KEYS: ReadonlyArray<'target' | 'service' | 'release'> = TAG_NAMES.map((name) => {
  if (['stack', 'service', 'stack_id', 'service_id', 'application', 'tag'].includes(name)) return 'service';
  return ['release', 'deployment_id', 'release_id'].includes(name) ? 'release' : 'target';
});

export interface Releases {
  count: number;
  service: Int32Array;
  target: Int32Array;
  build: Int32Array;
  builtMs: Float64Array;
  /** Deploy window of the release: it serves requests from windowStart on. */
  windowStart: Float64Array;
  windowEnd: Float64Array;
  bad: Uint8Array;
  errorBoost: Float64Array;
  latencyBoost: Float64Array;
  /** TAG_NAMES values per release. */
  tags: string[][];
  /** Per (service × targets + target): release indexes sorted by window start. */
  timeline: Int32Array[];
}

interface Draft {
  service: number;
  target: number;
  build: number;
  builtMs: number;
  start: number;
  end: number;
  bad: boolean;
  errorBoost: number;
  latencyBoost: number;
}

export function buildReleases(world: SocialWorld, targets: DeployTarget[], scope: { seed: number; hash: string; startMs: number; endMs: number }): Releases {
  const { startMs, endMs } = scope;
  const years = (endMs - startMs) / (365 * DAY_MS);
  const cfg = world.releases;
  const drafts: Draft[] = [];
  const envTargets = new Map<string, number[]>();
  targets.forEach((t, i) => envTargets.set(t.environment, [...(envTargets.get(t.environment) ?? []), i]));
  const envs = [...envTargets.keys()].sort();
  for (const service of SERVICES) {
    const rng = createRng(scope.seed, scope.hash, 'releases', service.key);
    const base = uniformInt(rng, 50, 200);
    targets.forEach((_, target) =>
      drafts.push({ service: service.index, target, build: base, builtMs: startMs - 40 * DAY_MS, start: startMs - 30 * DAY_MS, end: startMs - 30 * DAY_MS + 10 * MINUTE_MS, bad: false, errorBoost: 0, latencyBoost: 1 }),
    );
    const perYear = HIGH_FREQUENCY.has(service.key) ? cfg.high_frequency_builds : uniformInt(rng, cfg.builds[0], cfg.builds[1]);
    const builds = Math.max(1, Math.round(perYear * years));
    for (let i = 0; i < builds; i++) {
      const builtMs = Math.floor(startMs + ((i + uniform(rng, 0.2, 0.8)) * (endMs - startMs)) / builds);
      for (const env of envs) {
        if (rng() >= cfg.promote_share) continue;
        const [lo, hi] = PROMOTION_DELAY_DAYS[env] ?? [1, 3];
        const bad = rng() < cfg.bad_share;
        let at = builtMs + uniform(rng, lo, hi) * DAY_MS + uniform(rng, 3, 10) * MINUTE_MS;
        for (const target of envTargets.get(env)!) {
          const [wLo, wHi] = bad ? cfg.bad_window : cfg.window;
          const length = uniform(rng, wLo, wHi);
          const errorBoost = uniform(rng, ...(bad ? cfg.bad_error_boost : cfg.error_boost));
          const latencyBoost = uniform(rng, ...(bad ? cfg.bad_latency_boost : cfg.latency_boost));
          if (at < endMs) drafts.push({ service: service.index, target, build: base + i + 1, builtMs, start: Math.floor(at), end: Math.floor(at + length), bad, errorBoost, latencyBoost });
          at += uniform(rng, 30, 60) * MINUTE_MS;
        }
      }
    }
  }
  return assemble(drafts, targets);
}

/** Keeps, per (service, target), the releases in window order whose build only grows. */
function assemble(drafts: Draft[], targets: DeployTarget[]): Releases {
  const groups = new Map<number, Draft[]>();
  for (const d of drafts) {
    const key = d.service * targets.length + d.target;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const kept: Draft[] = [];
  const timeline: Int32Array[] = [];
  for (let key = 0; key < SERVICES.length * targets.length; key++) {
    const list = (groups.get(key) ?? []).sort((a, b) => a.start - b.start || a.build - b.build);
    const ids: number[] = [];
    let lastBuild = -1;
    let lastEnd = -Infinity;
    for (const d of list) {
      // A later window of an older build, or one overlapping the previous window, never ships.
      if (d.build <= lastBuild || d.start < lastEnd) continue;
      lastBuild = d.build;
      lastEnd = d.end;
      ids.push(kept.length);
      kept.push(d);
    }
    timeline.push(Int32Array.from(ids));
  }
  const releases: Releases = {
    count: kept.length,
    service: Int32Array.from(kept, (d) => d.service),
    target: Int32Array.from(kept, (d) => d.target),
    build: Int32Array.from(kept, (d) => d.build),
    builtMs: Float64Array.from(kept, (d) => d.builtMs),
    windowStart: Float64Array.from(kept, (d) => d.start),
    windowEnd: Float64Array.from(kept, (d) => d.end),
    bad: Uint8Array.from(kept, (d) => (d.bad ? 1 : 0)),
    errorBoost: Float64Array.from(kept, (d) => d.errorBoost),
    latencyBoost: Float64Array.from(kept, (d) => d.latencyBoost),
    tags: kept.map((d) => releaseTags(targets[d.target]!, d.service, d.build)),
    timeline,
  };
  return releases;
}

/** Every tag of every release, UTF-8 encoded: tag t of release r is bytes[start[k]…end[k]) with k = r × 20 + t. */
export interface TagText {
  bytes: Uint8Array;
  start: Int32Array;
  end: Int32Array;
}

const tagTexts = new WeakMap<Releases, TagText>();

/**
 * The releases' tags as bytes, encoded once per process: one encode of all tags joined by NUL
 * (which no tag contains), no view object per value. ASCII text (the usual case) has its value
 * boundaries from the string lengths; other text is scanned for the separators.
 */
export function tagText(releases: Releases): TagText {
  let text = tagTexts.get(releases);
  if (text) return text;
  const joined = releases.tags.map((tags) => tags.join('\0')).join('\0');
  const bytes = new TextEncoder().encode(joined);
  const values = releases.count * TAG_NAMES.length;
  const start = new Int32Array(values);
  const end = new Int32Array(values);
  if (bytes.length === joined.length) {
    let at = 0;
    for (let k = 0; k < values; k++) {
      start[k] = at;
      end[k] = at += releases.tags[Math.floor(k / TAG_NAMES.length)]![k % TAG_NAMES.length]!.length;
      at++;
    }
  } else {
    let k = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0) continue;
      end[k] = i;
      if (++k < values) start[k] = i + 1;
    }
  }
  text = { bytes, start, end };
  tagTexts.set(releases, text);
  return text;
}

const deploymentTagCache = new WeakMap<DeployTarget, Array<string[] | undefined>>();

/**
 * The tags of a (target, service) deployment, release and release_id left empty: built once, so
 * that its releases share the strings (and text made of them is flattened once, not per release).
 */
function deploymentTags(t: DeployTarget, serviceIndex: number): string[] {
  let byService = deploymentTagCache.get(t);
  if (!byService) deploymentTagCache.set(t, (byService = []));
  let tags = byService[serviceIndex];
  if (!tags) {
    const s = SERVICES[serviceIndex]!;
    const providerId = `${t.environment}:${t.provider}:${t.account}`;
    const regionId = `${providerId}:${t.region}`;
    const partitionId = `${regionId}:${t.partition}`;
    const targetId = `${partitionId}:${t.target_type}:${t.target}`;
    const stackId = `${APPLICATION}:${s.stack}`;
    const serviceId = `${stackId}:${s.name}`;
    const deploymentId = `${targetId}:${serviceId}:default`;
    byService[serviceIndex] = tags = [
      t.environment, t.provider, t.account, t.region, t.partition, t.target_type, t.target, APPLICATION, s.stack, s.name, 'default', '',
      providerId, regionId, partitionId, targetId, stackId, serviceId, deploymentId, '',
    ];
  }
  return tags;
}

export function releaseTags(t: DeployTarget, serviceIndex: number, build: number): string[] {
  const tags = deploymentTags(t, serviceIndex).slice();
  tags[TAG_NAMES.indexOf('release')] = String(build);
  tags[RELEASE_ID_TAG] = `${tags[TAG_NAMES.indexOf('deployment_id')]}:${build}`;
  return tags;
}

/** The release serving (service, target) at time t (ms): the latest window started at or before t. */
export function activeRelease(releases: Releases, targetCount: number, service: number, target: number, t: number): number {
  const ids = releases.timeline[service * targetCount + target]!;
  const starts = releases.windowStart;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[ids[mid]!]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return ids[lo]!;
}
