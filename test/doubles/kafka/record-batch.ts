/**
 * Kafka message format v2 (the "Message Format" page of the Kafka docs): the RECORDS field of a
 * Produce request holds one or more record batches. Each is checked as a broker does — magic 2,
 * batchLength consistent with the bytes, CRC-32C over attributes…end — and its records are
 * decoded from their varints (length, attributes, timestampDelta, offsetDelta, key, value,
 * headers). Compression: none and gzip (codec 1); other codecs are refused.
 */
import { gunzipSync } from 'node:zlib';
import { crc32c } from './crc32c.js';
import { WireReader } from './wire.js';

export interface DecodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestampMs: number;
  offsetDelta: number;
}

export interface DecodedBatch {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  transactional: boolean;
  /** Compression codec of the batch: 0 none, 1 gzip. */
  codec: number;
  records: DecodedRecord[];
}

export class CorruptBatchError extends Error {}

export function decodeRecordBatches(bytes: Buffer): DecodedBatch[] {
  const batches: DecodedBatch[] = [];
  const reader = new WireReader(bytes);
  while (reader.remaining > 0) {
    if (reader.remaining < 61) throw new CorruptBatchError(`record batch: ${reader.remaining} trailing bytes, shorter than a batch header (61)`);
    reader.int64(); // baseOffset: the broker assigns offsets
    const batchLength = reader.int32();
    if (batchLength < 49 || batchLength > reader.remaining) throw new CorruptBatchError(`record batch: batchLength ${batchLength} does not fit the ${reader.remaining} bytes left`);
    const batch = new WireReader(reader.raw(batchLength, 'record batch'));
    batch.int32(); // partitionLeaderEpoch
    const magic = batch.int8();
    if (magic !== 2) throw new CorruptBatchError(`record batch: magic ${magic}, only v2 (magic 2) is accepted`);
    const crc = batch.uint32();
    const computed = crc32c(batch.bytes.subarray(batch.offset));
    if (crc !== computed) throw new CorruptBatchError(`record batch: CRC-32C mismatch (header ${crc.toString(16)}, computed ${computed.toString(16)})`);
    const attributes = batch.int16();
    const lastOffsetDelta = batch.int32();
    const baseTimestamp = Number(batch.int64());
    batch.int64(); // maxTimestamp
    const producerId = batch.int64();
    const producerEpoch = batch.int16();
    const baseSequence = batch.int32();
    const count = batch.int32();
    const codec = attributes & 0x07;
    if (attributes & 0x20) throw new CorruptBatchError('record batch: control batches are not produced by clients');
    let body = batch.bytes.subarray(batch.offset);
    if (codec === 1) body = gunzipSync(body);
    else if (codec !== 0) throw new CorruptBatchError(`record batch: compression codec ${codec} is not supported by the double (none, gzip)`);
    const records = decodeRecords(new WireReader(body), count, baseTimestamp);
    if (count > 0 && records[records.length - 1]!.offsetDelta !== lastOffsetDelta) {
      throw new CorruptBatchError(`record batch: lastOffsetDelta ${lastOffsetDelta} but the last record has offsetDelta ${records[records.length - 1]!.offsetDelta}`);
    }
    batches.push({ producerId, producerEpoch, baseSequence, lastOffsetDelta, transactional: (attributes & 0x10) !== 0, codec, records });
  }
  return batches;
}

function decodeRecords(reader: WireReader, count: number, baseTimestamp: number): DecodedRecord[] {
  const records: DecodedRecord[] = [];
  for (let i = 0; i < count; i++) {
    const length = reader.varint();
    const end = reader.offset + length;
    reader.int8(); // attributes (unused)
    const timestampMs = baseTimestamp + reader.varint();
    const offsetDelta = reader.varint();
    if (offsetDelta !== i) throw new CorruptBatchError(`record ${i}: offsetDelta ${offsetDelta}, expected ${i}`);
    const key = varBytes(reader);
    const value = varBytes(reader);
    const headers: Record<string, string> = {};
    const headerCount = reader.varint();
    for (let h = 0; h < headerCount; h++) {
      const name = varBytes(reader);
      if (name === null) throw new CorruptBatchError(`record ${i}: null header key`);
      headers[name.toString('utf8')] = varBytes(reader)?.toString('utf8') ?? '';
    }
    if (reader.offset !== end) throw new CorruptBatchError(`record ${i}: length ${length} does not match its fields (${length + end - reader.offset})`);
    records.push({ key, value, headers, timestampMs, offsetDelta });
  }
  if (reader.remaining !== 0) throw new CorruptBatchError(`record batch: ${reader.remaining} bytes after ${count} records`);
  return records;
}

function varBytes(reader: WireReader): Buffer | null {
  const length = reader.varint();
  return length < 0 ? null : Buffer.from(reader.raw(length, 'record field'));
}
