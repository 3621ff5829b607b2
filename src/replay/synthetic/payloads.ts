/**
 * Synthetic payloads for `teleforge produce`: each producer renders its records from the template
 * with its own random stream, seeded by (--seed, producer index), so a producer's n-th payload is
 * the same bytes on every run. `{{fill}}` copies a slice of a seeded pool of base64 characters
 * (no per-byte work on the hot path).
 */
import seedrandom from 'seedrandom';
import type { RecordBatch } from '../records/batch.js';
import type { Rng, Template } from './template.js';

const BASE64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

export class PayloadGenerator {
  private readonly rng: Rng;
  private readonly pool: Buffer;
  private sequence = 0;
  /** Reused from batch to batch: a fresh megabyte per batch cost as much kernel time (page faults) as writing it. */
  private buffer = Buffer.alloc(0);

  constructor(private readonly template: Template, private readonly payloadSize: number, seed: number, producer: number) {
    this.rng = seedrandom.alea(`${seed}:produce:${producer}`);
    const poolRng = seedrandom.alea(`${seed}:produce-pool`);
    this.pool = Buffer.allocUnsafe(Math.max(1 << 20, payloadSize * 2));
    for (let i = 0; i < this.pool.length; i++) this.pool[i] = BASE64[Math.floor(poolRng() * 64)]!;
  }

  /** The next `count` payloads of this producer; the batch's bytes are valid until the next call. */
  next(count: number): RecordBatch {
    // Buffer.copy moves bytes without a view object per record (subarray + set made most of the garbage).
    if (this.buffer.length < count * (this.payloadSize + 64)) this.buffer = Buffer.allocUnsafe(count * (this.payloadSize + 64));
    let data = this.buffer;
    const ends = new Uint32Array(count);
    let at = 0;
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      let fixed = 0;
      values.length = 0;
      for (const segment of this.template.segments) {
        if (segment.kind === 'text') fixed += segment.bytes.length;
        else if (segment.kind === 'value') {
          const value = segment.render(this.rng, this.sequence);
          values.push(value);
          fixed += Buffer.byteLength(value);
        }
      }
      const fill = this.template.hasFill ? Math.max(0, this.payloadSize - fixed) : 0;
      if (at + fixed + fill > data.length) {
        const grown = Buffer.allocUnsafe(Math.max(data.length * 2, at + fixed + fill));
        data.copy(grown, 0, 0, at);
        data = this.buffer = grown;
      }
      let value = 0;
      for (const segment of this.template.segments) {
        if (segment.kind === 'text') {
          data.set(segment.bytes, at);
          at += segment.bytes.length;
        } else if (segment.kind === 'value') {
          at += data.write(values[value++]!, at);
        } else {
          const from = Math.floor(this.rng() * (this.pool.length - fill));
          at += this.pool.copy(data, at, from, from + fill);
        }
      }
      ends[i] = at;
      this.sequence++;
    }
    return { data: data.subarray(0, at), ends, count };
  }
}
