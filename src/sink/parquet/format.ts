/** Parquet enum values (parquet.thrift) used by the writer. */
export const enum PhysicalType {
  BOOLEAN = 0,
  INT32 = 1,
  INT64 = 2,
  DOUBLE = 5,
  BYTE_ARRAY = 6,
}

export const enum Encoding {
  PLAIN = 0,
  RLE = 3,
  DELTA_BINARY_PACKED = 5,
  RLE_DICTIONARY = 8,
  BYTE_STREAM_SPLIT = 9,
}

export const enum Repetition {
  REQUIRED = 0,
  OPTIONAL = 1,
  REPEATED = 2,
}

export const enum ConvertedType {
  UTF8 = 0,
  MAP = 1,
  TIMESTAMP_MILLIS = 9,
  TIMESTAMP_MICROS = 10,
  UINT_64 = 14,
}

export const enum PageType {
  DATA_PAGE = 0,
  DICTIONARY_PAGE = 2,
}

export const enum Codec {
  UNCOMPRESSED = 0,
  ZSTD = 6,
}
