/**
 * Servers spread over zones and services placed on servers, each with its baselines drawn from
 * the world's ranges by its own random stream.
 */
import { createRng, uniform, uniformInt, type Rng } from '../common/rng.js';
import type { DatacenterWorld } from './world-schema.js';

export interface Server {
  index: number;
  name: string;
  zone: string;
  cpuIdle: number;
  cpuLoad: number;
  memory: number;
  diskRead: number;
  diskWrite: number;
  netRx: number;
  netTx: number;
  /** Whole watts, as a BMC reports them. */
  idlePower: number;
  maxPower: number;
  /** Services with an instance on this server. */
  services: number[];
}

export interface Endpoint {
  path: string;
  peakRps: number;
  p50: number;
  p95OverP50: number;
  p99OverP95: number;
  errorPercent: number;
}

export interface Service {
  index: number;
  name: string;
  /** Servers running an instance; each serves an equal share of the requests. */
  hosts: number[];
  endpoints: Endpoint[];
}

const range = (rng: Rng, [low, high]: readonly [number, number]) => uniform(rng, low, high);
const MB = 1e6;

export function buildServers(world: DatacenterWorld, seed: number, hash: string): Server[] {
  const s = world.server;
  const width = String(world.servers).length < 2 ? 2 : String(world.servers).length;
  return Array.from({ length: world.servers }, (_, index) => {
    const name = `server-${String(index + 1).padStart(width, '0')}`;
    const rng = createRng(seed, hash, 'server', name);
    return {
      index,
      name,
      zone: world.zones[index % world.zones.length]!,
      cpuIdle: range(rng, s.cpu_idle_percent),
      cpuLoad: range(rng, s.cpu_load_percent),
      memory: range(rng, s.memory_percent),
      diskRead: range(rng, s.disk_read_mb_per_second) * MB,
      diskWrite: range(rng, s.disk_write_mb_per_second) * MB,
      netRx: range(rng, s.network_rx_mb_per_second) * MB,
      netTx: range(rng, s.network_tx_mb_per_second) * MB,
      idlePower: Math.round(range(rng, s.idle_power_watts)),
      maxPower: Math.round(range(rng, s.max_power_watts)),
      services: [],
    };
  });
}

/** Services named from the catalog in order (cycled with a suffix), each on a few servers of different zones where it can. */
export function buildServices(world: DatacenterWorld, servers: Server[], seed: number, hash: string): Service[] {
  const v = world.service;
  let next = 0;
  return Array.from({ length: world.services }, (_, index) => {
    const entry = world.catalog[index % world.catalog.length]!;
    const round = Math.floor(index / world.catalog.length);
    const name = round === 0 ? entry.name : `${entry.name}-${round + 1}`;
    const rng = createRng(seed, hash, 'service', name);
    const count = Math.min(servers.length, uniformInt(rng, v.instances[0], v.instances[1]));
    // Servers taken in turn, skipping a zone the service already has while other zones remain.
    const hosts: number[] = [];
    const zones = new Set<string>();
    for (let k = 0; hosts.length < count; k++) {
      const server = servers[(next + k) % servers.length]!;
      if (hosts.includes(server.index) || (zones.has(server.zone) && zones.size < world.zones.length && k < servers.length)) continue;
      hosts.push(server.index);
      zones.add(server.zone);
    }
    next = (hosts[hosts.length - 1]! + 1) % servers.length;
    hosts.sort((a, b) => a - b);
    for (const host of hosts) servers[host]!.services.push(index);
    const endpoints = entry.paths.map((path) => ({
      path,
      peakRps: range(rng, v.peak_rps),
      p50: range(rng, v.p50_ms) / 1000,
      p95OverP50: range(rng, v.p95_over_p50),
      p99OverP95: range(rng, v.p99_over_p95),
      errorPercent: range(rng, v.error_percent),
    }));
    return { index, name, hosts, endpoints };
  });
}
