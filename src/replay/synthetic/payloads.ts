/**
 * Synthetic payloads for `teleforge produce`: each producer renders its records from the template
 * with its own random stream, seeded by (--seed, producer index), so a producer's n-th payload is
 * the same bytes on every run. `{{fill}}` copies a slice of a seeded pool of base64 characters
 * (no per-byte work on the hot path). Each payload is followed by a newline: a batch is NDJSON
 * lines that the file and http targets send as they are. The pool and the batch share one buffer, so that copy is a
 * `copyWithin` (a native move: Buffer.copy and subarray + set make a view object per call, which
 * was a third of this path's CPU). Two such buffers take turns, so a batch stays valid while the
 * next one is rendered (its send may still be in flight, or retried). Given a stamp, the records
 * open with its annotation fields as they are rendered: the same bytes `renderJson` would make,
 * without copying every payload once more.
 */
import seedrandom from 'seedrandom';
import { stampFields, writeUint } from '../records/annotate.js';
import type { RecordBatch, Stamp } from '../records/batch.js';
import type { Rng, Template } from './template.js';

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const BASE64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

export class PayloadGenerator {
  private readonly rng: Rng;
  /** Bytes [0, pool) are the fill pool; the batch is written after them. */
  private readonly pool: number;
  private sequence = 0;
  /** Reused from batch to batch: a fresh megabyte per batch cost as much kernel time (page faults) as writing it. */
  private space: Buffer;
  /** The other buffer, holding the previous batch. */
  private previous: Buffer;

  constructor(private readonly template: Template, private readonly payloadSize: number, seed: number, producer: number) {
    this.rng = seedrandom.alea(`${seed}:produce:${producer}`);
    const poolRng = seedrandom.alea(`${seed}:produce-pool`);
    this.pool = Math.max(1 << 20, payloadSize * 2);
    this.space = Buffer.allocUnsafe(this.pool);
    // Five characters per draw (30 of its 32 random bits): a draw per byte was 10 ms of every run.
    for (let i = 0; i < this.pool; i += 5) {
      const bits = Math.floor(poolRng() * 2 ** 30);
      for (let k = 0; k < 5 && i + k < this.pool; k++) this.space[i + k] = BASE64[(bits >>> (6 * k)) & 63]!;
    }
    this.previous = Buffer.from(this.space);
  }

  private reserve(size: number, keep: number): void {
    if (this.space.length >= this.pool + size) return;
    const grown = Buffer.allocUnsafe(this.pool + Math.max(size, (this.space.length - this.pool) * 2));
    this.space.copy(grown, 0, 0, this.pool + keep);
    this.space = grown;
  }

  /**
   * The next `count` payloads of this producer, annotated with `stamp` when given; the batch's
   * bytes are valid until the call after next.
   */
  next(count: number, stamp?: Stamp): RecordBatch {
    [this.space, this.previous] = [this.previous, this.space];
    const fields = stamp ? stampFields(stamp) : undefined;
    // After a template's `{`, a comma follows the annotation unless the object is empty.
    const first = this.template.segments[0]!;
    const comma = first.kind === 'text' && first.bytes[1] !== CLOSE_BRACE;
    const afterBrace = first.kind === 'text' ? first.bytes.subarray(1) : undefined;
    const annotation = fields ? fields.head.length + fields.time.length + 17 : 0;
    this.reserve(count * (this.payloadSize + 64 + annotation), 0);
    const base = this.pool;
    const ends = new Uint32Array(count);
    let at = 0;
    let stampBytes = 0;
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      let fixed = 0;
      let rendered = 0;
      for (const segment of this.template.segments) {
        if (segment.kind === 'text') fixed += segment.bytes.length;
        else if (segment.kind === 'value') {
          const value = segment.render(this.rng, this.sequence);
          values[rendered++] = value;
          fixed += Buffer.byteLength(value);
        }
      }
      const fill = this.template.hasFill ? Math.max(0, this.payloadSize - fixed) : 0;
      this.reserve(at + fixed + fill + annotation + 1, at);
      const space = this.space;
      let value = 0;
      // The first text segment's `{` is written with the fields.
      let skipBrace = fields !== undefined;
      if (fields) {
        // The template's opening brace, then the fields, as renderJson writes them.
        const opened = at;
        space[base + at++] = OPEN_BRACE;
        space.set(fields.head, base + at);
        at = writeUint(space, base + at + fields.head.length, stamp!.firstSequence + i) - base;
        space.set(fields.time, base + at);
        at += fields.time.length;
        if (comma) space[base + at++] = COMMA;
        stampBytes += at - opened - 1;
      }
      for (const segment of this.template.segments) {
        if (segment.kind === 'text') {
          const bytes = skipBrace ? afterBrace! : segment.bytes;
          space.set(bytes, base + at);
          at += bytes.length;
          skipBrace = false;
        } else if (segment.kind === 'value') {
          at += space.write(values[value++]!, base + at);
        } else {
          const from = Math.floor(this.rng() * (this.pool - fill));
          space.copyWithin(base + at, from, from + fill);
          at += fill;
        }
      }
      ends[i] = at;
      space[base + at++] = NEWLINE;
      this.sequence++;
    }
    return { data: this.space.subarray(base, base + at), ends, count, newlines: true, ...(stamp ? { stamp, stampBytes } : {}) };
  }
}
