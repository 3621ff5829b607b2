/** Output formats and Parquet profiles, apart from the writers so that the CLI can check its options without loading them. */
export type OutputFormat = 'parquet' | 'jsonl';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['parquet', 'jsonl'];

/**
 * Which encodings the files may use. `modern`: DELTA_BINARY_PACKED for the columns a table
 * declares sorted, BYTE_STREAM_SPLIT for its values (smaller files). `compat`: PLAIN and
 * dictionary only, which every Parquet reader has read for a decade (Spark's vectorized reader
 * got DELTA_BINARY_PACKED in 3.3 and a BYTE_STREAM_SPLIT decoder only in 2026, SPARK-56894).
 */
export const PARQUET_PROFILES = ['modern', 'compat'] as const;
export type ParquetProfile = (typeof PARQUET_PROFILES)[number];
