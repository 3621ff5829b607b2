/**
 * The root requests of one partition: who (persona, user), when (the persona's hourly curve within
 * the day), where (environment and target) and what (action by the persona's category weights).
 */
import { searchCdf, type Rng } from '../common/rng.js';
import { ACTIONS, type Action } from './actions.js';
import { pickTarget } from './incident-schedule.js';
import type { Persona } from './personas.js';
import type { Partition, SocialPlan } from './plan.js';

const HOUR_US = 3_600_000_000;

/** A partition's root requests in time order (ties in draw order), one entry per root in each array. */
export interface Roots {
  persona: Int32Array;
  startUs: Float64Array;
}

/** Cumulative probability of each action being a persona's next root request. */
export function actionCdf(persona: Persona): Float64Array {
  const categoryTotals = new Map<string, number>();
  for (const a of ACTIONS) if (a.weight > 0) categoryTotals.set(a.category, (categoryTotals.get(a.category) ?? 0) + a.weight);
  const weightOf = (a: Action): number => {
    const total = categoryTotals.get(a.category);
    const categoryWeight = a.category === 'internal' ? 0 : (persona.actionWeights[a.category] ?? 0);
    return total ? (categoryWeight * a.weight) / total : 0;
  };
  const cdf = new Float64Array(ACTIONS.length);
  let sum = 0;
  ACTIONS.forEach((a, i) => (cdf[i] = sum += weightOf(a)));
  return cdf.map((v) => v / sum);
}

/** The partition's roots, sorted by start time (ties by draw order). */
export function partitionRoots(plan: SocialPlan, partition: Partition, rng: Rng): Roots {
  const total = partition.to - partition.from;
  const personaOf = new Int32Array(total);
  const startOf = new Float64Array(total);
  let drawn = 0;
  const hourCdf = new Float64Array(24);
  let index = 0;
  for (let d = partition.firstDay; d < partition.endDay && index < partition.to; d++) {
    const day = plan.days[d]!;
    const dayStartUs = (day.fromMs - (day.fromMs % 86_400_000)) * 1000;
    plan.personas.forEach((persona, p) => {
      const count = plan.counts[p * plan.days.length + d]!;
      const from = Math.max(partition.from, index);
      const to = Math.min(partition.to, index + count);
      index += count;
      if (from >= to) return;
      let sum = 0;
      for (let h = 0; h < 24; h++) hourCdf[h] = sum += persona.hourlyWeights[h]! * day.hourCover[h]!;
      for (let h = 0; h < 24; h++) hourCdf[h]! /= sum;
      for (let k = from; k < to; k++) {
        const hour = searchCdf(hourCdf, rng());
        const hourStartUs = dayStartUs + hour * HOUR_US;
        const lo = Math.max(hourStartUs, day.fromMs * 1000);
        const hi = Math.min(hourStartUs + HOUR_US, day.toMs * 1000);
        personaOf[drawn] = p;
        startOf[drawn++] = Math.floor(lo + rng() * (hi - lo));
      }
    });
  }
  const order = Int32Array.from({ length: drawn }, (_, i) => i).sort((a, b) => startOf[a]! - startOf[b]! || a - b);
  return { persona: order.map((i) => personaOf[i]!), startUs: Float64Array.from(order, (i) => startOf[i]!) };
}

/** Environment and target of a root request. */
export function rootTarget(plan: SocialPlan, rng: Rng): number {
  return pickTarget(rng, plan.envWeights, plan.envTargets);
}

/** A user of the persona, uniformly. */
export function rootUser(plan: SocialPlan, persona: number, rng: Rng): number {
  const from = plan.userStart[persona]!;
  return from + Math.floor(rng() * (plan.userStart[persona + 1]! - from));
}

/** Another user of the platform (the target of a follow, message, like). */
export function otherUser(plan: SocialPlan, user: number, rng: Rng): number {
  const users = plan.userStart[plan.personas.length]!;
  const other = Math.floor(rng() * (users - 1));
  return other >= user ? other + 1 : other;
}
