/** Days of the timeline and how many root requests each persona makes on each day. */
import { DAY_MS, isoDate } from '../../util/duration.js';
import type { Persona } from './personas.js';

const HOUR_MS = 3_600_000;

export interface Day {
  date: string;
  fromMs: number;
  toMs: number;
  /** Covered fraction of each UTC hour of the day (1 inside the timeline, 0 outside). */
  hourCover: Float64Array;
  /** Monday = 0. */
  weekday: number;
}

export function timelineDays(startMs: number, endMs: number): Day[] {
  const days: Day[] = [];
  for (let day = Math.floor(startMs / DAY_MS) * DAY_MS; day < endMs; day += DAY_MS) {
    const fromMs = Math.max(day, startMs);
    const toMs = Math.min(day + DAY_MS, endMs);
    const hourCover = new Float64Array(24);
    for (let h = 0; h < 24; h++) {
      const a = Math.max(fromMs, day + h * HOUR_MS);
      const b = Math.min(toMs, day + (h + 1) * HOUR_MS);
      hourCover[h] = Math.max(0, b - a) / HOUR_MS;
    }
    days.push({ date: isoDate(day), fromMs, toMs, hourCover, weekday: (new Date(day).getUTCDay() + 6) % 7 });
  }
  return days;
}

/** Expected share of a persona's day that falls inside the timeline, weighted by its hours. */
function dayWeight(persona: Persona, day: Day): number {
  let covered = 0;
  for (let h = 0; h < 24; h++) covered += persona.hourlyWeights[h]! * day.hourCover[h]!;
  return persona.dailyWeights[day.weekday]! * covered;
}

/**
 * Root requests per (persona, day), `counts[p * days + d]`, summing exactly to `events`:
 * expected values are rounded along a running total, so no count drifts.
 */
export function rootCounts(personas: Persona[], days: Day[], events: number): Int32Array {
  const counts = new Int32Array(personas.length * days.length);
  let carried = 0;
  let assigned = 0;
  personas.forEach((persona, p) => {
    const weights = days.map((day) => dayWeight(persona, day));
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, d) => {
      carried += total > 0 ? (events * persona.activityShare * w) / total : 0;
      const target = Math.round(carried);
      counts[p * days.length + d] = target - assigned;
      assigned = target;
    });
  });
  return counts;
}
