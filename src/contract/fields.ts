/** Schema building blocks shared by the scenario loader and every kind's world schema (zod). */
import { z } from 'zod';
import { durationProblem, tryParseDuration } from '../util/duration.js';

/**
 * A positive duration with its unit: `15s`, `6h`, `30d`. Resolves to milliseconds. A bare number is
 * refused, not read as milliseconds (defaults, already in milliseconds, bypass this).
 */
export const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const problem = durationProblem(value);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return tryParseDuration(value as string)!;
});

/** An ISO-8601 instant (`2026-01-01T00:00:00Z`); resolves to its canonical ISO string. */
export const instant = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO-8601 time like 2026-01-01T00:00:00Z, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

export const positiveInt = z.number().int().positive();
export const fraction = z.number().min(0).max(1);
export const nonNegative = z.number().min(0);

/** `[low, high]` with low ≤ high. */
export function range(item: z.ZodNumber) {
  return z.tuple([item, item]).refine(([low, high]) => low <= high, { message: 'expected [low, high] with low ≤ high' });
}

export const durationRange = z
  .tuple([duration, duration])
  .refine(([low, high]) => low <= high, { message: 'expected [shortest, longest] with shortest ≤ longest' });
