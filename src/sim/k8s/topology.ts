/** Nodes and deployments of the simulated cluster. */
import { createRng, pick, uniform } from '../common/rng.js';
import type { K8sWorld } from './world-schema.js';

export interface ClusterNode {
  index: number;
  name: string;
  zone: string;
  cores: number;
  memoryBytes: number;
  diskBytes: number;
  /** Relative share of the cluster's load this node carries. */
  loadWeight: number;
  /** Node uptime at the start of the timeline: counters start from it. */
  uptimeMs: number;
  diskUsedAtStart: number;
  diskGrowthPerMs: number;
}

export interface Deployment {
  index: number;
  /** `payment`, or a system workload such as `coredns`. */
  service: string;
  namespace: string;
  /** Empty for system workloads, which run outside the environments. */
  env: string;
  /** Serves HTTP traffic (and has application metrics). */
  app: boolean;
  jvm: boolean;
  peakRps: number;
  fixedReplicas: number;
  cpuBaseCores: number;
  cpuCoresPerRps: number;
  memoryBytes: number;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export function buildNodes(world: K8sWorld, seed: number, hash: string): ClusterNode[] {
  const { cluster, filesystem } = world;
  return Array.from({ length: cluster.nodes }, (_, index) => {
    const rng = createRng(seed, hash, 'node', index);
    const diskBytes = cluster.node_disk_gib * GIB;
    return {
      index,
      name: `node-${index}`,
      zone: cluster.zones[index % cluster.zones.length]!,
      cores: pick(rng, cluster.node_cpu_cores),
      memoryBytes: pick(rng, cluster.node_memory_gib) * GIB,
      diskBytes,
      loadWeight: uniform(rng, 0.7, 1.2),
      uptimeMs: Math.floor(uniform(rng, 1, 60) * 86_400_000),
      diskUsedAtStart: diskBytes * uniform(rng, filesystem.used_fraction_at_start[0], filesystem.used_fraction_at_start[1]),
      diskGrowthPerMs: (uniform(rng, filesystem.growth_gib_per_day[0], filesystem.growth_gib_per_day[1]) * GIB) / 86_400_000,
    };
  });
}

/** Application deployments (service × environment, sorted by name) then system workloads. */
export function buildDeployments(world: K8sWorld): Deployment[] {
  const deployments: Deployment[] = [];
  for (const service of Object.keys(world.services).sort()) {
    const spec = world.services[service]!;
    for (const env of Object.keys(world.environments).sort()) {
      deployments.push({
        index: deployments.length,
        service,
        namespace: spec.namespace,
        env,
        app: true,
        jvm: spec.jvm,
        peakRps: spec.peak_rps * world.environments[env]!.traffic,
        fixedReplicas: 0,
        cpuBaseCores: 0.05,
        cpuCoresPerRps: spec.cpu_cores_per_100_rps / 100,
        memoryBytes: spec.memory_mib * MIB,
      });
    }
  }
  for (const name of Object.keys(world.system_workloads).sort()) {
    const spec = world.system_workloads[name]!;
    deployments.push({
      index: deployments.length,
      service: name,
      namespace: spec.namespace,
      env: '',
      app: false,
      jvm: false,
      peakRps: 0,
      fixedReplicas: spec.replicas,
      cpuBaseCores: spec.cpu_cores,
      cpuCoresPerRps: 0,
      memoryBytes: spec.memory_mib * MIB,
    });
  }
  return deployments;
}

export function deploymentLabel(deployment: Deployment): string {
  return deployment.env ? `${deployment.service}/${deployment.env}` : deployment.service;
}
