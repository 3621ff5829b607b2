/** Output formats, apart from the writers so that the CLI can check `--format` without loading them. */
export type OutputFormat = 'parquet' | 'jsonl';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['parquet', 'jsonl'];
