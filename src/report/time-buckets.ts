/** Time buckets for downsampling in SQL: a round width that gives at most a given number of points. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const STEPS_MS = [
  SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 7 * 24 * HOUR,
];

/** The smallest round width that cuts [start, end) into at most `maxPoints` buckets. */
export function bucketWidthMs(startMs: number, endMs: number, maxPoints: number): number {
  const span = Math.max(endMs - startMs, 1);
  return STEPS_MS.find((step) => span / step <= maxPoints) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

/** SQL: the start of the bucket holding a TIMESTAMP, in epoch milliseconds (BIGINT). */
export function bucketSql(timestamp: string, widthMs: number): string {
  return `(epoch_ms(${timestamp}) // ${widthMs}) * ${widthMs}`;
}

/** A width in words: `15 min`, `1 h`. */
export function widthLabel(widthMs: number): string {
  if (widthMs >= 24 * HOUR) return `${widthMs / (24 * HOUR)} d`;
  if (widthMs >= HOUR) return `${widthMs / HOUR} h`;
  if (widthMs >= MINUTE) return `${widthMs / MINUTE} min`;
  return `${widthMs / SECOND} s`;
}
