/**
 * The reading half of a replay: each unit's batches, skipping acknowledged ones, encoded by the
 * table's encoder (gzip optional) and handed to the pipeline, which pushes back when it is full.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Checkpoint } from '../send/checkpoint.js';
import { readLines } from '../read/lines.js';
import type { Pipeline } from '../send/pipeline.js';
import type { PlannedUnit } from '../read/plan.js';
import type { DatasetReader } from '../read/reader.js';
import type { ReadOptions } from '../read/sql.js';
import type { EncodeContext, EncodedRequest, ReplayTarget, TableEncoder, TargetOptionValues } from '../types.js';
import type { ReplayTable } from '../read/types.js';

const gzipAsync = promisify(gzip);

/** One encoder per table; time expressions carry the --shift-to-now offset. */
export async function createEncoders(
  target: ReplayTarget,
  tables: ReplayTable[],
  all: ReplayTable[],
  reader: DatasetReader,
  shiftMs: number,
  targetOptions: TargetOptionValues,
): Promise<Map<string, TableEncoder>> {
  const encoders = new Map<string, TableEncoder>();
  for (const table of tables) {
    const time = `r."${table.spec.timeColumn!}"`;
    const context: EncodeContext = {
      sql: reader,
      targetOptions,
      timeMsSql: `(epoch_ms(${time}) + ${shiftMs})`,
      timeTextSql: `strftime(epoch_ms(epoch_ms(${time}) + ${shiftMs}), '%Y-%m-%dT%H:%M:%S.%gZ')`,
    };
    encoders.set(table.spec.name, await target.createEncoder(table, all, context));
  }
  return encoders;
}

export interface ProduceOptions {
  units: PlannedUnit[];
  encoders: Map<string, TableEncoder>;
  reader: DatasetReader;
  checkpoint: Checkpoint;
  pipeline: Pipeline;
  gzip: boolean;
  read: ReadOptions;
}

/** Encodes each batch as it is read (a batch's buffers are reused for the next one). */
async function* mapBatches<B extends { index: number; firstTimeMs: number }>(
  batches: AsyncIterable<B>,
  encode: (batch: B) => EncodedRequest,
): AsyncGenerator<{ batch: B; request: EncodedRequest }> {
  for await (const batch of batches) yield { batch, request: encode(batch) };
}

export async function produce({ units, encoders, reader, checkpoint, pipeline, gzip: compress, read }: ProduceOptions): Promise<void> {
  for (const unit of units) {
    if (!pipeline.open) break;
    if (checkpoint.isDone(unit.id)) continue;
    const encoder = encoders.get(unit.table.spec.name)!;
    let batches = 0;
    const skip = (index: number) => checkpoint.isAcked(unit.id, index);
    const onEnd = (count: number) => (batches = count);
    const requests =
      encoder.kind === 'rows'
        ? mapBatches(reader.read(unit, encoder.columns, encoder.join ?? '', read, skip, onEnd), (batch) => encoder.encode(batch.rows))
        : mapBatches(readLines(reader, unit, encoder, read, skip, onEnd), (batch) => encoder.request(batch.body, batch.rows));
    for await (const { batch, request: encoded } of requests) {
      let request = encoded;
      if (compress) request = { ...request, headers: { ...request.headers, 'Content-Encoding': 'gzip' }, body: await gzipAsync(request.body, { level: 1 }) };
      if (!(await pipeline.submit({ unit: unit.id, index: batch.index, request, firstTimeMs: batch.firstTimeMs }))) break;
    }
    if (pipeline.open && batches > 0) checkpoint.setBatchCount(unit.id, batches);
  }
}
