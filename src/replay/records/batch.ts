/**
 * Records as the producer targets (kafka, http, file, stdout) see them: the values of one batch
 * back to back in one buffer with their end offsets, an optional partition key per record and an
 * optional weight per record (--sample). Values are JSON objects, one line each, never holding a
 * newline: every target can frame them as lines.
 */
/** What `--annotate` adds to each record of a batch (records/annotate.ts). */
export interface Stamp {
  /** Index of the producer in its run (0 … producers − 1). */
  producer: number;
  producerId: string;
  /** Sequence of the batch's first record; record i has firstSequence + i. */
  firstSequence: number;
  timestampMs: number;
}

export interface RecordBatch {
  /** Value bytes of every record, back to back (no separators). */
  data: Uint8Array;
  /** End offset of record i in `data`; it starts where record i-1 ends. */
  ends: Uint32Array;
  count: number;
  /** Partition key of each record (the entity: series, trace, server), when the source has one. */
  keys?: string[];
  /** How many source records each record stands for (--sample), when sampled. */
  weights?: Uint32Array;
  /**
   * Each value is followed by a newline in `data` (not part of the value): the batch is already
   * NDJSON lines, which a target can write as they are (see `linesAsIs`). Synthetic payloads are
   * made so; record i then starts one byte after record i − 1 ends.
   */
  newlines?: boolean;
  /** The annotations its records carry already as JSON fields (a producer wrote them in as it rendered them). */
  stamp?: Stamp;
  /** Bytes of those fields in `data`: not payload, so not counted by `recordBytes`. */
  stampBytes?: number;
}

const NEWLINE = 0x0a;
/** Separates a line's key from its value in framed bodies: ASCII unit separator, never unescaped in JSON. */
export const KEY_SEPARATOR = 0x1f;

export function recordStart(batch: RecordBatch, index: number): number {
  return index === 0 ? 0 : batch.ends[index - 1]! + (batch.newlines ? 1 : 0);
}

/** Bytes of the values (newlines and annotation fields not counted): what --rate's bytes and the byte counters measure. */
export function recordBytes(batch: RecordBatch): number {
  return batch.count === 0 ? 0 : batch.ends[batch.count - 1]! - (batch.newlines ? batch.count - 1 : 0) - (batch.stampBytes ?? 0);
}

/**
 * Splits a body of lines into a batch: `value \n`, or with keys `key \x1f value \n` (as the
 * kafka target's encoder renders them). The values are copied once into one buffer; keys are
 * decoded as UTF-8.
 */
export function splitFramed(body: Uint8Array, withKeys: boolean): RecordBatch {
  const data = new Uint8Array(body.byteLength);
  let lines = 0;
  for (let i = body.indexOf(NEWLINE); i >= 0; i = body.indexOf(NEWLINE, i + 1)) lines++;
  const ends = new Uint32Array(lines);
  const keys: string[] | undefined = withKeys ? new Array<string>(lines) : undefined;
  const decoder = new TextDecoder();
  let size = 0;
  let start = 0;
  for (let line = 0; line < lines; line++) {
    const end = body.indexOf(NEWLINE, start);
    let valueStart = start;
    if (keys) {
      const separator = body.subarray(start, end).indexOf(KEY_SEPARATOR);
      valueStart = separator < 0 ? start : start + separator + 1;
      keys[line] = decoder.decode(body.subarray(start, Math.max(start, valueStart - 1)));
    }
    data.set(body.subarray(valueStart, end), size);
    size += end - valueStart;
    ends[line] = size;
    start = end + 1;
  }
  return { data: data.subarray(0, size), ends, count: lines, keys };
}

/**
 * One record in `every`, carrying a weight of the records it stands for: record i·every weighs
 * min(every, count − i·every), so the weights of a batch add up to its count.
 */
export function sampleBatch(batch: RecordBatch, every: number): RecordBatch {
  if (every <= 1) return batch;
  const count = Math.ceil(batch.count / every);
  const ends = new Uint32Array(count);
  const weights = new Uint32Array(count);
  const keys: string[] | undefined = batch.keys ? new Array<string>(count) : undefined;
  let size = 0;
  for (let i = 0; i < count; i++) size += batch.ends[i * every]! - recordStart(batch, i * every);
  const data = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const source = i * every;
    const start = recordStart(batch, source);
    data.set(batch.data.subarray(start, batch.ends[source]), at);
    at += batch.ends[source]! - start;
    ends[i] = at;
    weights[i] = Math.min(every, batch.count - source);
    if (keys) keys[i] = batch.keys![source]!;
  }
  return { data, ends, count, keys, weights };
}
