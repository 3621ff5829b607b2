/**
 * The baseline of the compile benchmark: parquet-wasm alone encoding an already-built narrow
 * table (series_id, ts, value) with zstd on one core, in 1M-row chunks as a compile writes them.
 */
import { Table, TimestampMillisecond, makeData, makeVector, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import seedrandom from 'seedrandom';
import type { BenchRow } from './bench-compile.js';
import { peakRssBytes } from '../../src/run/memory.js';

const CHUNK = 1_000_000;
const STEPS_PER_SERIES = 5_760;

function narrowChunk(first: number, rows: number): Table {
  const seriesIds = new Uint32Array(rows);
  const timestamps = new BigInt64Array(rows);
  const values = new Float64Array(rows);
  const random = seedrandom.alea(`baseline:${first}`);
  let level = 100;
  for (let i = 0; i < rows; i++) {
    const row = first + i;
    seriesIds[i] = Math.floor(row / STEPS_PER_SERIES);
    timestamps[i] = BigInt(1_767_225_600_000 + (row % STEPS_PER_SERIES) * 15_000);
    level += random() - 0.5;
    values[i] = level;
  }
  return new Table({
    series_id: makeVector(seriesIds),
    ts: makeVector(makeData({ type: new TimestampMillisecond(), length: rows, data: timestamps })),
    value: makeVector(values),
  });
}

export function encodeNarrowBaseline(totalRows: number): BenchRow {
  let seconds = 0;
  let bytes = 0;
  for (let first = 0; first < totalRows; first += CHUNK) {
    const table = narrowChunk(first, Math.min(CHUNK, totalRows - first));
    const began = performance.now();
    const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
    bytes += parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), props).byteLength;
    seconds += (performance.now() - began) / 1000;
  }
  return {
    workload: 'baseline: parquet-wasm narrow table, 1 core',
    rows: totalRows,
    seconds,
    rowsPerSecond: totalRows / seconds,
    bytes,
    bytesPerSecond: bytes / seconds,
    peakRssMiB: peakRssBytes() / 2 ** 20,
  };
}
