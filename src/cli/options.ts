/**
 * Option values checked while the command line is parsed (yargs `coerce`): a bad value fails
 * before anything runs, with one line naming the option and what it accepts. Given twice, an
 * option's last value counts.
 */
import { badArgument } from '../errors.js';
import { parseShard, type Shard } from '../plan/shard.js';
import { parseDuration } from '../util/duration.js';

/** Worker processes or connections beyond this are a typo, not a plan (see README, "Limits"). */
export const MAX_WORKERS = 256;

/** The text of an option's value; given twice, the last one. */
export function lastText(value: unknown): string {
  const one = Array.isArray(value) ? value[value.length - 1] : value;
  return String(one).trim();
}

/** A whole number in [min, max]; `--seed abc` says what it wanted, not "NaN". */
export function wholeNumber(option: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: unknown) => number {
  return (value) => {
    const text = lastText(value);
    const n = /^[-+]?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const bounds = max !== Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : min === Number.MIN_SAFE_INTEGER ? '' : `≥ ${min}`;
      throw badArgument(`--${option}: expected a whole number${bounds && ` ${bounds}`}, got '${text}'`);
    }
    return n;
  };
}

/** A number ≥ `min`, fractions allowed. */
export function numberAtLeast(option: string, min: number): (value: unknown) => number {
  return (value) => {
    const text = lastText(value);
    const n = /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(n >= min)) throw badArgument(`--${option}: expected a number ≥ ${min}, got '${text}'`);
    return n;
  };
}

/** A duration with its unit; the text is kept (the scenario resolver reads it again). */
export function durationText(option: string): (value: unknown) => string {
  return (value) => {
    const text = lastText(value);
    parseDuration(text, `--${option}`);
    return text;
  };
}

/** A duration with its unit, in milliseconds. */
export function durationMs(option: string): (value: unknown) => number {
  return (value) => parseDuration(lastText(value), `--${option}`);
}

/** An ISO-8601 instant; the text is kept. */
export function instantText(option: string): (value: unknown) => string {
  return (value) => {
    const text = lastText(value);
    instantMs(option)(text);
    return text;
  };
}

/** An ISO-8601 instant, in milliseconds since the epoch. */
export function instantMs(option: string): (value: unknown) => number {
  return (value) => {
    const text = lastText(value);
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw badArgument(`--${option}: '${text}' is not an ISO-8601 time (e.g. 2026-03-02T06:00:00Z)`);
    return ms;
  };
}

export function shard(value: unknown): Shard {
  return parseShard(lastText(value));
}

/** One of `choices`, or a comma-separated list of them (deduplicated, sorted). */
export function oneOf<T extends string>(option: string, choices: readonly T[], noun = 'value'): (value: unknown) => T {
  return (value) => {
    const text = lastText(value);
    if (!(choices as readonly string[]).includes(text)) throw badArgument(`--${option}: unknown ${noun} '${text}' (${noun}s: ${choices.join(', ')})`);
    return text as T;
  };
}

export function listOf<T extends string>(option: string, choices: readonly T[], noun = 'value'): (value: unknown) => T[] {
  return (value) => {
    const text = lastText(value);
    const items = text.split(',').map((item) => item.trim()).filter(Boolean);
    const unknown = items.find((item) => !(choices as readonly string[]).includes(item));
    if (items.length === 0 || unknown !== undefined) throw badArgument(`--${option}: unknown ${noun} '${unknown ?? text}' (${noun}s: ${choices.join(', ')}, comma-separated)`);
    return [...new Set(items)].sort() as T[];
  };
}

/** `host:port` to listen on (an empty host listens on every interface). */
export function hostPort(option: string): (value: unknown) => string {
  return (value) => {
    const text = lastText(value);
    const port = Number(/:(\d+)$/.exec(text)?.[1] ?? Number.NaN);
    if (!(port >= 0 && port <= 65535)) throw badArgument(`--${option}: '${text}' is not host:port (e.g. 127.0.0.1:9465)`);
    return text;
  };
}

/** `name=value` (a request header). */
export function nameValue(option: string): (text: string) => string {
  return (text) => {
    if (text.indexOf('=') <= 0) throw badArgument(`--${option}: '${text.split('=')[0]}' is not of the form name=value`);
    return text;
  };
}

/** Checks the text with `parse` (which throws a one-line error) and keeps the text. */
export function checkedText(parse: (text: string) => unknown): (value: unknown) => string {
  return (value) => {
    const text = lastText(value);
    parse(text);
    return text;
  };
}

/** Checks each value of a repeatable option with `parse`. */
export function each<T>(parse: (text: string) => T): (value: unknown) => T[] {
  return (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((item) => parse(String(item)));
}
