/**
 * Human rates: `50k/s`, `2M/s`, `20000` (items per second) and `10MB/s`, `7.5GB/s`, `64KiB/s`
 * (bytes), `125kb/s`, `1mbit`, `1Mbps` (bits, converted to bytes). `B` is a byte, `b`/`bit` a bit.
 */
import { badArgument } from '../../errors.js';

export interface Rate {
  unit: 'items' | 'bytes';
  perSecond: number;
}

const PREFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  m: 1e6,
  M: 1e6,
  g: 1e9,
  G: 1e9,
  t: 1e12,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

const RATE = /^(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|[kKmMgGtT])?\s*(B|bits?|b|bps|Bps)?\s*(?:\/\s*s(?:ec)?|ps)?$/;

export function tryParseRate(text: string): Rate | undefined {
  const match = RATE.exec(text.trim().replace(/\s*(items|records|rows|rec)(?=\/|$)/, ''));
  if (!match) return undefined;
  const value = Number(match[1]) * PREFIX[match[2] ?? '']!;
  const unit = match[3];
  if (!(value > 0) || !Number.isFinite(value)) return undefined;
  if (unit === undefined) return { unit: 'items', perSecond: value };
  const bits = unit === 'b' || unit === 'bit' || unit === 'bits' || unit === 'bps';
  return { unit: 'bytes', perSecond: bits ? value / 8 : value };
}

export function parseRate(text: string, what = '--rate'): Rate {
  const rate = tryParseRate(text);
  if (!rate) throw badArgument(`${what}: '${text}' is not a rate (e.g. 50k/s, 2M/s for items; 10MB/s, 125kb/s, 1mbit for bytes/bits)`);
  return rate;
}

export function formatRate(rate: Rate): string {
  return rate.unit === 'items' ? `${rate.perSecond} items/s` : `${rate.perSecond} bytes/s`;
}
