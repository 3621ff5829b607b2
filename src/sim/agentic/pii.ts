/**
 * Scrubbing of personal data: generated names and e-mail addresses become keyed hashes
 * (HMAC-SHA256 under the scenario's `privacy.hash_key`, first 16 hex digits) before any table is
 * built, so the same person has the same pseudonym in every table and partition, and nobody
 * without the key can test a guess.
 */
import { createHmac } from 'node:crypto';

export const SCRUB_METHOD = 'hmac-sha256';

export function keyedHash(key: string, value: string): string {
  return `pii_${createHmac('sha256', key).update(value).digest('hex').slice(0, 16)}`;
}

/** A stable 64-bit id as 16 hex digits from any text (ids derived from names must not reveal them). */
export function opaqueId(prefix: string, key: string, value: string): string {
  return `${prefix}${createHmac('sha256', `${key}:id`).update(value).digest('hex').slice(0, 12)}`;
}
