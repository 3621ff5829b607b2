/**
 * The 100 user personas of the seed, in its 9 archetypes (count, share of users, share of activity).
 * Variants of an archetype shift their peak hours and activity a little, deterministically.
 */
export const CATEGORIES = [
  'content_creation', 'engagement', 'feed_consumption', 'messaging', 'live_streaming', 'creator_tools',
  'social_graph', 'discovery', 'onboarding', 'advertising', 'account',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Persona {
  name: string;
  archetype: string;
  /** Share of users (sums to 1 over personas). */
  userShare: number;
  /** Share of root requests (sums to 1 over personas). */
  activityShare: number;
  /** Requests per user relative to the average user. */
  activityMultiplier: number;
  actionWeights: Partial<Record<Category, number>>;
  /** Relative activity per UTC hour, normalised. */
  hourlyWeights: number[];
  /** Relative activity per weekday, Monday first, normalised. */
  dailyWeights: number[];
  successRate: number;
  latencyMultiplier: number;
}

const UNIFORM_WEEK = [1, 1, 1, 1, 1, 1, 1];
const WEEKDAY_HEAVY = [0.18, 0.18, 0.17, 0.16, 0.15, 0.08, 0.08];
const WEEKEND_HEAVY = [0.1, 0.1, 0.12, 0.13, 0.15, 0.2, 0.2];
const WEEKEND_ONLY = [0.02, 0.02, 0.02, 0.02, 0.02, 0.45, 0.45];

interface Family {
  archetype: string;
  name: string;
  count: number;
  peaks: number[];
  week: number[];
  weights: Partial<Record<Category, number>>;
  successRate: number;
  latency: number;
}

interface Archetype {
  name: string;
  userPercent: number;
  activityPercent: number;
  families: Family[];
}

function family(archetype: string, name: string, count: number, peaks: number[], week: number[], weights: Family['weights'], successRate: number, latency: number): Family {
  return { archetype, name, count, peaks, week, weights, successRate, latency };
}

const CREATOR = { content_creation: 0.3, creator_tools: 0.2, engagement: 0.15, feed_consumption: 0.15, messaging: 0.05, live_streaming: 0.05, discovery: 0.05, social_graph: 0.05 };
const REGULAR = { feed_consumption: 0.3, engagement: 0.2, messaging: 0.15, content_creation: 0.1, discovery: 0.1, social_graph: 0.1, account: 0.05 };
const CASUAL = { feed_consumption: 0.45, engagement: 0.18, messaging: 0.15, discovery: 0.12, social_graph: 0.05, account: 0.05 };
const ENGAGER = { engagement: 0.45, feed_consumption: 0.25, messaging: 0.1, discovery: 0.1, social_graph: 0.05, content_creation: 0.05 };

/** The seed's persona table: counts 5/10/15/25/20/15/5/3/2 = 100. */
const ARCHETYPES: Archetype[] = [
  { name: 'influencer', userPercent: 2, activityPercent: 15, families: [
    family('influencer', 'influencer', 5, [10, 14, 19, 21], UNIFORM_WEEK, { content_creation: 0.3, engagement: 0.2, feed_consumption: 0.15, messaging: 0.1, live_streaming: 0.1, creator_tools: 0.1, social_graph: 0.03, discovery: 0.02 }, 0.985, 0.8),
  ] },
  { name: 'content_creator', userPercent: 5, activityPercent: 12, families: [
    family('content_creator', 'creator_photo', 4, [9, 12, 18, 21], WEEKEND_HEAVY, CREATOR, 0.985, 0.9),
    family('content_creator', 'creator_video', 3, [11, 15, 20], UNIFORM_WEEK, { ...CREATOR, live_streaming: 0.15, content_creation: 0.25 }, 0.985, 0.9),
    family('content_creator', 'creator_writer', 3, [8, 13, 21], WEEKDAY_HEAVY, CREATOR, 0.985, 0.9),
  ] },
  { name: 'active_engager', userPercent: 10, activityPercent: 18, families: [
    family('active_engager', 'engager_commenter', 5, [12, 18, 21, 23], UNIFORM_WEEK, ENGAGER, 0.982, 1),
    family('active_engager', 'engager_reactor', 5, [12, 18, 21, 23], UNIFORM_WEEK, { ...ENGAGER, engagement: 0.55, feed_consumption: 0.2 }, 0.982, 1),
    family('active_engager', 'engager_messenger', 5, [9, 13, 20, 22], UNIFORM_WEEK, { ...ENGAGER, messaging: 0.45, engagement: 0.2 }, 0.982, 1),
  ] },
  { name: 'regular_user', userPercent: 25, activityPercent: 25, families: [
    family('regular_user', 'regular_teen', 5, [10, 15, 20, 23], WEEKEND_HEAVY, REGULAR, 0.98, 1),
    family('regular_user', 'regular_young_adult', 5, [10, 15, 20, 23], WEEKEND_HEAVY, REGULAR, 0.98, 1),
    family('regular_user', 'regular_adult', 5, [7, 12, 19, 22], WEEKDAY_HEAVY, REGULAR, 0.98, 1),
    family('regular_user', 'regular_middle_aged', 5, [7, 12, 19, 22], WEEKDAY_HEAVY, REGULAR, 0.98, 1),
    family('regular_user', 'regular_senior', 5, [7, 12, 19, 22], WEEKDAY_HEAVY, REGULAR, 0.98, 1.1),
  ] },
  { name: 'casual_browser', userPercent: 25, activityPercent: 15, families: [
    family('casual_browser', 'casual_morning', 5, [7, 8], WEEKDAY_HEAVY, CASUAL, 0.982, 1.2),
    family('casual_browser', 'casual_lunch', 5, [12, 13], WEEKDAY_HEAVY, CASUAL, 0.982, 1.2),
    family('casual_browser', 'casual_evening', 5, [20, 21, 22], WEEKDAY_HEAVY, CASUAL, 0.982, 1.2),
    family('casual_browser', 'casual_weekend', 5, [11, 15, 20], WEEKEND_ONLY, CASUAL, 0.982, 1.2),
  ] },
  { name: 'lurker', userPercent: 20, activityPercent: 8, families: [
    family('lurker', 'lurker', 15, [22, 23, 0, 1], UNIFORM_WEEK, { feed_consumption: 0.6, discovery: 0.25, engagement: 0.08, messaging: 0.05, account: 0.02 }, 0.98, 1.3),
  ] },
  { name: 'new_user', userPercent: 3, activityPercent: 3, families: [
    family('new_user', 'newuser', 5, [], UNIFORM_WEEK, { onboarding: 0.35, social_graph: 0.2, feed_consumption: 0.2, discovery: 0.15, engagement: 0.1 }, 0.975, 1.4),
  ] },
  { name: 'business', userPercent: 2, activityPercent: 3, families: [
    family('business', 'business', 3, [9, 10, 11, 14, 15], WEEKDAY_HEAVY, { content_creation: 0.25, advertising: 0.25, creator_tools: 0.15, engagement: 0.15, messaging: 0.1, feed_consumption: 0.1 }, 0.987, 0.85),
  ] },
  { name: 'advertiser', userPercent: 1, activityPercent: 1, families: [
    family('advertiser', 'advertiser', 2, [9, 10, 14, 15, 16], WEEKDAY_HEAVY, { advertising: 0.6, creator_tools: 0.1, feed_consumption: 0.1, messaging: 0.1, account: 0.1 }, 0.988, 0.8),
  ] },
];

/** Base 0.1 per hour plus a triangle of width 2 h around each peak (circular), normalised. */
export function peakHours(peaks: number[], shift: number): number[] {
  const weights = Array.from({ length: 24 }, (_, hour) => {
    let w = 0.1;
    for (const peak of peaks) {
      const d = Math.abs(hour - ((peak + shift + 24) % 24));
      w += Math.max(0, 1 - Math.min(d, 24 - d) / 2);
    }
    return w;
  });
  return normalise(weights);
}

function normalise(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / total);
}

/** The 100 personas, in table order. */
export function buildPersonas(): Persona[] {
  const personas: Persona[] = [];
  const userTotal = ARCHETYPES.reduce((sum, a) => sum + a.userPercent, 0);
  for (const archetype of ARCHETYPES) {
    const count = archetype.families.reduce((sum, f) => sum + f.count, 0);
    // Variant i is a little busier or quieter than the archetype's mean; the archetype keeps its share.
    const spread = Array.from({ length: count }, (_, i) => 1 + 0.15 * Math.sin(i * 2.399));
    const spreadTotal = spread.reduce((a, b) => a + b, 0);
    let i = 0;
    for (const fam of archetype.families) {
      for (let n = 1; n <= fam.count; n++, i++) {
        const userShare = archetype.userPercent / userTotal / count;
        const activityShare = ((archetype.activityPercent / 100) * spread[i]!) / spreadTotal;
        personas.push({
          name: `${fam.name}_${n}`,
          archetype: fam.archetype,
          userShare,
          activityShare,
          activityMultiplier: activityShare / userShare,
          actionWeights: fam.weights,
          hourlyWeights: fam.peaks.length === 0 ? normalise(new Array<number>(24).fill(1)) : peakHours(fam.peaks, ((n - 1) % 3) - 1),
          dailyWeights: normalise(fam.week),
          successRate: fam.successRate,
          latencyMultiplier: fam.latency,
        });
      }
    }
  }
  return personas;
}
