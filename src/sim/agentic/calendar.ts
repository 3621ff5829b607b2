/**
 * When sessions start: an hourly weight per region over the timeline — business hours on local
 * weekdays, a little off hours, less at weekends (fixed UTC offsets, no daylight saving) — times
 * the burst multiplier in burst windows. Starts are drawn from the cumulative weights.
 */
import { poissonTimes, searchCdf, uniform, type Rng } from '../common/rng.js';
import type { AgenticWorld } from './world-schema.js';

const HOUR = 3_600_000;

export interface Bursts {
  startMs: number[];
  endMs: number[];
}

export function drawBursts(world: AgenticWorld, rng: Rng, startMs: number, endMs: number): Bursts {
  const { per_week: perWeek, length } = world.bursts;
  const startsAt = poissonTimes(rng, perWeek / (7 * 24 * HOUR), startMs, endMs);
  const bursts: Bursts = { startMs: [], endMs: [] };
  for (const at of startsAt) {
    bursts.startMs.push(at);
    bursts.endMs.push(Math.min(endMs, Math.round(at + uniform(rng, length[0], length[1]))));
  }
  return bursts;
}

/** Whether local time `localMs` (UTC shifted by the offset) is in business hours of a weekday. */
export function isBusinessHour(world: AgenticWorld, localMs: number): boolean {
  const date = new Date(localMs);
  const day = date.getUTCDay();
  const hour = date.getUTCHours();
  return day !== 0 && day !== 6 && hour >= world.business_hours.start && hour < world.business_hours.end;
}

function hourWeight(world: AgenticWorld, localMs: number): number {
  const day = new Date(localMs).getUTCDay();
  if (day === 0 || day === 6) return world.business_hours.weekend_weight;
  return isBusinessHour(world, localMs) ? 1 : world.business_hours.off_hours_weight;
}

/** Cumulative start weights per hour of the timeline, one array per region. */
export function regionCdfs(world: AgenticWorld, bursts: Bursts, startMs: number, endMs: number): Float64Array[] {
  const hours = Math.ceil((endMs - startMs) / HOUR);
  const burstFactor = new Float64Array(hours).fill(1);
  for (let b = 0; b < bursts.startMs.length; b++) {
    for (let h = 0; h < hours; h++) {
      const from = startMs + h * HOUR;
      const overlap = Math.max(0, Math.min(from + HOUR, bursts.endMs[b]!) - Math.max(from, bursts.startMs[b]!));
      burstFactor[h]! += ((world.burst_multiplier - 1) * overlap) / HOUR;
    }
  }
  return world.regions.map((region) => {
    const cdf = new Float64Array(hours);
    let total = 0;
    for (let h = 0; h < hours; h++) {
      total += hourWeight(world, startMs + h * HOUR + region.utc_offset * HOUR) * burstFactor[h]!;
      cdf[h] = total;
    }
    return cdf;
  });
}

/** A start time (ms) drawn from a region's cumulative hourly weights. */
export function drawStart(cdf: Float64Array, rng: Rng, startMs: number, endMs: number): number {
  const hour = searchCdf(cdf, rng() * cdf[cdf.length - 1]!);
  return Math.min(endMs - 1, startMs + hour * HOUR + Math.floor(rng() * HOUR));
}
