/**
 * The Parquet file writer: row groups of up to 1M rows, V1 data pages of up to 128k rows, each
 * page compressed on its own, statistics for ordered numeric columns, FileMetaData at the end.
 * Everything is a function of the table's bytes, so the same table always gives the same file.
 */
import type { Data, Table } from 'apache-arrow';
import { ByteWriter } from './bytes.js';
import { ChunkCache, type ChunkFacts } from './chunk-cache.js';
import { Codec, Encoding, PageType } from './format.js';
import type { Leaf, PageBody } from './leaf.js';
import { describeColumn, type EncodingOf, type SchemaNode } from './schema.js';
import { ThriftWriter } from './thrift.js';
import { zstdCompress } from './zstd.js';

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);
const ROW_GROUP_ROWS = 1 << 20;
const PAGE_ROWS = 1 << 17;
const SMALL_CHUNK_BYTES = 1024;
/** Pinned so that files do not change with the tool's version. */
const CREATED_BY = 'teleforge';

interface ColumnChunk extends ChunkFacts {
  leaf: Leaf;
  start: number;
  dictionaryOffset?: number;
  dataOffset: number;
}

interface RowGroup {
  rows: number;
  chunks: ColumnChunk[];
}

export interface WriteOptions {
  codec: Codec;
  encodingOf: EncodingOf;
  /** Keep the flat columns' encoded chunks for the next file, which repeats some of them. */
  keepChunks?: boolean;
  /** Layout; the defaults are what the compiler writes (tests use small ones). */
  rowGroupRows?: number;
  pageRows?: number;
}

// Reused from file to file: a compile writes thousands of files per process.
const file = new ByteWriter(1 << 20);
const body = new ByteWriter(1 << 20);
const dictionaryBody = new ByteWriter(1 << 16);
const encoded = new ChunkCache();

/** Column chunks copied from an earlier file so far in this process (tests read it). */
export function reusedChunks(): number {
  return encoded.hits;
}

/** The file's bytes: a view of a reused buffer, valid until the next call (copy it to keep it). */
export function writeParquet(table: Table, options: WriteOptions): Uint8Array {
  file.reset().append(MAGIC);
  encoded.startFile();
  const thrift = new ThriftWriter(file);
  const fields = table.schema.fields;
  const nodes: SchemaNode[] = [{ name: 'schema', children: fields.length }];
  for (const field of fields) nodes.push(...describeColumn(field, null, options.encodingOf).nodes);
  const rowGroups: RowGroup[] = [];
  const groupRows = options.rowGroupRows ?? ROW_GROUP_ROWS;
  for (const batch of table.batches) {
    if (batch.numRows === 0) continue;
    const columns = fields.map((field, column) => {
      const data = batch.data.children[column]!;
      return { data, leaves: describeColumn(field, data, options.encodingOf).leaves, layout: `${options.encodingOf(field.name)}|${field.nullable}|${options.codec}|${options.pageRows ?? PAGE_ROWS}` };
    });
    for (let from = 0; from < batch.numRows; from += groupRows) {
      const to = Math.min(batch.numRows, from + groupRows);
      const chunks = columns.flatMap(({ data, leaves, layout }) =>
        // Nested columns (maps) have several leaves from one data: they are never shared, and not cached.
        leaves.length === 1 ? [cachedChunk(thrift, data, leaves[0]!, `${layout}|${from}|${to}`, from, to, options)] : leaves.map((leaf) => writeChunk(thrift, leaf, from, to, options)),
      );
      rowGroups.push({ rows: to - from, chunks });
    }
  }
  const leafCount = nodes.filter((node) => node.type !== undefined).length;
  const metadataStart = file.length;
  writeFileMetaData(thrift, nodes, rowGroups, leafCount, table.numRows);
  file.uint32(file.length - metadataStart);
  file.append(MAGIC);
  return file.view8();
}

/** The chunk of a flat column: copied from the previous file if it kept one of the same data encoded the same way, else written. */
function cachedChunk(thrift: ThriftWriter, data: Data, leaf: Leaf, layout: string, from: number, to: number, options: WriteOptions): ColumnChunk {
  const start = file.length;
  const known = encoded.get(data, layout);
  if (known) {
    file.append(known.bytes);
    const { bytes: _bytes, dictionaryOffset, dataOffset, ...counts } = known;
    return { leaf, start, ...counts, dictionaryOffset: dictionaryOffset === undefined ? undefined : start + dictionaryOffset, dataOffset: start + dataOffset };
  }
  const chunk = writeChunk(thrift, leaf, from, to, options);
  if (!options.keepChunks) return chunk;
  const { leaf: _leaf, start: _start, dictionaryOffset, dataOffset, ...counts } = chunk;
  encoded.put(data, layout, {
    ...counts,
    bytes: file.bytes.subarray(start, file.length),
    dictionaryOffset: dictionaryOffset === undefined ? undefined : dictionaryOffset - start,
    dataOffset: dataOffset - start,
  });
  return chunk;
}

function writeChunk(thrift: ThriftWriter, leaf: Leaf, from: number, to: number, options: WriteOptions): ColumnChunk {
  const pageRows = options.pageRows ?? PAGE_ROWS;
  leaf.beginChunk();
  const chunk: ColumnChunk = {
    leaf, codec: options.codec, start: file.length, dataOffset: 0, values: 0, nulls: 0, uncompressed: 0, compressed: 0, encodings: new Set([Encoding.RLE]), stats: null,
  };
  const entries = leaf.dictionary ? leaf.dictionary(dictionaryBody.reset()) : 0;
  const firstPage = leaf.page(body.reset(), from, Math.min(to, from + pageRows));
  // A compression call costs ~10 µs whatever the size: small single-page chunks (a few hundred
  // rows of a low-cardinality column) are worth more stored as they are. The codec is per chunk.
  if (to - from <= pageRows && dictionaryBody.length + body.length < SMALL_CHUNK_BYTES) chunk.codec = Codec.UNCOMPRESSED;
  if (leaf.dictionary) {
    chunk.dictionaryOffset = file.length;
    writePage(thrift, chunk, dictionaryBody, (h) => h.struct(7, (d) => d.i32(1, entries).i32(2, Encoding.PLAIN)));
    chunk.encodings.add(Encoding.PLAIN);
  }
  chunk.dataOffset = file.length;
  for (let page = from; page < to; page += pageRows) {
    const info: PageBody = page === from ? firstPage : leaf.page(body.reset(), page, Math.min(to, page + pageRows));
    chunk.values += info.values;
    chunk.nulls += info.nulls;
    chunk.encodings.add(info.encoding);
    writePage(thrift, chunk, body, (h) => h.struct(5, (d) => d.i32(1, info.values).i32(2, info.encoding).i32(3, Encoding.RLE).i32(4, Encoding.RLE)));
  }
  chunk.stats = leaf.chunkStats();
  return chunk;
}

/** Compresses a page body and appends header + data to the file. */
function writePage(thrift: ThriftWriter, chunk: ColumnChunk, page: ByteWriter, pageHeader: (header: ThriftWriter) => void): void {
  const raw = page.view8();
  const data = chunk.codec === Codec.ZSTD ? zstdCompress(raw) : raw;
  const headerStart = file.length;
  const isDictionary = chunk.dictionaryOffset === headerStart;
  thrift.message((h) => {
    h.i32(1, isDictionary ? PageType.DICTIONARY_PAGE : PageType.DATA_PAGE).i32(2, raw.length).i32(3, data.length);
    pageHeader(h);
  });
  const headerLength = file.length - headerStart;
  file.append(data);
  chunk.uncompressed += headerLength + raw.length;
  chunk.compressed += headerLength + data.length;
}

function writeFileMetaData(thrift: ThriftWriter, nodes: SchemaNode[], rowGroups: RowGroup[], leafCount: number, rows: number): void {
  thrift.message((m) => {
    m.i32(1, 1);
    m.structList(2, nodes, (s, node) => {
      if (node.type !== undefined) s.i32(1, node.type);
      if (node.repetition !== undefined) s.i32(3, node.repetition);
      s.binary(4, node.name);
      if (node.children !== undefined) s.i32(5, node.children);
      if (node.converted !== undefined) s.i32(6, node.converted);
      if (node.logical) s.struct(10, node.logical);
    });
    m.i64(3, rows);
    m.structList(4, rowGroups, (g, group) => {
      g.structList(1, group.chunks, (c, chunk) => writeColumnChunk(c, chunk));
      g.i64(2, group.chunks.reduce((total, chunk) => total + chunk.uncompressed, 0));
      g.i64(3, group.rows);
      g.i64(5, group.chunks[0]?.start ?? 0);
      g.i64(6, group.chunks.reduce((total, chunk) => total + chunk.compressed, 0));
    });
    m.binary(6, CREATED_BY);
    m.structList(7, Array.from({ length: leafCount }), (order) => order.struct(1, () => {}));
  });
}

function writeColumnChunk(c: ThriftWriter, chunk: ColumnChunk): void {
  c.i64(2, chunk.start);
  c.struct(3, (meta) => {
    meta.i32(1, chunk.leaf.type);
    meta.i32List(2, [...chunk.encodings].sort((a, b) => a - b));
    meta.binaryList(3, chunk.leaf.path);
    meta.i32(4, chunk.codec);
    meta.i64(5, chunk.values);
    meta.i64(6, chunk.uncompressed);
    meta.i64(7, chunk.compressed);
    meta.i64(9, chunk.dataOffset);
    if (chunk.dictionaryOffset !== undefined) meta.i64(11, chunk.dictionaryOffset);
    meta.struct(12, (stats) => {
      stats.i64(3, chunk.nulls);
      if (chunk.stats) stats.binary(5, chunk.stats.max).binary(6, chunk.stats.min);
    });
  });
}
