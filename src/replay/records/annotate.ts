/**
 * Annotations (`--annotate`): every record can carry `producer_id`, `sequence` (gap-free per
 * producer) and `timestamp` (epoch ms when the batch was handed to the target), plus `weight`
 * when sampled — as JSON fields first in the object, or as Kafka headers — so a consumer can
 * detect loss, duplicates and reordering. Bytes are written directly: no object per record.
 */
import { recordStart, type RecordBatch, type Stamp } from './batch.js';

export type { Stamp } from './batch.js';


export type Framing = 'ndjson' | 'json-array';

const encoder = new TextEncoder();
const OPEN_BRACE = 0x7b;

/** A stamp's JSON fields: `head` goes before each record's sequence, `time` after it. */
export function stampFields(stamp: Stamp): { head: Uint8Array; time: Uint8Array } {
  return { head: encoder.encode(`"producer_id":${JSON.stringify(stamp.producerId)},"sequence":`), time: encoder.encode(`,"timestamp":${stamp.timestampMs}`) };
}

/** Writes the decimal digits of a non-negative integer below 2^53 at `at`; returns the new end. */
export function writeUint(out: Uint8Array, at: number, value: number): number {
  if (value < 10) {
    out[at] = 48 + value;
    return at + 1;
  }
  const digits = Math.floor(Math.log10(value)) + 1;
  for (let i = at + digits - 1, v = value; i >= at; i--, v = Math.floor(v / 10)) out[i] = 48 + (v % 10);
  return at + digits;
}

/** A buffer a caller that is done with each rendering before the next (the file sink) lends to renderJson. */
export interface Scratch {
  buffer: Buffer;
}

/**
 * The batch as text: one JSON object per line (`ndjson`, each line ending in `\n`) or one JSON
 * array; with a stamp, each object opens with the annotation fields, and with `weight` when sampled.
 * With `scratch`, the result lives in its buffer (grown when needed) until the next call.
 */
export function renderJson(batch: RecordBatch, stamp: Stamp | undefined, framing: Framing, scratch?: Scratch): Uint8Array {
  // Records that carry their stamp already (written as they were rendered) are not annotated twice.
  if (batch.stamp) stamp = undefined;
  const { head, time } = stamp ? stampFields(stamp) : { head: undefined, time: undefined };
  // Without annotation fields before it, `weight` opens the object.
  const weightKey = encoder.encode(stamp ? ',"weight":' : '"weight":');
  const perRecord = 1 + (head?.length ?? 0) + (time?.length ?? 0) + 16 + (batch.weights ? weightKey.length + 10 : 0) + 2;
  const size = batch.data.byteLength + batch.count * perRecord + 2;
  if (scratch && scratch.buffer.length < size) scratch.buffer = Buffer.allocUnsafe(size);
  const out = scratch ? scratch.buffer : Buffer.allocUnsafe(size);
  // Buffer.copy: no view object per record.
  const data = Buffer.from(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength);
  let at = 0;
  if (framing === 'json-array') out[at++] = 0x5b;
  for (let i = 0; i < batch.count; i++) {
    if (framing === 'json-array' && i > 0) out[at++] = 0x2c;
    const start = recordStart(batch, i);
    const end = batch.ends[i]!;
    const weight = batch.weights?.[i];
    if ((stamp || weight !== undefined) && batch.data[start] === OPEN_BRACE) {
      out[at++] = OPEN_BRACE;
      if (stamp) {
        out.set(head!, at);
        at = writeUint(out, at + head!.length, stamp.firstSequence + i);
        out.set(time!, at);
        at += time!.length;
      }
      if (weight !== undefined) {
        out.set(weightKey, at);
        at = writeUint(out, at + weightKey.length, weight);
      }
      // `{}` needs no comma before its closing brace.
      if (end - start > 2) out[at++] = 0x2c;
      at += data.copy(out, at, start + 1, end);
    } else {
      at += data.copy(out, at, start, end);
    }
    if (framing === 'ndjson') out[at++] = 0x0a;
  }
  if (framing === 'json-array') out[at++] = 0x5d;
  return out.subarray(0, at);
}

/**
 * The batch's own bytes when they already are what `renderJson` would make (NDJSON lines, nothing
 * to add): no copy. They stay the caller's: valid as long as the batch is (until its send ends).
 */
export function linesAsIs(batch: RecordBatch, stamp: Stamp | undefined, framing: Framing): Uint8Array | undefined {
  if (!batch.newlines || (stamp && stamp !== batch.stamp) || batch.weights || framing !== 'ndjson' || batch.count === 0) return undefined;
  return batch.data.subarray(0, batch.ends[batch.count - 1]! + 1);
}

/** The annotations of record i as Kafka record headers. */
export function stampHeaders(stamp: Stamp, index: number, weight: number | undefined): Record<string, string> {
  const headers: Record<string, string> = { producer_id: stamp.producerId, sequence: String(stamp.firstSequence + index), timestamp: String(stamp.timestampMs) };
  if (weight !== undefined) headers.weight = String(weight);
  return headers;
}

/**
 * Producers of one run, each with its own gap-free sequence. A slot is held by one send at a
 * time, and its sequence advances only when the target has the batch, so a retried batch keeps
 * its numbers and the delivered sequences of a producer have no gap and no duplicate.
 */
export class ProducerSlots {
  private readonly next: number[];
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  constructor(private readonly prefix: string, count: number) {
    this.next = new Array<number>(count).fill(0);
    this.free = Array.from({ length: count }, (_, i) => count - 1 - i);
  }

  id(slot: number): string {
    return `${this.prefix}-${slot}`;
  }

  /** Holds a free slot for one send. */
  async acquire(): Promise<number> {
    const slot = this.free.pop();
    return slot ?? new Promise<number>((resolve) => this.waiting.push(resolve));
  }

  stamp(slot: number, timestampMs: number): Stamp {
    return { producer: slot, producerId: this.id(slot), firstSequence: this.next[slot]!, timestampMs };
  }

  /** Ends a send; `delivered` records advance the slot's sequence. */
  release(slot: number, delivered: number): void {
    this.next[slot]! += delivered;
    const waiter = this.waiting.shift();
    if (waiter) waiter(slot);
    else this.free.push(slot);
  }
}
