/**
 * One server, one day, tick by tick: CPU follows the daily load; temperature follows CPU (and
 * cooling) through a first-order lag; fans follow temperature; power follows CPU and fans and
 * never drops below idle; disk and network follow load up to the device's and link's limits.
 * Anomalies replace or add to these causes and the couplings carry their effects.
 */
import { clamp } from '../common/math.js';
import { createRng } from '../common/rng.js';
import type { DatacenterPlan } from './plan.js';
import { AnomalyCursor, type Anomaly } from './schedule.js';
import type { Server } from './topology.js';
import { S } from './metrics.js';
import { Noise, arCoefficients } from './noise.js';

/** Correlation times of the baseline noise: CPU and I/O wander over seconds, memory over minutes. */
const FAST_NOISE_MS = 20_000;
const MEMORY_NOISE_MS = 300_000;
/** Memory a busy server adds to its baseline at the daily peak (page cache, buffers). */
const MEMORY_PER_LOAD = 6;

/** Codes of the kinds a server kernel acts on (0: none). */
const KIND = { cpu_spike: 1, memory_leak: 2, temperature_high: 3, power_surge: 4, network_saturation: 5, disk_io_bottleneck: 6 } as const;

export interface ServerState {
  server: Server;
  noise: Noise;
  /** Its own anomalies. */
  anomalies: AnomalyCursor;
  cpu: number;
  memory: number;
  read: number;
  write: number;
  rx: number;
  tx: number;
  /** Temperature without sensor noise (°C). */
  temperature: number;
}

/** Rows of one unit's day: values[offsets[s] + i] is series s at the day's tick i. */
export interface UnitDay {
  firstTick: number;
  ticks: number;
  /** Relative load at each tick of the day (1 = daily peak). */
  load: Float64Array;
  values: Float64Array;
  offsets: Int32Array;
}

export function createServerState(plan: DatacenterPlan, server: Server, firstLoad: number): ServerState {
  const { seed } = plan.context.scenario;
  const s = plan.world.server;
  return {
    server,
    noise: new Noise(createRng(seed, plan.context.scenarioHash, 'server-noise', server.name)),
    anomalies: new AnomalyCursor(plan.anomalies.filter((a) => a.entityType === 'server' && a.entity === server.index), KIND),
    cpu: 0,
    memory: 0,
    read: 0,
    write: 0,
    rx: 0,
    tx: 0,
    temperature: s.ambient_celsius + s.celsius_per_cpu_percent * (server.cpuIdle + server.cpuLoad * firstLoad),
  };
}

export function runServerDay(plan: DatacenterPlan, state: ServerState, day: UnitDay): void {
  const s = plan.world.server;
  const { server, noise, anomalies: cursor } = state;
  const interval = plan.intervalMs;
  const fast = arCoefficients(interval, FAST_NOISE_MS, 1);
  const slow = arCoefficients(interval, MEMORY_NOISE_MS, s.memory_noise_percent);
  const alpha = 1 - Math.exp(-interval / s.thermal_lag);
  const diskLimit = s.disk_limit_mb_per_second * 1e6;
  const linkCapacity = s.network_capacity_mb_per_second * 1e6;
  const readShare = server.diskRead / (server.diskRead + server.diskWrite);
  const fanSpan = s.fan_full_celsius - s.fan_start_celsius;
  const dynamicPower = server.maxPower - server.idlePower;
  const { values, offsets, load } = day;
  const [oCpu, oMem, oRead, oWrite] = [offsets[S.Cpu]!, offsets[S.Memory]!, offsets[S.DiskRead]!, offsets[S.DiskWrite]!];
  const [oRx, oTx, oTemp, oPower] = [offsets[S.NetRx]!, offsets[S.NetTx]!, offsets[S.Temperature]!, offsets[S.Power]!];
  let { cpu: cpuN, memory: memN, read: readN, write: writeN, rx: rxN, tx: txN, temperature } = state;
  const t0 = plan.startMs + day.firstTick * interval;
  for (let i = 0; i < day.ticks; i++) {
    const t = t0 + i * interval;
    const cause = cursor.at(t);
    const anomaly = cursor.current;
    const l = load[i]!;
    cpuN = fast.phi * cpuN + fast.innovation * noise.normal();
    memN = slow.phi * memN + slow.innovation * noise.normal();
    readN = fast.phi * readN + fast.innovation * noise.normal();
    writeN = fast.phi * writeN + fast.innovation * noise.normal();
    rxN = fast.phi * rxN + fast.innovation * noise.normal();
    txN = fast.phi * txN + fast.innovation * noise.normal();

    let cpu = server.cpuIdle + server.cpuLoad * l + s.cpu_noise_percent * cpuN;
    if (cause === KIND.cpu_spike) cpu = anomaly!.params.cpu_percent! + 0.3 * s.cpu_noise_percent * cpuN;
    cpu = clamp(cpu, 0, 100);

    let memory = server.memory + MEMORY_PER_LOAD * l + memN;
    if (cause === KIND.memory_leak) memory = leakingMemory(anomaly!, server.memory, t, interval, noise.uniform());
    memory = clamp(memory, 0, 100);

    let read = server.diskRead * (0.4 + 0.6 * l) * Math.max(0, 1 + s.io_noise * readN);
    let write = server.diskWrite * (0.4 + 0.6 * l) * Math.max(0, 1 + s.io_noise * writeN);
    if (cause === KIND.disk_io_bottleneck) {
      // The device's whole bandwidth, shared between reads and writes.
      const share = clamp(readShare + 0.05 * readN, 0.05, 0.95);
      const total = diskLimit * (1 - 0.004 * noise.uniform());
      read = total * share;
      write = total - read;
    }
    let rx = server.netRx * (0.3 + 0.7 * l) * Math.max(0, 1 + s.io_noise * rxN);
    let tx = server.netTx * (0.3 + 0.7 * l) * Math.max(0, 1 + s.io_noise * txN);
    if (cause === KIND.network_saturation) {
      rx = linkCapacity * (1 - 0.004 * noise.uniform());
      tx = linkCapacity * (1 - 0.004 * noise.uniform());
    }

    const heat = cause === KIND.temperature_high ? anomaly!.params.extra_celsius! : 0;
    temperature += (s.ambient_celsius + s.celsius_per_cpu_percent * cpu + heat - temperature) * alpha;
    const fans = s.fan_max_watts * clamp((temperature - s.fan_start_celsius) / fanSpan, 0, 1);
    const surge = cause === KIND.power_surge ? anomaly!.params.extra_watts! : 0;
    const power = server.idlePower + Math.max(0, (dynamicPower * cpu) / 100 + fans + surge + s.power_noise_watts * noise.normal());

    values[oCpu + i] = cpu;
    values[oMem + i] = memory;
    values[oRead + i] = Math.min(read, diskLimit);
    values[oWrite + i] = Math.min(write, diskLimit);
    values[oRx + i] = Math.min(rx, linkCapacity);
    values[oTx + i] = Math.min(tx, linkCapacity);
    values[oTemp + i] = temperature + s.temperature_noise_celsius * noise.normal();
    values[oPower + i] = power;
  }
  Object.assign(state, { cpu: cpuN, memory: memN, read: readN, write: writeN, rx: rxN, tx: txN, temperature });
}

/**
 * A leak from the server's baseline to its peak, reached as the process restarts: each tick adds
 * between 0.5 and 1.5 of the mean step, so memory rises strictly until the restart.
 */
function leakingMemory(anomaly: Anomaly, base: number, t: number, interval: number, jitter: number): number {
  const steps = (anomaly.causeEndMs - anomaly.startMs) / interval;
  const step = (t - anomaly.startMs) / interval;
  return base + ((anomaly.params.peak_percent! - base) * (step + 0.5 * jitter)) / steps;
}

