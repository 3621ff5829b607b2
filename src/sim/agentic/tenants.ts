/**
 * Tenants and what belongs to each: users (with their region and time zone), repositories (with a
 * dependency chain), the model they call and when they switch to the new GenAI conventions.
 * Nothing is shared between tenants: every id is derived from the tenant's own.
 */
import { createRng, pick, pickWeighted, shuffle, uniformInt, type Rng } from '../common/rng.js';
import { FIRST_NAMES, LAST_NAMES, ORGANISATIONS, REPOSITORY_WORDS } from './catalog.js';
import { keyedHash, opaqueId } from './pii.js';
import type { AgenticWorld } from './world-schema.js';

export interface Tenants {
  count: number;
  id: string[];
  name: string[];
  size: string[];
  /** Regions (indices into world.regions) of each tenant. */
  regions: number[][];
  /** Model (index into world.models) each tenant calls. */
  model: Int32Array;
  /** When the tenant switches to the new conventions (ms), or Infinity. */
  switchMs: Float64Array;
  /** Users [userStart[t], userStart[t + 1]) belong to tenant t; repositories likewise. */
  userStart: Int32Array;
  repoStart: Int32Array;
  users: Users;
  repos: { name: string[]; dependsOn: Int32Array };
}

export interface Users {
  tenant: Int32Array;
  region: Int32Array;
  id: string[];
  /** As written: raw, or keyed hashes when pii_scrubbing is on. */
  name: string[];
  email: string[];
  /** The generated values, kept for the ground truth of what was scrubbed (never written when scrubbing). */
  rawName: string[];
  rawEmail: string[];
}

/** Sizes by largest remainder (10 tenants at 0.4/0.3/0.2/0.1 are exactly 4/3/2/1), in a seeded order. */
function tenantSizes(world: AgenticWorld, rng: Rng): string[] {
  const dist = Object.entries(world.tenants.size_distribution).sort(([a], [b]) => (a < b ? -1 : 1));
  const total = dist.reduce((sum, [, w]) => sum + w, 0);
  const n = world.tenants.count;
  const exact = dist.map(([size, w]) => ({ size, count: Math.floor((w / total) * n), rest: ((w / total) * n) % 1 }));
  let missing = n - exact.reduce((sum, e) => sum + e.count, 0);
  for (const e of [...exact].sort((a, b) => b.rest - a.rest)) if (missing-- > 0) e.count++;
  return shuffle(rng, exact.flatMap((e) => Array.from({ length: e.count }, () => e.size)));
}

export function buildTenants(world: AgenticWorld, seed: number, hash: string, startMs: number, endMs: number): Tenants {
  const rng = createRng(seed, hash, 'tenants');
  const sizes = tenantSizes(world, rng);
  const key = world.privacy.hash_key;
  const scrub = world.privacy.pii_scrubbing;
  const n = sizes.length;
  const userStart = new Int32Array(n + 1);
  const repoStart = new Int32Array(n + 1);
  const users: Users = { tenant: new Int32Array(0), region: new Int32Array(0), id: [], name: [], email: [], rawName: [], rawEmail: [] };
  const tenantOf: number[] = [];
  const regionOf: number[] = [];
  const repos = { name: [] as string[], dependsOn: [] as number[] };
  const tenants = { id: [] as string[], name: [] as string[], regions: [] as number[][] };
  const model = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const size = world.tenants.sizes[sizes[t]!]!;
    const org = `${ORGANISATIONS[t % ORGANISATIONS.length]}${t >= ORGANISATIONS.length ? `-${Math.floor(t / ORGANISATIONS.length)}` : ''}`;
    tenants.name.push(org);
    tenants.id.push(opaqueId('tnt_', key, `${seed}:${org}`));
    const order = shuffle(rng, world.regions.map((_, r) => r));
    const regions = order.slice(0, Math.min(size.regions, order.length));
    tenants.regions.push(regions);
    model[t] = pickWeighted(rng, world.models.map((m) => m.weight));
    userStart[t] = tenantOf.length;
    const userCount = uniformInt(rng, size.users[0], size.users[1]);
    for (let u = 0; u < userCount; u++) {
      const first = pick(rng, FIRST_NAMES);
      const last = pick(rng, LAST_NAMES);
      const rawName = `${first} ${last}`;
      const rawEmail = `${first.toLowerCase()}.${last.toLowerCase()}${u}@${org}.example.com`;
      tenantOf.push(t);
      regionOf.push(regions[u % regions.length]!);
      users.id.push(opaqueId('usr_', key, `${tenants.id[t]}:${u}`));
      users.rawName.push(rawName);
      users.rawEmail.push(rawEmail);
      users.name.push(scrub ? keyedHash(key, rawName) : rawName);
      users.email.push(scrub ? keyedHash(key, rawEmail) : rawEmail);
    }
    repoStart[t] = repos.name.length;
    const repoCount = uniformInt(rng, size.repositories[0], size.repositories[1]);
    for (let r = 0; r < repoCount; r++) {
      const word = REPOSITORY_WORDS[r % REPOSITORY_WORDS.length]!;
      repos.name.push(`${org}/${word}${r >= REPOSITORY_WORDS.length ? `-${Math.floor(r / REPOSITORY_WORDS.length)}` : ''}`);
      // Each repository depends on an earlier one of its tenant: chains of dependencies, no cycles.
      repos.dependsOn.push(r === 0 ? -1 : repoStart[t]! + Math.floor(rng() * r));
    }
  }
  userStart[n] = tenantOf.length;
  repoStart[n] = repos.name.length;
  users.tenant = Int32Array.from(tenantOf);
  users.region = Int32Array.from(regionOf);
  return {
    count: n,
    ...tenants,
    size: sizes,
    model,
    switchMs: switchTimes(world, rng, n, startMs, endMs),
    userStart,
    repoStart,
    users,
    repos: { name: repos.name, dependsOn: Int32Array.from(repos.dependsOn) },
  };
}

/** Switch times spread evenly over the rollout window in a seeded tenant order, on metric-bucket boundaries. */
function switchTimes(world: AgenticWorld, rng: Rng, n: number, startMs: number, endMs: number): Float64Array {
  const { rollout, tenants_staying: staying } = world.schema_evolution;
  const order = shuffle(rng, Array.from({ length: n }, (_, t) => t));
  const out = new Float64Array(n).fill(Infinity);
  const switching = order.filter((t) => t >= staying);
  const span = endMs - startMs;
  const iv = world.metrics_interval;
  switching.forEach((t, k) => {
    const at = startMs + span * (rollout[0] + ((rollout[1] - rollout[0]) * (k + 0.5)) / switching.length);
    out[t] = Math.min(endMs - iv, Math.max(startMs, Math.floor(at / iv) * iv));
  });
  return out;
}
